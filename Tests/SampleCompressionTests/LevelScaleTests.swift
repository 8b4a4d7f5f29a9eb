import EntropyCoding
import Foundation
import RDInterchange
import Testing
import _TestSupport

@testable import SampleCompression

/// Interpolation's level scales (``LevelScales``): the scales, the field, and round trips in
/// which every bound holds on the decoded values.
@Suite("level scales")
struct LevelScaleTests {
    @Test("1 / min(α^k, 4) per level until the cap, to the nearest 2^-12; none for α = 1")
    func scales() {
        #expect(LevelScales.scales(alpha: 1).isEmpty)
        #expect(LevelScales.scales(alpha: 2) == [1, 0.5, 0.25])
        let slow = LevelScales.scales(alpha: 1.5)
        #expect(slow.count == 5 && slow.last == 0.25)
        for (k, scale) in slow.dropLast().enumerated() {
            #expect(abs(scale - pow(1.5, -Double(k))) <= 0x1p-13)
            #expect((scale * 4096).rounded() == scale * 4096)
        }
        // On the lattice the scales take two bytes or so each in a version 4 file.
        var bytes: [UInt8] = []
        LatticeCodebook.append(slow, to: &bytes)
        #expect(bytes.count <= 1 + 2 * slow.count)
    }

    /// A trial of `bits` bits at error `distortion` (the figures a probe reports; the rest is a
    /// real closed loop on a few values).
    static func probeTrial(bits: Double, distortion: Double) -> DesignTrial {
        let values = (0..<64).map { sin(Double($0) / 5) }
        var trial = values.withUnsafeBufferPointer { values in
            DesignTrial(
                predictor: Predictor(kind: .previous, origin: 0),
                encoder: ClosedLoopEncoder(
                    quantizer: ResidualQuantizer(uniformStep: 0.1, side: 64), maximumError: 10,
                    importantTolerance: .infinity, roundsToFloat32: false),
                values: values, importance: nil, blocks: [0..<64])
        }
        trial.bits = bits
        trial.distortion = distortion
        return trial
    }

