import Foundation
import Testing
import _TestSupport

/// The compact container through the command line: old files refused, float32 kept, the
/// provenance optional.
extension CompressCLITests {
    @Test("a version-1 .rdq file is refused by name with exit 2, and nothing is written")
    func versionOneRefused() throws {
        let fixture = Rdopt.repositoryRoot.appendingPathComponent(
            "Tests/SampleCompressionTests/Fixtures/version1.rdq")
        let outcome = try run(["decompress", fixture.path, "--output", "out.csv"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("version 1 .rdq file"), "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1)
        #expect(try files().isEmpty)
    }

    @Test("float32 input decompresses to float32 (.f32 and .npy)")
    func float32RoundTrip() throws {
        let values = try writeInputs(count: 1_000)
        try Data(float32Bytes(values.map { Float($0) })).write(
            to: folder.appendingPathComponent("x.f32"))
        let compressed = try run([
            "compress", "x.f32", "--quantizer", "q.json", "--output", "x.rdq",
        ])
        #expect(compressed.status == 0, "\(compressed.stderr)")
        #expect(try run(["decompress", "x.rdq", "--output", "y.f32"]).status == 0)
        #expect(try Data(contentsOf: folder.appendingPathComponent("y.f32")).count == 4_000)
        #expect(try run(["decompress", "x.rdq", "--output", "y.npy"]).status == 0)
        let npy = try Data(contentsOf: folder.appendingPathComponent("y.npy"))
        #expect(String(decoding: npy.prefix(128), as: UTF8.self).contains("'descr': '<f4'"))
        #expect(String(decoding: npy.prefix(128), as: UTF8.self).contains("'shape': (1000,)"))
        #expect(npy.count == 128 + 4_000)
    }

    @Test("the quantizer document is stored only with --provenance and reads back exactly")
    func provenanceOption() throws {
        _ = try writeInputs(count: 2_000)
        let arguments = ["compress", "x.f64", "--quantizer", "q.json", "--json"]
        let plain = try run(arguments + ["--output", "plain.rdq"])
        let with = try run(arguments + ["--output", "with.rdq", "--provenance"])
        #expect(plain.status == 0 && with.status == 0, "\(plain.stderr)\(with.stderr)")
        let plainBytes = try #require(try jsonObject(plain.stdout)["bytes"] as? Int)
        let withBytes = try #require(try jsonObject(with.stdout)["bytes"] as? Int)
        #expect(withBytes > plainBytes)
        let back = try run([
            "decompress", "with.rdq", "--output", "y.f64", "--provenance-output", "p.json",
        ])
        #expect(back.status == 0, "\(back.stderr)")
        let original =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: folder.appendingPathComponent("q.json"))) as? NSDictionary
        let stored =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: folder.appendingPathComponent("p.json"))) as? NSDictionary
        // The document as rdopt writes it (keys in its order, probabilities normalised): the
        // same quantizer.
        #expect(stored?["format"] as? String == "rdopt-quantizer")
        #expect(stored?["codebook"] as? [Double] == original?["codebook"] as? [Double])
        let none = try run([
            "decompress", "plain.rdq", "--output", "z.f64", "--provenance-output", "q2.json",
        ])
        #expect(none.status == 2)
        #expect(none.stderr.contains("carries no quantizer document"))
        #expect(!FileManager.default.fileExists(atPath: path("z.f64")))
        #expect(!FileManager.default.fileExists(atPath: path("q2.json")))
    }
}
