import EntropyCoding
import Foundation
import Quantization
import RDInterchange
import Testing
import _TestSupport

@testable import SampleCompression

/// The compact container keeps the data's value type, shape and CSV header, and carries the
/// quantizer document only when asked.
@Suite("the data's layout survives compression")
struct ContainerLayoutTests {
    let folder: ScratchFolder
    init() throws { folder = try ScratchFolder() }

    /// A uniform scalar quantiser for Gaussian data at D = 0.1.
    static func scalarDocument() throws -> QuantizerDocument {
        try CompressionTests.uniformDocument(for: SeededSamples.gaussian(2_000, seed: 4))
    }

    /// Compresses the data file `name` and decompresses it into `output`, both through files.
    func roundTrip(_ name: String, bytes: [UInt8], output: String, block: Int? = nil) throws
        -> SampleDecompression.Summary
    {
        let input = try folder.file(name, bytes: bytes)
        let samples = try SampleSet(
            contentsOf: input, options: DataReadOptions(blockLength: block))
        var document = try Self.scalarDocument()
        if let block {
            var rng = SplitMix64(seed: 2)
            document.quantizer = try Quantizer(
                dimension: block, codebook: (0..<(8 * block)).map { _ in rng.nextGaussian() },
                probabilities: [Double](repeating: 1, count: 8), slope: 2, importantTolerance: nil)
        }
        let rdq = folder.path(name + ".rdq")
        _ = try SampleCompression.compress(samples, with: document, toPath: rdq)
        return try SampleDecompression.decompress(fromPath: rdq, toPath: folder.path(output))
    }

    @Test("float32 raw data comes back as float32, one value per sample")
    func float32Raw() throws {
        let values = SeededSamples.gaussian(500, seed: 1).map { Float($0) }
        let summary = try roundTrip("x.f32", bytes: float32Bytes(values), output: "y.npy")
        #expect(summary.layout == SampleLayout(valueType: .float32, shape: [500]))
        let read = try SampleSet(contentsOf: folder.url.appendingPathComponent("y.npy"))
        #expect(read.layout == SampleLayout(valueType: .float32, shape: [500]))
        let bytes = try Data(contentsOf: folder.url.appendingPathComponent("y.npy"))
        #expect(bytes.count == 128 + 500 * 4)
        // The raw output in the same type holds the same values.
        let raw = try SampleDecompression.decompress(
            fromPath: folder.path("x.f32.rdq"), toPath: folder.path("y.f32"))
        #expect(raw.samples == 500)
        #expect(try Data(contentsOf: folder.url.appendingPathComponent("y.f32")).count == 2_000)
    }

