import Foundation
import Testing
import _TestSupport

/// Every command's `--help` ends with an example a newcomer can paste, and exits 0.
@Suite("Help")
struct HelpTests {
    static let commands = [
        "demo", "solve", "verify", "curve", "design", "tolerance-sweep", "baseline", "bound",
        "compress", "decompress",
    ]

    @Test("every command's --help shows an example invocation of that command", arguments: commands)
    func helpShowsAnExample(command: String) throws {
        let folder = try ScratchFolder("help")
        let run = try Rdopt.run([command, "--help"], in: folder)
        #expect(run.status == 0, "stderr: \(run.standardError)")
        #expect(run.standardOutput.contains("Example"), "no example in: \(run.standardOutput)")
        #expect(run.standardOutput.contains("rdopt \(command)"))
        // A listed value (`name - description`) never has an empty description.
        for line in run.standardOutput.split(separator: "\n") {
            #expect(!line.hasSuffix(" - ") && !line.hasSuffix(" -"), "\(command): \(line)")
        }
    }

    @Test("compress --help describes every predictor, linear interpolation included")
    func predictorsDescribed() throws {
        let folder = try ScratchFolder("help")
        let run = try Rdopt.run(["compress", "--help"], in: folder)
        for name in ["interpolation-linear", "interpolation-3d-linear", "linear-stencil"] {
            #expect(run.standardOutput.contains(name), "\(name) missing")
        }
        #expect(run.standardOutput.contains("the midpoint of the two nearest"))
    }
}
