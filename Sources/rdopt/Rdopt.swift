import ArgumentParser
import Foundation

/// The `rdopt` command line: parses options, calls the libraries, prints.
@main
struct Rdopt: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rdopt",
        abstract: "Certified rate–distortion optimisation and mixed-fidelity quantiser design.",
        discussion: """
            Solves min I(X;Y) under an average-distortion bound and per-element fidelity bounds to a \
            certified duality gap, traces R(D) curves, designs deployable quantisers and compresses data.
            Exit status: 0 success, 1 failure (or a refuted certificate), 2 bad input.
            """,
        version: "0.1.0",
        subcommands: [
            Demo.self, Solve.self, Verify.self, Curve.self, Design.self, Baseline.self,
            ToleranceSweep.self, Bound.self, Compress.self, Decompress.self,
        ])

    /// Runs the command; maps every error to `error: …` on stderr and the exit status of
    /// docs/cli.md. A write to a closed pipe fails with `EPIPE` instead of killing the process
    /// (`SIGPIPE` is ignored), so that it can be reported like any other failed write.
    static func main() {
        _ = signal(SIGPIPE, SIG_IGN)
        AllocatorTuning.apply()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let failure as CommandFailure {
            end(with: failure)
        } catch {
            let code = exitCode(for: error)
            let text = fullMessage(for: error)
            if code == .success || code.rawValue == 0 {
                // --help and --version: the text on stdout.
                do {
                    if !text.isEmpty { try Terminal.print(text) }
                } catch {
                    end(with: error)
                }
                Foundation.exit(0)
            }
            // Usage errors are bad input too: exit 2, `error: …` first (as every other error),
            // then ArgumentParser's usage lines.
            var message = text
            if message.hasPrefix("Error: ") {
                message = "error: " + message.dropFirst("Error: ".count)
            }
            if !message.isEmpty {
                do { try StandardStream.error.write(message + "\n") } catch {
                    // stderr is gone: the exit status is all that is left to report.
                }
            }
            Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }

    /// Prints `failure`'s message (if any, and if stderr still works) and exits with its status.
    private static func end(with failure: CommandFailure) -> Never {
        if !failure.message.isEmpty { Terminal.printError(failure.message) }
        Foundation.exit(failure.status)
    }
}
