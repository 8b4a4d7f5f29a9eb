import Foundation
import Testing
import _TestSupport

/// A scratch folder holding `data` as a regular file `copy.FORMAT`.
private func folderWith(_ data: Data, format: String) throws -> ScratchFolder {
    let folder = try ScratchFolder("rdopt-input")
    try folder.write("copy.\(format)", data: data)
    return folder
}

/// Inputs read from a FIFO, a pipe on `/dev/stdin`, or `-` (docs/cli.md, "Inputs").
@Suite("Streamed inputs")
struct StreamedInputTests {
    @Test("a problem read from a FIFO")
    func problemFromAFIFO() throws {
        let folder = try ScratchFolder("rdopt-input")
        let fifo = try SpecialFiles.makeFIFO("p.json", in: folder)
        let writer = FIFOPeer.writer(fifo, bytes: Array(Problems.example.utf8))
        let run = try Rdopt.run(["solve", "p.json", "--json", "--quiet"], in: folder)
        writer.finish()
        #expect(run.status == 0, "\(run.standardError)")
        #expect(try Rdopt.jsonObject(run.standardOutput)["status"] as? String == "optimal")
    }

    @Test("a problem read from /dev/stdin and from -", arguments: ["/dev/stdin", "-"])
    func problemFromStandardInput(path: String) throws {
        let folder = try ScratchFolder("rdopt-input")
        let run = try Rdopt.run(
            ["solve", path, "--json", "--quiet"], in: folder,
            input: .pipe(Array(Problems.example.utf8)))
        #expect(run.status == 0, "\(run.standardError)")
        #expect(try Rdopt.jsonObject(run.standardOutput)["status"] as? String == "optimal")
    }

    @Test("CSV and raw float64 samples read from a FIFO", arguments: ["csv", "f64"])
    func samplesFromAFIFO(format: String) throws {
        let folder = try ScratchFolder("rdopt-input")
        let values = DataFiles.gaussian(count: 200)
        let data = format == "csv" ? DataFiles.csv(values) : DataFiles.float64(values)
        let fifo = try SpecialFiles.makeFIFO("d.\(format)", in: folder)
        let writer = FIFOPeer.writer(fifo, bytes: [UInt8](data))
        let run = try Rdopt.run(
            [
                "baseline", "d.\(format)", "--target-distortion", "0.1", "--method", "uniform",
                "--json", "--quiet",
            ], in: folder)
        writer.finish()
        #expect(run.status == 0, "\(run.standardError)")
        let summary = try Rdopt.jsonObject(run.standardOutput)
        #expect(summary["method"] as? String == "uniform")
        let witness = try Rdopt.run(
            [
                "baseline", format == "csv" ? "copy.csv" : "copy.f64", "--target-distortion",
                "0.1", "--method", "uniform", "--json", "--quiet",
            ], in: try folderWith(data, format: format))
        #expect(run.standardOutput == witness.standardOutput)
    }
}