    @Test(
        ".npy keeps its shape and value type",
        arguments: [
            ("<f8", [300]), ("<f4", [300]), ("<f8", [300, 1]), ("<f4", [300, 1]),
            ("<f8", [3, 10, 10]), ("<f4", [2, 3, 5, 10]),
        ])
    func npyShape(descriptor: String, shape: [Int]) throws {
        let values = SeededSamples.gaussian(300, seed: 3)
        let payload =
            descriptor == "<f4" ? float32Bytes(values.map { Float($0) }) : float64Bytes(values)
        let dims =
            shape.count == 1
            ? "(300,)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        let header = "{'descr': '\(descriptor)', 'fortran_order': False, 'shape': \(dims), }"
        _ = try roundTrip(
            "x.npy", bytes: npyBytes(header: header, payload: payload), output: "y.npy")
        let read = try SampleSet(contentsOf: folder.url.appendingPathComponent("y.npy"))
        #expect(
            read.layout
                == SampleLayout(valueType: descriptor == "<f4" ? .float32 : .float64, shape: shape))
        let bytes = try Data(contentsOf: folder.url.appendingPathComponent("y.npy"))
        #expect(bytes.count == 128 + 300 * (descriptor == "<f4" ? 4 : 8))
    }

    @Test("a blocked 1-D .npy signal comes back 1-D, its padding dropped")
    func blockedNPY() throws {
        let values = SeededSamples.gaussian(301, seed: 5)
        let header = "{'descr': '<f4', 'fortran_order': False, 'shape': (301,), }"
        let summary = try roundTrip(
            "x.npy",
            bytes: npyBytes(header: header, payload: float32Bytes(values.map { Float($0) })),
            output: "y.npy", block: 2)
        #expect(summary.codedSamples == 151)
        #expect(summary.layout == SampleLayout(valueType: .float32, shape: [301]))
        let read = try SampleSet(contentsOf: folder.url.appendingPathComponent("y.npy"))
        #expect(read.count == 301)
        #expect(read.layout == SampleLayout(valueType: .float32, shape: [301]))
    }

    @Test("a CSV header row is kept, without the importance column")
    func csvHeader() throws {
        var text = "left,flag,right\n"
        var rng = SplitMix64(seed: 8)
        for _ in 0..<200 { text += "\(rng.nextGaussian()),0,\(rng.nextGaussian())\n" }
        let input = try folder.file("x.csv", text: text)
        let samples = try SampleSet(
            contentsOf: input, options: DataReadOptions(importantColumn: "flag"))
        var quantizerRNG = SplitMix64(seed: 9)
        let quantizer = try Quantizer(
            dimension: 2, codebook: (0..<16).map { _ in quantizerRNG.nextGaussian() },
            probabilities: [Double](repeating: 1, count: 8), slope: 2, importantTolerance: nil)
        let document = QuantizerDocument(
            quantizer: quantizer, importanceRule: nil, training: nil, relaxation: nil, stages: [])
        let (bytes, _) = try SampleCompression.compress(samples, with: document)
        let (csv, summary) = try SampleDecompression.decompress(bytes, format: .csv)
        #expect(summary.layout.columnNames == ["left", "right"])
        let lines = String(decoding: csv, as: UTF8.self).split(separator: "\n")
        #expect(lines.first == "left,right")
        #expect(lines.count == 201)
        let back = try SampleSet(contentsOf: try folder.file("y.csv", bytes: csv))
        #expect(back.dimension == 2 && back.count == 200)
    }

    @Test("float32 data written as CSV uses float32's shortest digits")
    func float32CSV() throws {
        let values: [Float] = [0.1, -1.5, 2.25]
        let quantizer = try Quantizer(
            dimension: 1, codebook: values.map(Double.init), probabilities: [1, 1, 1], slope: 1,
            importantTolerance: nil)
        var samples = SampleSet(dimension: 1, values: values.map(Double.init))
        samples.fileLayout = SampleLayout(valueType: .float32, shape: [3])
        let document = QuantizerDocument(
            quantizer: quantizer, importanceRule: nil, training: nil, relaxation: nil, stages: [])
        let (bytes, _) = try SampleCompression.compress(samples, with: document)
        let (csv, _) = try SampleDecompression.decompress(bytes, format: .csv)
        #expect(String(decoding: csv, as: UTF8.self) == "0.1\n-1.5\n2.25\n")
    }

    @Test("the header takes at most 64 + 16·K bytes, and the provenance is off by default")
    func headerBound() throws {
        let values = SeededSamples.gaussian(100_000, seed: 12)
        let document = try CompressionTests.uniformDocument(for: values)
        let k = document.quantizer.count
        let (bytes, summary) = try SampleCompression.compress(
            SampleSet(dimension: 1, values: values), with: document)
        #expect(summary.headerBytes <= 64 + 16 * k, "\(summary.headerBytes) bytes for K = \(k)")
        #expect(summary.overheadBytes <= 64 + 16 * k, "\(summary.overheadBytes) bytes for K = \(k)")
        #expect(try SampleDecompression.provenance(of: bytes) == nil)
        // Within 0.2 % of n·H(Y) plus that header.
        let ideal = Double(values.count) * summary.entropyBits / 8
        #expect(Double(bytes.count) <= ideal * 1.002 + Double(64 + 16 * k))
    }

    @Test("--provenance stores the quantizer document compressed, and it reads back exactly")
    func provenance() throws {
        let values = SeededSamples.gaussian(1_000, seed: 13)
        let document = try CompressionTests.uniformDocument(for: values)
        let samples = SampleSet(dimension: 1, values: values)
        let (plain, _) = try SampleCompression.compress(samples, with: document)
        let (bytes, _) = try SampleCompression.compress(samples, with: document, provenance: true)
        let text = Array(document.json.serialized(pretty: false).utf8)
        #expect(try SampleDecompression.provenance(of: bytes) == text)
        // This small document (numbers mostly) shrinks to about 55 %; a design's, with its
        // stages, to about 20 %.
        #expect(Double(bytes.count - plain.count) < 0.7 * Double(text.count), "not compressed")
        #expect(
            try SampleDecompression.reconstruction(of: bytes).values
                == SampleDecompression.reconstruction(of: plain).values)
    }
}
