import Foundation
import Testing
import _TestSupport

/// Failed writes to stdout and stderr end the command with a status, never a trap
/// (docs/cli.md, "Exit statuses and output").
@Suite("Standard streams")
struct StandardStreamTests {
    /// A trap shows up as a status above 128 or a backtrace on stderr.
    static func expectNoCrash(_ run: ProcessRun, sourceLocation: SourceLocation = #_sourceLocation)
    {
        #expect(run.status == 1 || run.status == 2, sourceLocation: sourceLocation)
        #expect(!run.standardError.contains("Fatal error"), sourceLocation: sourceLocation)
        #expect(!run.standardError.contains("backtrace"), sourceLocation: sourceLocation)
    }

    @Test("stdout on /dev/full: exit 1 and a message on stderr")
    func standardOutputOnAFullDevice() throws {
        let folder = try OutputDestinationTests.folderWithProblem()
        let solve = try Rdopt.run(
            ["solve", "p.json", "--certificate", "c.json", "--quiet"], in: folder)
        #expect(solve.status == 0, "\(solve.standardError)")
        let run = try Rdopt.run(
            ["verify", "p.json", "c.json"], in: folder, input: .captured, output: .file("/dev/full")
        )
        Self.expectNoCrash(run)
        #expect(run.status == 1)
        #expect(run.standardError.contains("cannot write to standard output: No space left"))
    }

    @Test("stderr on /dev/full with bad input: exit 2, no crash")
    func standardErrorOnAFullDevice() throws {
        let folder = try ScratchFolder("rdopt-streams")
        try folder.write("bad.json", "{")
        let run = try Rdopt.run(
            ["solve", "bad.json"], in: folder, input: .captured, error: .file("/dev/full"))
        Self.expectNoCrash(run)
        #expect(run.status == 2)
    }

    @Test("stdout into a pipe whose reader is gone: exit 1, nothing on stderr")
    func brokenPipeEndsQuietly() throws {
        let folder = try OutputDestinationTests.folderWithProblem()
        let run = try Rdopt.run(
            ["curve", "p.json", "--points", "3"], in: folder, input: .captured,
            output: .closedPipe)
        Self.expectNoCrash(run)
        #expect(run.status == 1)
        #expect(run.standardError.isEmpty)
    }
}
