import Foundation
import RDInterchange

/// Where the CLI writes: results on stdout, errors and progress on stderr.
enum Terminal {
    /// Whether stderr is an interactive terminal (progress is shown only then).
    static let isStandardErrorInteractive = isatty(STDERR_FILENO) != 0

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    }

    static func printWarning(_ message: String) {
        FileHandle.standardError.write(Data("warning: \(message)\n".utf8))
    }

    /// Writes `text` to stdout.
    static func print(_ text: String) {
        FileHandle.standardOutput.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }
}

/// A progress line on stderr, redrawn in place; silent unless stderr is a terminal and not `--quiet`.
final class ProgressLine: @unchecked Sendable {
    private let isEnabled: Bool
    private var lastDraw = ContinuousClock.now
    private var drawn = false

    init(quiet: Bool) { isEnabled = !quiet && Terminal.isStandardErrorInteractive }

    /// Shows `text`, at most ten times a second.
    func update(_ text: String) {
        guard isEnabled else { return }
        let now = ContinuousClock.now
        guard !drawn || now - lastDraw > .milliseconds(100) else { return }
        lastDraw = now
        drawn = true
        FileHandle.standardError.write(Data("\r\u{1B}[2K\(text)".utf8))
    }

    /// Clears the line.
    func finish() {
        guard isEnabled, drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
        drawn = false
    }
}

/// Writes a text file all or nothing (through RDInterchange's one atomic writer), so a failed
/// command never leaves a partial output behind; a failure is exit 1.
func writeAtomically(_ text: String, to path: String) throws {
    do {
        try AtomicFile.write(Array(text.utf8), to: URL(fileURLWithPath: path))
    } catch {
        throw CommandFailure.failure(error.description)
    }
}
