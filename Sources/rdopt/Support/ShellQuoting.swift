/// A word as a POSIX shell reads it back unchanged: left bare when it holds only characters no
/// shell treats specially, otherwise in single quotes (a quote inside written `'\''`).
func shellQuoted(_ word: String) -> String {
    let isSafe =
        !word.isEmpty
        && word.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII
                && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                    || "-_./=:,+@%".unicodeScalars.contains(scalar))
        }
    return isSafe ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
}

/// A command line that, pasted into a shell, runs `arguments` exactly.
func shellCommand(_ arguments: [String]) -> String {
    arguments.map(shellQuoted).joined(separator: " ")
}