    @Test(
        "a level scale's rate at the target: read between probes that bracket it, wider ones when both err below"
    )
    func bracketedRate() {
        // Probes whose error grows as the step, and whose rate falls by a bit per doubling of
        // the error from 3 bits at 0.1·D, down to a floor of 0.05 bits.
        var factors: [Double] = []
        let probe = { (factor: Double) -> DesignTrial in
            factors.append(factor)
            let error = 0.1 * factor
            return Self.probeTrial(bits: max(0.05, 3 - log2(error / 0.1)), distortion: error)
        }
        let rate = LevelScales.rate(at: 1, bracketing: probe)
        // ×1 and ×2 err at 0.1 and 0.2: a wider probe is aimed at the target (×10, capped at
        // eight times the last) and brackets it.
        #expect(factors.count == 3 && factors[2] > factors[1])
        #expect(rate >= 0 && rate <= 3, "\(rate)")
        // Probes that bracket the target from the start: no more are run.
        factors = []
        let near = { (factor: Double) -> DesignTrial in
            factors.append(factor)
            return Self.probeTrial(bits: 2 / factor, distortion: 0.7 * factor)
        }
        let between = LevelScales.rate(at: 1, bracketing: near)
        #expect(factors == [1, 2])
        #expect(between < 2 && between > 1)
        // The line through the first two alone would read below zero here.
        #expect(
            LevelScales.rate(
                at: 1, Self.probeTrial(bits: 0.4, distortion: 0.1),
                Self.probeTrial(bits: 0.1, distortion: 0.2)) < 0)
    }

    /// Metadata of a predicted 1-D file with an interpolation predictor and `scales`.
    static func metadata(_ scales: [Double], kind: Predictor.Kind = .interpolation)
        -> CompressionMetadata
    {
        var metadata = CompressionMetadata(
            layout: SampleLayout(valueType: .float64, shape: [4]), dimension: 1,
            codebook: [-1, 0, 1], provenance: nil)
        var predictor = Predictor(kind: kind, origin: 0, extents: kind == .interpolation ? [1] : [])
        predictor.levelScales = scales
        metadata.predictor = predictor
        return metadata
    }

    @Test("the field reads back; forged ones are refused")
    func field() throws {
        let metadata = Self.metadata([1, 0.5, 0.25])
        let bytes = metadata.bytes()
        #expect(bytes[0] & 128 != 0)
        let read = try CompressionMetadata(
            parsing: bytes, file: "f", alphabetSize: 3, sampleCount: 4, version: 2)
        #expect(read == metadata)
        #expect(read.predictor?.levelScales == [1, 0.5, 0.25])
        // Version 4: the codebook and the scales on their lattices, any scales read back exactly.
        for scales in [[1, 0.5, 0.25], LevelScales.scales(alpha: 1.25), [0.3, 0.7]] {
            var compact = Self.metadata(scales)
            compact.latticeCodebook = true
            let compactBytes = compact.bytes()
            let again = try CompressionMetadata(
                parsing: compactBytes, file: "f", alphabetSize: 3, sampleCount: 4, version: 4)
            #expect(again == compact && again.predictor?.levelScales == scales)
            #expect(compactBytes.count < bytes.count || scales == [0.3, 0.7])
        }
        // Without scales the flag is clear and the field absent.
        #expect(Self.metadata([]).bytes()[0] & 128 == 0)
        var forged: [(String, [UInt8])] = []
        for (name, scales) in [
            ("a zero scale", [1, 0]), ("a negative scale", [1, -0.5]), ("a NaN scale", [.nan]),
        ] as [(String, [Double])] {
            forged.append((name, Self.metadata(scales).bytes()))
        }
        var none = Self.metadata([1])
        none.predictor?.kind = .previous
        none.predictor?.extents = []
        forged.append(("scales with a Lorenzo predictor", none.bytes()))
        var empty = Self.metadata([1]).bytes()
        empty.removeLast(9)  // the count and the one scale
        empty.append(0)
        forged.append(("no scale", empty))
        var many = Self.metadata([1]).bytes()
        many.removeLast(9)
        many.append(65)
        many += [UInt8](repeating: 0, count: 65 * 8)
        forged.append(("65 scales", many))
        for (name, bytes) in forged {
            #expect(throws: CompressionError.self, "\(name)") {
                try CompressionMetadata(
                    parsing: bytes, file: "f", alphabetSize: 3, sampleCount: 4, version: 2)
            }
        }
    }

    /// A smooth field `sin(0.02 r)·cos(0.03 c)` with a little noise, rows × columns.
    static func field(rows: Int, columns: Int) -> SampleSet {
        let noise = SeededSamples.gaussian(rows * columns, seed: 29)
        var values: [Double] = []
        for r in 0..<rows {
            for c in 0..<columns {
                values.append(
                    sin(Double(r) * 0.02) * cos(Double(c) * 0.03) + 0.001 * noise[values.count])
            }
        }
        var samples = SampleSet(dimension: columns, values: values)
        samples.fileLayout = SampleLayout(valueType: .float64, shape: [rows, columns])
        return samples
    }

    @Test("a smooth field: scales chosen and the file smaller under MSE; every bound held")
    func smoothField() throws {
        let samples = Self.field(rows: 256, columns: 256)
        let variance = samples.values.map { $0 * $0 }.reduce(0, +) / Double(samples.values.count)
        for maximumError in [nil, 0.004] as [Double?] {
            var settings = PredictiveSettings(
                targetDistortion: variance / 1000, maximumError: maximumError,
                predictor: .interpolation, designSampleCount: 1 << 14, chunkSize: 1 << 16)
            let (bytes, summary) = try SampleCompression.compressPredicted(
                samples, settings: settings)
            settings.usesLevelScales = false
            let (plain, _) = try SampleCompression.compressPredicted(samples, settings: settings)
            // Under the mean squared error alone the scales pay; the maximum error holds
            // every sample to E whatever its level, and the probe may keep none.
            if maximumError == nil {
                #expect(!summary.design.predictor.levelScales.isEmpty)
                #expect(bytes.count < plain.count, "\(bytes.count) against \(plain.count)")
            }
            let y = try SampleDecompression.reconstruction(of: bytes).values
            var squared = 0.0
            for (x, r) in zip(samples.values, y) {
                squared += (x - r) * (x - r)
                if let maximumError { #expect(abs(x - r) <= maximumError) }
            }
            #expect(squared / Double(y.count) <= variance / 1000)
        }
    }

    static func trial(bits: Double, distortion: Double) -> DesignTrial {
        var t = DesignTrial(
            predictor: Predictor(kind: .none), encoder: LevelScaleTests.identityEncoder(),
            values: UnsafeBufferPointer(start: nil, count: 0), importance: nil, blocks: [])
        t.bits = bits
        t.distortion = distortion
        return t
    }

    @Test("the probe's rate at the target, interpolated in the logarithm of the error")
    func interpolatedRate() throws {
        let a = Self.trial(bits: 2, distortion: 0.01)
        let b = Self.trial(bits: 1, distortion: 0.04)
        #expect(isClose(LevelScales.rate(at: 0.02, a, b), 1.5, relative: 1e-12))
        #expect(LevelScales.rate(at: 0.01, a, a) == 2)
    }

    @Test(
        "a predictor's rate at the target: bracketed, extrapolated one width at most, or dominated")
    func predictorRateAtTarget() throws {
        let a = Self.trial(bits: 1, distortion: 1)
        let b = Self.trial(bits: 0.5, distortion: 2)
        // Either order; log(1.5) / log(2) of the way from a to b.
        let expected = 1 - 0.5 * log(1.5) / log(2)
        #expect(isClose(PredictiveDesign.rate(at: 1.5, a, b), expected, relative: 1e-12))
        #expect(isClose(PredictiveDesign.rate(at: 1.5, b, a), expected, relative: 1e-12))
        // Beyond the bracket by at most its width: 0 at 4 (not below), 1.5 at 0.5 and below.
        #expect(PredictiveDesign.rate(at: 100, a, b) == 0)
        #expect(PredictiveDesign.rate(at: 1e-6, a, b) == 1.5)
        // The coarser probe erred less and cost less (a closed loop on a mostly black image):
        // the trial of lower error is the estimate, not the line through the two.
        let coarse = Self.trial(bits: 0.095, distortion: 17.0)
        let fine = Self.trial(bits: 0.124, distortion: 18.5)
        #expect(PredictiveDesign.rate(at: 25.8, fine, coarse) == 0.095)
        #expect(PredictiveDesign.rate(at: 25.8, a, a) == 1)
    }

    static func identityEncoder() -> ClosedLoopEncoder {
        ClosedLoopEncoder(
            quantizer: ResidualQuantizer(
                codewords: [0, 1], thresholds: [0.5], halfWidth: 0.5, lowestEdge: -0.5,
                highestEdge: 1.5),
            maximumError: .infinity, importantTolerance: .infinity, roundsToFloat32: false)
    }

    @Test("a small field: no codeword stored that no sample uses; decoded within D")
    func noUnusedCodewords() throws {
        let samples = Self.field(rows: 96, columns: 96)
        let settings = PredictiveSettings(
            targetDistortion: 1e-4, predictor: .interpolation, designSampleCount: 1 << 14)
        let (bytes, summary) = try SampleCompression.compressPredicted(samples, settings: settings)
        var reader = try CompressedFileReader(source: MemoryByteSource(bytes))
        let metadata = try CompressionMetadata(
            parsing: reader.header.metadata, file: "f",
            alphabetSize: reader.header.tables[0].alphabetSize,
            sampleCount: reader.header.sampleCount, version: reader.header.version)
        #expect(metadata.codebook.count == summary.design.quantizer.count)
        var used = Set<UInt32>()
        var decodedSymbols = 0
        while let chunk = try reader.nextSegmentedChunk() {
            used.formUnion(chunk.symbols)
            decodedSymbols += chunk.symbols.count
        }
        #expect(decodedSymbols == samples.values.count)
        for j in 0..<metadata.codebook.count { #expect(used.contains(UInt32(j)), "codeword \(j)") }
        let y = try SampleDecompression.reconstruction(of: bytes).values
        let mse =
            zip(samples.values, y).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Double(y.count)
        #expect(mse <= 1e-4)
    }
}
