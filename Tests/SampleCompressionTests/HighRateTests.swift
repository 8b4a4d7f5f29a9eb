import EntropyCoding
import Foundation
import RDInterchange
import Testing
import _TestSupport

@testable import SampleCompression

/// Compression at high rates (thousands of codewords for the samples there are): the tables
/// stored binned, the codebook deflated, predictors ranked by a rate that does not fall for
/// symbols that rarely repeat.
@Suite("high rates")
struct HighRateTests {
    @Test("an AR(1) signal at var/10^8: the bound holds and the file is near the innovations' rate")
    func ar1AtHighRate() throws {
        let (bits, summary) = try Self.compressed(PredictiveCompressionTests.ar1(20_000), 1e-7)
        // Unit innovations: a uniform quantiser of step √(12 D) codes them in h(N(0,1)) −
        // log2 √(12 D) ≈ 2.047 + 9.85 ≈ 11.90 bits. Before binned tables, a deflated codebook and
        // the estimate, the file took 14.1 bits.
        #expect(bits < 12.6, "\(bits) bits per value")
        // For AR(1) data two-sided interpolation and the one-step predictor code at the same
        // rate (the chain rule); the empirical entropy of the design's symbols had put
        // interpolation 2 bits ahead. The probe still counts the symbols of its contexts
        // without their tables, and since a version 5 file's segments and thresholds cost a
        // few bytes instead of 72 and 8 each, it takes more contexts: 0.58 bits ahead here
        // (under 0.4 before), though the interpolated file is the larger.
        let rate = { (name: String) in
            summary.design.candidates.first { $0.predictor == name }?.probeBits ?? .nan
        }
        let linear = summary.design.candidates.first { $0.predictor.hasPrefix("linear order 2") }
        #expect(
            abs(rate("interpolation") - (linear?.probeBits ?? .nan)) < 0.75,
            "\(summary.design.candidates)")
    }

    @Test("a trial counts the codebook of the codewords it used: uneven thousands cost bytes each")
    func codebookCost() {
        let step = 0x1p-6
        let uniform = (-8000...8000).map { Double($0) * step }
        var rng = SplitMix64(seed: 4)
        // The same range, each codeword moved by a few lattice units (as designs leave them).
        let uneven = uniform.map { $0 + Double(rng.next() % 64) * 0x1p-16 }
        func trial(_ codewords: [Double]) -> DesignTrial {
            let q = ResidualQuantizer(
                codewords: codewords,
                thresholds: zip(codewords, codewords.dropFirst()).map { ($0 + $1) / 2 },
                halfWidth: step, lowestEdge: codewords[0] - step,
                highestEdge: codewords[codewords.count - 1] + step)
            let encoder = ClosedLoopEncoder(
                quantizer: q, maximumError: step, importantTolerance: .infinity,
                roundsToFloat32: false)
            // Residuals over the whole range (no prediction): every codeword used.
            let values = (0..<300_000).map { _ in (Double(rng.next() % 16_001) - 8000) * step }
            return values.withUnsafeBufferPointer { values in
                DesignTrial(
                    predictor: Predictor(kind: .none, extents: []), encoder: encoder,
                    values: values, importance: nil, blocks: [0..<values.count])
            }
        }
        #expect(trial(uniform).codebookBytes < 100)
        #expect(trial(uneven).codebookBytes > 16_000)
    }

    @Test("whole numbers at a fine step: the design prices the comb, not the empty codewords")
    func wholeNumbers() throws {
        let whole = PredictiveCompressionTests.ar1(20_000).map { ($0 * 30).rounded() }
        let (bits, _) = try Self.compressed(whole, 1e-4)
        // The previous value's predictor keeps the residuals near whole numbers (about 7.6
        // bits of symbols: the reconstructions' errors blur the comb a little); the binned
        // tables and deflated codebook bring the file to about 7.9 bits from 8.25.
        #expect(bits < 8.1, "\(bits) bits per value")
    }

    /// Compresses `x` to a mean squared error of `d`, checks it on the decoded values, and
    /// returns the file's bits per value and the figures.
    static func compressed(_ x: [Double], _ d: Double) throws -> (Double, PredictiveSummary) {
        let (y, summary) = try PredictiveCompressionTests.roundTrip(
            SampleSet(dimension: 1, values: x), PredictiveCompressionTests.settings(distortion: d))
        let mse = zip(x, y).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Double(x.count)
        #expect(mse <= d)
        return (Double(8 * summary.summary.bytes) / Double(x.count), summary)
    }
}
