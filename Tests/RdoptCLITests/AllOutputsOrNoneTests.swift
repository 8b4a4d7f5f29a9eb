import Foundation
import Testing
import _TestSupport

/// A command's outputs appear together or not at all (docs/cli.md, "Output files").
@Suite("All outputs or none")
struct AllOutputsOrNoneTests {
    @Test("a failing second output leaves no first output and no temporary file")
    func failingSecondOutputLeavesNothing() throws {
        let folder = try OutputDestinationTests.folderWithProblem()
        let run = try Rdopt.run(
            [
                "solve", "p.json", "--output", "o.json", "--certificate", "missing/c.json",
                "--quiet",
            ],
            in: folder)
        #expect(run.status == 1)
        #expect(run.standardError.contains("'missing/c.json'"))
        #expect(try folder.contents() == ["p.json"])
    }

    @Test("a failing second output leaves a pre-existing first output untouched")
    func failingSecondOutputKeepsTheOldFirst() throws {
        let folder = try OutputDestinationTests.folderWithProblem()
        try folder.write("o.json", "old")
        let run = try Rdopt.run(
            ["curve", "p.json", "--points", "3", "--output", "o.json", "--plot", "missing/c.svg"],
            in: folder)
        #expect(run.status == 1)
        #expect(run.standardError.contains("'missing/c.svg'"))
        #expect(try folder.read("o.json") == "old")
        #expect(try folder.contents() == ["o.json", "p.json"])
    }

    @Test("both outputs appear when both can be written")
    func bothOutputsAppear() throws {
        let folder = try OutputDestinationTests.folderWithProblem()
        let run = try Rdopt.run(
            ["solve", "p.json", "--output", "o.json", "--certificate", "c.json", "--quiet"],
            in: folder)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(try folder.contents() == ["c.json", "o.json", "p.json"])
    }
}
