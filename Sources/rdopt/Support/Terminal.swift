import Foundation

/// Where the CLI writes: results on stdout, errors and warnings on stderr (progress:
/// ``ProgressLine``).
///
/// A write that fails becomes a ``CommandFailure`` (exit 1) rather than a trap. When stdout is
/// a pipe whose reader has gone (`rdopt curve p.json | head -1`) the command ends quietly with
/// exit 1, the way a program killed by `SIGPIPE` ends without a message (docs/cli.md).
enum Terminal {
    /// Whether stderr is an interactive terminal (progress is shown only then).
    static let isStandardErrorInteractive = isatty(STDERR_FILENO) != 0

    /// Prints `error: message` on stderr.
    ///
    /// - Parameter message: The one-line message.
    /// - Returns: Whether stderr took it (there is nowhere left to report it if not).
    @discardableResult
    static func printError(_ message: String) -> Bool {
        do {
            try StandardStream.error.write("error: \(message)\n")
            return true
        } catch {
            return false
        }
    }

    /// Prints `warning: message` on stderr.
    ///
    /// - Parameter message: The one-line message.
    /// - Throws: ``CommandFailure`` (exit 1) if stderr cannot be written.
    static func printWarning(_ message: String) throws(CommandFailure) {
        do { try StandardStream.error.write("warning: \(message)\n") } catch {
            throw CommandFailure(error)
        }
    }

    /// Writes `text` to stdout, with a final newline.
    ///
    /// - Parameter text: The result.
    /// - Throws: ``CommandFailure`` (exit 1, silent for a broken pipe) if stdout cannot be
    ///   written.
    static func print(_ text: String) throws(CommandFailure) {
        try print(text, to: .output)
    }

    /// Writes `text` to `stream`, with a final newline: a command whose data goes to stdout
    /// (`compress --output -`) prints its figures on stderr instead.
    ///
    /// - Throws: ``CommandFailure`` (exit 1) if the stream cannot be written.
    static func print(_ text: String, to stream: StandardStream) throws(CommandFailure) {
        do {
            try stream.write(text.hasSuffix("\n") ? text : text + "\n")
        } catch {
            throw CommandFailure(error)
        }
    }

    /// Prints a command's figures: `document` (JSON) with `--json`, else `rows` as a table;
    /// on stderr when the command's own data went to stdout, so that the two do not mix.
    static func printFigures(
        json: Bool, document: @autoclosure () -> String,
        rows: @autoclosure () -> [(String, String)], dataOnStandardOutput: Bool
    ) throws {
        let stream: StandardStream = dataOnStandardOutput ? .error : .output
        if json {
            try print(document(), to: stream)
        } else {
            try print(Format.table(rows(), indent: 0), to: stream)
        }
    }
}
