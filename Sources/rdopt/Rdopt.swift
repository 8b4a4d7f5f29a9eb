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
            ToleranceSweep.self, Compress.self, Decompress.self,
        ])

    /// Runs the command; maps every error to `error: …` on stderr and the exit status of docs/cli.md.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let failure as CommandFailure {
            Terminal.printError(failure.message)
            Foundation.exit(failure.status)
        } catch {
            let code = exitCode(for: error)
            if code == .success || code.rawValue == 0 {
                exit(withError: error)
            }
            // Usage errors are bad input too: exit 2, `error: …` first (as every other error),
            // then ArgumentParser's usage lines.
            var text = fullMessage(for: error)
            if text.hasPrefix("Error: ") { text = "error: " + text.dropFirst("Error: ".count) }
            FileHandle.standardError.write(Data((text + "\n").utf8))
            Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}
