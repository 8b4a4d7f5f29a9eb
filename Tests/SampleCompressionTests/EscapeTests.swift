import EntropyCoding
import Foundation
import Quantization
import RDInterchange
import Testing
import _TestSupport

@testable import SampleCompression

/// Samples no codeword serves: escaped and stored exactly, or an error naming them.
@Suite("escapes")
struct EscapeTests {
    /// Two codewords, tolerance 0.01 for samples beyond 3 in magnitude.
    static func document() throws -> QuantizerDocument {
        let quantizer = try Quantizer(
            dimension: 1, codebook: [0, 1], probabilities: [0.5, 0.5], slope: 1,
            importantTolerance: 0.01)
        return QuantizerDocument(
            quantizer: quantizer, importanceRule: "abs>3", training: nil, relaxation: nil,
            stages: [])
    }

    @Test("escaped samples decode exactly; the others to their codewords; the cost is counted")
    func escapedSamplesDecodeExactly() throws {
        let values: [Double] = (0..<3_000).map { (i: Int) -> Double in
            let x: Double = i % 100 == 7 ? 3 + Double(i) / 1_000 : Double(i % 2)
            return x
        }
        let samples = SampleSet(
            dimension: 1, values: values, isImportant: values.map { abs($0) > 3 })
        let (bytes, summary) = try SampleCompression.compress(
            samples, with: try Self.document(), chunkSize: 512)
        #expect(summary.escapedSamples == 30)
        #expect(summary.importantMaxDistortion == 0)
        // 30 doubles, and 30 symbols of probability 1/100: −log2(0.01) ≈ 6.64 bits each.
        #expect(isClose(summary.escapeBits, 30 * 64 + 30 * log2(100.0), relative: 1e-12))
        let decoded = try SampleDecompression.reconstruction(of: bytes)
        #expect(decoded.values == values)
    }

    @Test("refused, the error lists the first ten samples and the count")
    func refusedEscapes() throws {
        let values = (0..<50).map { i in i % 2 == 0 ? 4.0 : 0.0 }
        let samples = SampleSet(
            dimension: 1, values: values, isImportant: values.map { abs($0) > 3 })
        #expect(
            throws: CompressionError.unservedSamples(
                file: "data", samples: Array(stride(from: 0, to: 20, by: 2)), count: 25,
                tolerance: 0.01)
        ) {
            try SampleCompression.compress(samples, with: try Self.document(), escapes: false)
        }
    }

    @Test("float32 data escapes as float32, and vectors escape whole")
    func float32AndVectors() throws {
        var samples = SampleSet(
            dimension: 1, values: [0, 1, Double(Float(3.7)), 1],
            isImportant: [false, false, true, false])
        samples.fileLayout = SampleLayout(valueType: .float32, shape: [4])
        let (bytes, summary) = try SampleCompression.compress(samples, with: try Self.document())
        #expect(summary.escapedSamples == 1)
        #expect(try SampleDecompression.reconstruction(of: bytes).values == samples.values)
        let quantizer = try Quantizer(
            dimension: 2, codebook: [0, 0, 1, 1], probabilities: [1, 1], slope: 1,
            importantTolerance: 0.01)
        let document = QuantizerDocument(
            quantizer: quantizer, importanceRule: nil, training: nil, relaxation: nil, stages: [])
        let pairs = SampleSet(
            dimension: 2, values: [0, 0, 5, -5, 1, 1], isImportant: [false, true, false])
        let (pairBytes, pairSummary) = try SampleCompression.compress(pairs, with: document)
        #expect(pairSummary.escapedSamples == 1)
        #expect(try SampleDecompression.reconstruction(of: pairBytes).values == pairs.values)
    }

    @Test("float32 data is held to its tolerance by the codewords as written, rounded to float32")
    func float32TolerancesOnWrittenCodewords() throws {
        // 0.1 is written as Float(0.1), 1.5e-9 above it: the value just below Float(0.1) is
        // 3.6e-9 from 0.1 but 7.5e-9 from what is written, beyond a tolerance of 4.2e-17.
        let x = Double(Float(0.1).nextDown)
        let tolerance = 4.2e-17
        #expect((x - 0.1) * (x - 0.1) <= tolerance)
        #expect((x - Double(Float(0.1))) * (x - Double(Float(0.1))) > tolerance)
        let quantizer = try Quantizer(
            dimension: 1, codebook: [0.1, 1], probabilities: [0.5, 0.5], slope: 1,
            importantTolerance: tolerance)
        let document = QuantizerDocument(
            quantizer: quantizer, importanceRule: nil, training: nil, relaxation: nil, stages: [])
        var samples = SampleSet(
            dimension: 1, values: [x, 1, x, 0.25], isImportant: [true, false, false, false])
        samples.fileLayout = SampleLayout(valueType: .float32, shape: [4])
        let (bytes, summary) = try SampleCompression.compress(samples, with: document)
        let decoded = try SampleDecompression.reconstruction(of: bytes).values
        // The important sample escaped; every figure is that of the values written.
        #expect(summary.escapedSamples == 1)
        #expect(decoded[0] == x)
        #expect(decoded[2] == Double(Float(0.1)))
        #expect(summary.importantMaxDistortion <= tolerance)
        let written = zip(samples.values, decoded).map { ($0 - $1) * ($0 - $1) }
        #expect(isClose(summary.distortion, written.reduce(0, +) / 4, relative: 1e-12))
    }

    @Test("escape counts that disagree with the payload are invalid metadata")
    func forgedEscapeCounts() throws {
        let values = [0.0, 4.0, 1.0, 4.5]
        let samples = SampleSet(
            dimension: 1, values: values, isImportant: values.map { abs($0) > 3 })
        let (bytes, _) = try SampleCompression.compress(samples, with: try Self.document())
        let (header, symbols) = try CompressedFile.decode(bytes)
        var metadata = try CompressionMetadata(
            parsing: header.metadata, file: "f", alphabetSize: 3, sampleCount: 4, version: 2)
        #expect(metadata.escapedCount == 2)
        for forged in [[4.0], [4.0, 4.5, 5.0], [4.0, 4.5, 5.0, 6.0, 7.0]] {
            metadata.escapedValues = forged
            let file = try CompressedFile.encode(
                symbols, table: header.table, metadata: metadata.bytes())
            #expect(throws: CompressionError.self) {
                try SampleDecompression.reconstruction(of: file)
            }
        }
    }
}
