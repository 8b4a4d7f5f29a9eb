import Foundation

/// A progress line on stderr, redrawn in place; silent unless stderr is a terminal and not
/// `--quiet`.
///
/// Progress is a courtesy: if stderr stops taking it (a closed terminal), the line stops being
/// drawn and the command goes on; errors are still reported through ``Terminal``.
final class ProgressLine: @unchecked Sendable {
    private var isEnabled: Bool
    private var lastDraw = ContinuousClock.now
    private var drawn = false

    /// A progress line that draws only when stderr is a terminal and `quiet` is false.
    init(quiet: Bool) { isEnabled = !quiet && Terminal.isStandardErrorInteractive }

    /// Shows `text`, at most ten times a second.
    func update(_ text: String) {
        guard isEnabled else { return }
        let now = ContinuousClock.now
        guard !drawn || now - lastDraw > .milliseconds(100) else { return }
        lastDraw = now
        drawn = true
        draw("\r\u{1B}[2K\(text)")
    }

    /// Clears the line.
    func finish() {
        guard isEnabled, drawn else { return }
        draw("\r\u{1B}[2K")
        drawn = false
    }

    /// Writes `text` to stderr; a failure turns the line off (see the type's comment).
    private func draw(_ text: String) {
        do { try StandardStream.error.write(text) } catch { isEnabled = false }
    }
}
