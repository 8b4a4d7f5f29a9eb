import EntropyCoding
import Foundation
import Quantization
import RDInterchange
import Testing
import _TestSupport

@testable import SampleCompression

/// `SampleCompression` and `SampleDecompression`: round trips, sizes and corrupt input.
@Suite("compressing samples with a quantiser")
struct CompressionTests {
    let folder: ScratchFolder
    init() throws { folder = try ScratchFolder() }

    /// A uniform scalar quantiser with step `√(12 D)` and the empirical probabilities of `values`.
    static func uniformDocument(
        for values: [Double], distortion: Double = 0.1, rule: String? = nil,
        tolerance: Double? = nil
    ) throws -> QuantizerDocument {
        let step = (12 * distortion).squareRoot()
        let indices = values.map { Int(($0 / step).rounded()) }
        let low = (indices.min() ?? 0) - 1
        let high = (indices.max() ?? 0) + 1
        let codebook = (low...high).map { Double($0) * step }
        var counts = [Double](repeating: 0.5, count: codebook.count)
        for i in indices { counts[i - low] += 1 }
        let quantizer = try Quantizer(
            dimension: 1, codebook: codebook, probabilities: counts, slope: 1 / (2 * distortion),
            importantTolerance: tolerance)
        return QuantizerDocument(
            quantizer: quantizer, importanceRule: rule, training: nil, relaxation: nil, stages: [])
    }

    /// The reconstruction the rule gives each sample, and the mean distortion.
    static func ruleReconstruction(_ samples: SampleSet, _ quantizer: Quantizer) -> (
        values: [Double], distortion: Double
    ) {
        var values: [Double] = []
        var total = 0.0
        for i in 0..<samples.count {
            let x = Array(samples[sample: i])
            let j = quantizer.encode(x, isImportant: samples.isImportant?[i] ?? false)!
            values += quantizer.codeword(j)
            total += quantizer.distortion(x, j)
        }
        return (values, samples.count > 0 ? total / Double(samples.count) : 0)
    }

    @Test(
        "the round trip gives the rule's reconstruction of every sample, in order, at the rule's distortion"
    )
    func roundTripScalars() throws {
        let values = SeededSamples.gaussian(50_000, seed: 1)
        let document = try Self.uniformDocument(for: values, rule: "abs>2.5", tolerance: 0.3)
        var samples = SampleSet(dimension: 1, values: values)
        samples.isImportant = try ImportanceRule(parsing: "abs>2.5").flags(for: samples)
        let (bytes, summary) = try SampleCompression.compress(
            samples, with: document, chunkSize: 4096)
        let decoded = try SampleDecompression.reconstruction(of: bytes)
        let expected = Self.ruleReconstruction(samples, document.quantizer)
        #expect(decoded.values.map(\.bitPattern) == expected.values.map(\.bitPattern))
        #expect(decoded.dimension == 1)
        // D of the round trip, measured on the decoded file, equals the rule's training distortion.
        let roundTripD =
            zip(decoded.values, values).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
            / Double(values.count)
        #expect(isClose(roundTripD, expected.distortion, relative: 1e-12))
        #expect(isClose(summary.distortion, expected.distortion, relative: 1e-12))
        // Every important sample is within the tolerance.
        for i in values.indices where samples.isImportant?[i] == true {
            #expect((decoded.values[i] - values[i]) * (decoded.values[i] - values[i]) <= 0.3)
        }
        #expect(summary.importantMaxDistortion <= 0.3)
    }

    @Test("bits per sample ≤ H(Y)·1.002 + 8·overhead/N", arguments: [1_000, 100_000, 1_000_000])
    func sizeBound(count: Int) throws {
        let values = SeededSamples.gaussian(count, seed: UInt64(count))
        let document = try Self.uniformDocument(for: values)
        let (bytes, summary) = try SampleCompression.compress(
            SampleSet(dimension: 1, values: values), with: document)
        #expect(summary.bytes == bytes.count)
        #expect(summary.bitsPerSample == Double(bytes.count) * 8 / Double(count))
        let bound = summary.entropyBits * 1.002 + Double(summary.overheadBytes) * 8 / Double(count)
        #expect(summary.bitsPerSample <= bound, "\(summary.bitsPerSample) > \(bound)")
        #expect(summary.entropyBits > 1.5 && summary.entropyBits < 2.5)
    }

