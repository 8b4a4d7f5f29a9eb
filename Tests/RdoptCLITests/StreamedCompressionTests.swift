import Foundation
import Testing
import _TestSupport

/// `compress` and `decompress` read from standard input or a FIFO and write to standard
/// output (`-`), with the same bytes as from and to regular files (docs/cli.md).
@Suite("streamed compress and decompress")
struct StreamedCompressionTests {
    /// A folder with 5,000 Gaussian samples as `x.f64` and `x.npy`, and a uniform quantiser
    /// `q.json` (13 codewords, tolerance 0.3 beyond 2.5).
    static func folderWithData() throws -> ScratchFolder {
        let folder = try ScratchFolder("rdopt-streamed")
        let values = DataFiles.gaussian(count: 5_000)
        try folder.write("x.f64", data: DataFiles.float64(values))
        try folder.write("x.npy", data: DataFiles.npy(values))
        _ = try folder.write(
            "q.json",
            DataFiles.gaussianQuantizerJSON(important: #"{"rule": "abs>2.5", "tolerance": 0.3}"#))
        return folder
    }

    @Test(
        "compress - > file and compress FIFO give the bytes of compress FILE",
        arguments: ["f64", "npy"])
    func compressFromStandardInput(format: String) throws {
        let folder = try Self.folderWithData()
        let reference = try Rdopt.run(
            ["compress", "x.\(format)", "--quantizer", "q.json", "--output", "a.rdq", "--json"],
            in: folder)
        #expect(reference.status == 0, "\(reference.standardError)")
        let piped = try Rdopt.run(
            [
                "compress", "-", "--format", format, "--quantizer", "q.json", "--output", "-",
                "--json",
            ],
            in: folder, input: .file(folder.path("x.\(format)")),
            output: .file(try folder.write("b.rdq", "")))
        #expect(piped.status == 0, "\(piped.standardError)")
        #expect(try bytes(in: folder, "b.rdq") == bytes(in: folder, "a.rdq"))
        // The figures go to stderr when the file goes to stdout.
        let figures = try Rdopt.jsonObject(piped.standardError)
        let size = try bytes(in: folder, "a.rdq").count
        #expect(figures["bytes"] as? Int == size)
        let fifo = try SpecialFiles.makeFIFO("data.fifo", in: folder)
        let writer = FIFOPeer.writer(fifo, bytes: [UInt8](try bytes(in: folder, "x.\(format)")))
        let streamed = try Rdopt.run(
            [
                "compress", "data.fifo", "--format", format, "--quantizer", "q.json", "--output",
                "c.rdq",
            ],
            in: folder)
        writer.finish()
        #expect(streamed.status == 0, "\(streamed.standardError)")
        #expect(try bytes(in: folder, "c.rdq") == bytes(in: folder, "a.rdq"))
    }

    @Test("decompress - --output - gives the bytes of decompress FILE --output FILE")
    func decompressToStandardOutput() throws {
        let folder = try Self.folderWithData()
        #expect(
            try Rdopt.run(
                ["compress", "x.npy", "--quantizer", "q.json", "--output", "a.rdq"], in: folder
            )
            .status == 0)
        #expect(
            try Rdopt.run(["decompress", "a.rdq", "--output", "y.npy"], in: folder).status == 0)
        let piped = try Rdopt.run(
            ["decompress", "-", "--output", "-", "--format", "npy", "--json"], in: folder,
            input: .file(folder.path("a.rdq")), output: .file(try folder.write("z.npy", "")))
        #expect(piped.status == 0, "\(piped.standardError)")
        #expect(try bytes(in: folder, "z.npy") == bytes(in: folder, "y.npy"))
        let figures = try Rdopt.jsonObject(piped.standardError)
        let size = try bytes(in: folder, "a.rdq").count
        #expect(figures["bytes"] as? Int == size)
    }

    @Test("- without --format is exit 2 naming --format")
    func formatNeeded() throws {
        let folder = try Self.folderWithData()
        let compress = try Rdopt.run(
            ["compress", "-", "--quantizer", "q.json", "--output", "a.rdq"], in: folder,
            input: .file(folder.path("x.f64")))
        #expect(compress.status == 2)
        #expect(compress.standardError.contains("--format"))
        #expect(!folder.contains("a.rdq"))
        let decompress = try Rdopt.run(
            ["decompress", "a.rdq", "--output", "-"], in: folder, input: .captured)
        #expect(decompress.status == 2)
        #expect(decompress.standardError.contains("--format"))
    }

    @Test("a NaN at the end of standard input: exit 2, nothing on stdout, no file")
    func badInputLeavesNothing() throws {
        let folder = try Self.folderWithData()
        var values = DataFiles.gaussian(count: 5_000)
        values[4_990] = .nan
        try folder.write("bad.f64", data: DataFiles.float64(values))
        let run = try Rdopt.run(
            ["compress", "-", "--format", "f64", "--quantizer", "q.json", "--output", "-"],
            in: folder, input: .file(folder.path("bad.f64")))
        #expect(run.status == 2)
        #expect(run.standardOutput.isEmpty)
        #expect(run.standardError.contains("sample 4990"))
        #expect(try folder.contents().allSatisfy { !$0.contains(".rdopt-") })
    }

    @Test(
        "a failed write to stdout is exit 1 with a message", arguments: ["compress", "decompress"])
    func fullStandardOutput(command: String) throws {
        let folder = try Self.folderWithData()
        #expect(
            try Rdopt.run(
                ["compress", "x.f64", "--quantizer", "q.json", "--output", "a.rdq"], in: folder
            )
            .status == 0)
        let arguments =
            command == "compress"
            ? ["compress", "x.f64", "--quantizer", "q.json", "--output", "-"]
            : ["decompress", "a.rdq", "--output", "-", "--format", "f64"]
        let run = try Rdopt.run(arguments, in: folder, input: .captured, output: .file("/dev/full"))
        #expect(run.status == 1, "\(run.standardError)")
        #expect(run.standardError.contains("No space left on device"))
    }
}

/// The bytes of the file `name` in `folder`.
private func bytes(in folder: ScratchFolder, _ name: String) throws -> Data {
    try Data(contentsOf: folder.url.appendingPathComponent(name))
}
