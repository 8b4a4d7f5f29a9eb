import Foundation
import RDInterchange
import Testing
import _TestSupport

@testable import SampleCompression

/// Data on the grid of `1/q` for a `q` that is no power of two (``ScaledGrid``): normalised
/// images and decimal readings, coded without loss under fine bounds.
@Suite struct ScaledGridTests {
    /// A 32 × 40 image of whole numbers 0 … 255 with edges and texture.
    static func levels() -> [Double] {
        let noise = SeededSamples.gaussian(32 * 40, seed: 23)
        return (0..<(32 * 40)).map { i in
            let (r, c) = (i / 40, i % 40)
            let base = (r / 8 + c / 10) % 2 == 0 ? 60.0 : 190.0
            return min(255, max(0, (base + Double(c % 9) + 6 * noise[i]).rounded()))
        }
    }

    @Test("the grid is found by division and by multiplication with the inverse, float32 too")
    func detection() {
        let k = Self.levels()
        let divided = k.map { $0 / 255 }
        let multiplied = k.map { $0 * (1.0 / 255) }
        let byDivision = ScaledGrid.grid(of: divided, float32: false)
        #expect(byDivision?.divisor == 255 && byDivision?.division == .divide)
        let byInverse = ScaledGrid.grid(of: multiplied, float32: false)
        #expect(byInverse?.divisor == 255 && byInverse?.division == .multiplyByInverse)
        let single = k.map { Double(Float($0 / 255)) }
        #expect(ScaledGrid.grid(of: single, float32: true)?.divisor == 255)
        // Decimal readings as text parses them: the coarsest grid, hundredths.
        let readings = (0..<500).compactMap { i -> Double? in
            let hundredths = i * 7 % 100
            return Double("\(20 + i % 37).\(hundredths < 10 ? "0" : "")\(hundredths)")
        }
        #expect(ScaledGrid.grid(of: readings, float32: false)?.divisor == 100)
        // A grid suggested by the smallest gap: twentieths.
        let twentieths = (0..<400).map { Double(($0 * 13) % 97) / 20 }
        #expect(ScaledGrid.grid(of: twentieths, float32: false)?.divisor == 20)
        // Noise, and whole numbers (a power-of-two grid, ``DataGrid``'s), have none.
        #expect(ScaledGrid.grid(of: SeededSamples.gaussian(1_000, seed: 3), float32: false) == nil)
        #expect(ScaledGrid.grid(of: k, float32: false) == nil)
        // Multiples beyond 2^53 (2^24 for float32) are not on a grid the decoder can rebuild.
        #expect(ScaledGrid.grid(of: [1e300 / 255, 1.0 / 255], float32: false) == nil)
        let large = [Double(Float(1e8 / 255)), Double(Float(1.0 / 255))]
        #expect(ScaledGrid.grid(of: large, float32: true) == nil)
    }

    @Test(
        "a normalised image under a bound finer than its step comes back bit for bit, float64 and float32",
        arguments: [SampleLayout.ValueType.float64, .float32])
    func losslessImage(type: SampleLayout.ValueType) throws {
        let k = Self.levels()
        let values = k.map { level -> Double in
            let value = level * (1.0 / 255)
            return type == .float32 ? Double(Float(value)) : value
        }
        var samples = SampleSet(dimension: 40, values: values)
        samples.fileLayout = SampleLayout(valueType: type, shape: [32, 40])
        for settings in [
            PredictiveCompressionTests.settings(distortion: nil, maximumError: 1e-4),
            PredictiveCompressionTests.settings(distortion: 1e-7),
        ] {
            let (bytes, summary) = try SampleCompression.compressPredicted(
                samples, settings: settings)
            #expect(summary.design.isLossless)
            #expect(summary.design.predictor.gridDivisor == 255)
            #expect(summary.design.predictor.gridUnit == 1.0 / 255)
            #expect(summary.summary.distortion == 0 && summary.maximumAbsoluteError == 0)
            let decoded = try SampleDecompression.reconstruction(of: bytes)
            #expect(decoded.values.map(\.bitPattern) == values.map(\.bitPattern))
            // The same image as whole numbers takes about as many bytes.
            var whole = SampleSet(dimension: 40, values: k)
            whole.fileLayout = SampleLayout(valueType: .float64, shape: [32, 40])
            let scaled = ScaledGrid.scaled(settings, by: 255)
            let (wholeBytes, _) = try SampleCompression.compressPredicted(whole, settings: scaled)
            #expect(bytes.count <= wholeBytes.count + 16)
        }
    }

    @Test("bounds coarser than the step leave the grid aside; important values keep their flags")
    func coarseBoundsAndImportance() throws {
        let k = Self.levels()
        let values = k.map { $0 / 255 }
        var samples = SampleSet(dimension: 40, values: values)
        samples.fileLayout = SampleLayout(valueType: .float64, shape: [32, 40])
        let coarse = PredictiveCompressionTests.settings(distortion: 1e-3)
        let (_, summary) = try SampleCompression.compressPredicted(samples, settings: coarse)
        #expect(summary.design.predictor.gridDivisor == nil)
        // Under a fine bound with the bright values important, every value is exact.
        var settings = PredictiveCompressionTests.settings(
            distortion: nil, maximumError: 1e-3, tolerance: 0)
        settings.importanceRule = try ImportanceRule(parsing: ">0.7")
        let (bytes, marked) = try SampleCompression.compressPredicted(samples, settings: settings)
        #expect(marked.design.predictor.gridDivisor == 255)
        #expect(marked.summary.importantCount == values.filter { $0 > 0.7 }.count)
        #expect(try SampleDecompression.reconstruction(of: bytes).values == values)
    }

    @Test("no divisor tried is below the one whose bounds decide whether the values are scanned")
    func smallestDivisor() {
        #expect(ScaledGrid.candidates.min() == ScaledGrid.smallestDivisor)
        // A gap of 1/2 suggests no divisor (2 is a power of two's grid, DataGrid's).
        #expect(ScaledGrid.suggestedDivisor([0, 0.5, 1]) == nil)
        #expect(ScaledGrid.suggestedDivisor([0, 1.0 / 3, 1]) == 3)
        // Bounds that leave the grid of 1/3 aside leave every finer grid aside too.
        let settings = PredictiveCompressionTests.settings(distortion: 0.1)
        #expect(!ScaledGrid.boundsCallForLossless(settings, ScaledGrid.smallestDivisor))
        #expect(!ScaledGrid.candidates.contains { ScaledGrid.boundsCallForLossless(settings, $0) })
    }

    @Test("the divisor's field reads back; a divisor below 2 is refused")
    func field() throws {
        var predictor = Predictor(kind: .previous, origin: 0.5)
        predictor.gridExponent = 0
        predictor.gridDivisor = 100
        predictor.gridDivision = .multiplyByInverse
        var bytes: [UInt8] = []
        PredictionField.append(predictor, to: &bytes)
        #expect(bytes[0] == Predictor.Kind.previous.rawValue + 128 + 64)
        var parser = MetadataParser(bytes)
        #expect(try PredictionField.read(from: &parser) == predictor)
        var plain = predictor
        plain.gridDivisor = nil
        var prefix: [UInt8] = []
        PredictionField.append(plain, to: &prefix)
        prefix[0] += 64
        for code in [0, 1, 2, 3] {
            var forged = prefix
            forged.appendVarint(code)
            var parser = MetadataParser(forged)
            #expect(throws: MetadataParser.Failure.self) {
                try PredictionField.read(from: &parser)
            }
        }
    }
}