    @Test(
        "vectors and blocked signals round-trip; block padding is dropped", arguments: [1, 2, 3, 4])
    func blockedRoundTrip(blockLength: Int) throws {
        let signal = SeededSamples.gaussian(1_001, seed: 9)
        let blocked = try SampleSet(dimension: 1, values: signal).blocked(into: blockLength)
        var rng = SplitMix64(seed: 3)
        let codebook = (0..<(12 * blockLength)).map { _ in rng.nextGaussian() }
        let quantizer = try Quantizer(
            dimension: blockLength, codebook: codebook,
            probabilities: [Double](repeating: 1, count: 12), slope: 2,
            importantTolerance: nil)
        let document = QuantizerDocument(
            quantizer: quantizer, importanceRule: nil, training: nil, relaxation: nil, stages: [])
        let (bytes, _) = try SampleCompression.compress(blocked, with: document, chunkSize: 64)
        let decoded = try SampleDecompression.reconstruction(of: bytes)
        let expected = Self.ruleReconstruction(blocked, quantizer).values
        #expect(decoded.dimension == 1)
        #expect(decoded.values.count == signal.count)
        #expect(decoded.values == Array(expected.prefix(signal.count)))
    }

    @Test("vector data without blocking keeps its rows")
    func vectorRows() throws {
        var rng = SplitMix64(seed: 5)
        let quantizer = try Quantizer(
            dimension: 3, codebook: (0..<24).map { _ in rng.nextGaussian() },
            probabilities: (1...8).map(Double.init),
            slope: 3, importantTolerance: nil)
        let samples = SampleSet(dimension: 3, values: (0..<300).map { _ in rng.nextGaussian() })
        let document = QuantizerDocument(
            quantizer: quantizer, importanceRule: nil, training: nil, relaxation: nil, stages: [])
        let (bytes, summary) = try SampleCompression.compress(samples, with: document)
        #expect(summary.samples == 100)
        let decoded = try SampleDecompression.reconstruction(of: bytes)
        #expect(decoded.dimension == 3)
        #expect(decoded.values == Self.ruleReconstruction(samples, quantizer).values)
    }

    @Test("0 samples, 1 sample and a single-symbol alphabet", arguments: [0, 1, 2, 5000])
    func edgeCases(count: Int) throws {
        let values = SeededSamples.gaussian(count, seed: 11)
        for document in [
            try Self.uniformDocument(for: values),
            QuantizerDocument(
                quantizer: try Quantizer(
                    dimension: 1, codebook: [0.25], probabilities: [1], slope: 1,
                    importantTolerance: nil),
                importanceRule: nil, training: nil, relaxation: nil, stages: []),
        ] {
            let samples = SampleSet(dimension: 1, values: values)
            let (bytes, summary) = try SampleCompression.compress(samples, with: document)
            #expect(summary.samples == count)
            let decoded = try SampleDecompression.reconstruction(of: bytes)
            #expect(decoded.values == Self.ruleReconstruction(samples, document.quantizer).values)
            if document.quantizer.count == 1 { #expect(summary.entropyBits == 0) }
        }
    }

    @Test("with escapes refused, an important sample no codeword serves is an error naming it")
    func toleranceUnreachable() throws {
        let values = [0.0, 0.1, 3.3, 0.2]
        let quantizer = try Quantizer(
            dimension: 1, codebook: [0, 1], probabilities: [0.5, 0.5], slope: 1,
            importantTolerance: 0.01)
        let document = QuantizerDocument(
            quantizer: quantizer, importanceRule: "abs>3", training: nil, relaxation: nil,
            stages: [])
        let samples = SampleSet(
            dimension: 1, values: values, isImportant: values.map { abs($0) > 3 })
        #expect(
            throws: CompressionError.unservedSamples(
                file: "data", samples: [2], count: 1, tolerance: 0.01)
        ) {
            try SampleCompression.compress(samples, with: document, escapes: false)
        }
        let target = folder.url.appendingPathComponent("x.rdq").path
        #expect(throws: CompressionError.self) {
            try SampleCompression.compress(samples, with: document, toPath: target, escapes: false)
        }
        #expect(try folder.contents().isEmpty)
    }

    /// A small file: 40 samples of a 5-codeword quantiser in 3 chunks.
    static func smallFile() throws -> [UInt8] {
        let values = SeededSamples.gaussian(40, seed: 21)
        let quantizer = try Quantizer(
            dimension: 1, codebook: [-2, -1, 0, 1, 2], probabilities: [0.1, 0.2, 0.4, 0.2, 0.1],
            slope: 2,
            importantTolerance: nil)
        let document = QuantizerDocument(
            quantizer: quantizer, importanceRule: nil, training: nil, relaxation: nil, stages: [])
        return try SampleCompression.compress(
            SampleSet(dimension: 1, values: values), with: document, chunkSize: 16
        ).bytes
    }

    @Test("every single-bit flip and every truncation of a small file is rejected")
    func corruptionIsRejected() throws {
        let bytes = try Self.smallFile()
        _ = try SampleDecompression.decompress(bytes, format: .float64)
        var accepted: [String] = []
        for bit in 0..<(bytes.count * 8) {
            var damaged = bytes
            damaged[bit / 8] ^= UInt8(1 << (bit % 8))
            if (try? SampleDecompression.decompress(damaged, format: .float64)) != nil {
                accepted.append("bit \(bit)")
            }
        }
        for length in 0..<bytes.count {
            if (try? SampleDecompression.decompress(Array(bytes.prefix(length)), format: .float64))
                != nil
            {
                accepted.append("length \(length)")
            }
        }
        if (try? SampleDecompression.decompress(bytes + [0], format: .float64)) != nil {
            accepted.append("one byte more")
        }
        #expect(accepted.isEmpty, "accepted: \(accepted.prefix(10))")
    }

    @Test(
        "a corrupt file leaves no output file",
        arguments: ["out.csv", "out.npy", "out.f64", "out.f32"])
    func noPartialOutput(name: String) throws {
        var bytes = try Self.smallFile()
        let good = try folder.file("good.rdq", bytes: bytes)
        let output = folder.url.appendingPathComponent(name).path
        let summary = try SampleDecompression.decompress(fromPath: good.path, toPath: output)
        #expect(summary.samples == 40)
        try FileManager.default.removeItem(atPath: output)
        bytes[bytes.count - 10] ^= 0x40  // inside the last chunk: earlier chunks decode first
        let bad = try folder.file("bad.rdq", bytes: bytes)
        #expect(throws: CompressionError.self) {
            try SampleDecompression.decompress(fromPath: bad.path, toPath: output)
        }
        #expect(try folder.contents() == ["bad.rdq", "good.rdq"])
    }

    @Test(
        "decompressed files read back as the reconstruction",
        arguments: ["out.csv", "out.npy", "out.f64"])
    func outputFormats(name: String) throws {
        let bytes = try Self.smallFile()
        let input = try folder.file("in.rdq", bytes: bytes)
        let output = folder.url.appendingPathComponent(name)
        _ = try SampleDecompression.decompress(fromPath: input.path, toPath: output.path)
        let read = try SampleSet(contentsOf: output)
        #expect(read.values == (try SampleDecompression.reconstruction(of: bytes)).values)
    }

    /// A file coding each codeword of a codebook whose values need all 17 significant digits
    /// (one of them as small as 1e-300) once, and that codebook.
    static func oddCodebookFile() throws -> (codebook: [Double], bytes: [UInt8]) {
        let codebook = [0.15583252086711852, 22.364601762501085, -1e-300, 1.0 / 3.0]
        let quantizer = try Quantizer(
            dimension: 1, codebook: codebook, probabilities: [1, 1, 1, 1], slope: 1,
            importantTolerance: nil)
        let document = QuantizerDocument(
            quantizer: quantizer, importanceRule: nil, training: nil, relaxation: nil, stages: [])
        let (bytes, _) = try SampleCompression.compress(
            SampleSet(dimension: 1, values: codebook), with: document)
        return (codebook, bytes)
    }

    @Test("the metadata carries the quantiser's codebook bit for bit")
    func exactCodebook() throws {
        let (codebook, bytes) = try Self.oddCodebookFile()
        #expect(
            try SampleDecompression.reconstruction(of: bytes).values.map(\.bitPattern)
                == codebook.map(\.bitPattern))
    }
}
