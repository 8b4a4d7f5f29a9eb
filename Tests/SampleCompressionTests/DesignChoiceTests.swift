import Foundation
import RDInterchange
import Testing
import _TestSupport

@testable import SampleCompression

/// What keeps the predictor search and the design rounds honest where their probes mislead:
/// no prediction is always designed in full, and on long data the rounds' quantisers are
/// scored on blocks they were not designed on.
@Suite("design choices")
struct DesignChoiceTests {
    /// A sparse train of decaying spikes over faint noise: most values near 0, a skewed tail.
    static func spikes(_ n: Int, seed: UInt64) -> [Double] {
        var rng = SplitMix64(seed: seed)
        var impulses = [Double](repeating: 0, count: n)
        for _ in 0..<(n / 500) {
            impulses[Int(rng.next() % UInt64(n))] = -5 * log(1 - rng.nextUnit())
        }
        let decay = (0..<40).map { exp(-Double($0) / 8) }
        var x = (0..<n).map { _ in 0.02 * rng.nextGaussian() }
        for i in 0..<n where impulses[i] > 0 {
            for (k, weight) in decay.enumerated() where i + k < n {
                x[i + k] += impulses[i] * weight
            }
        }
        return x
    }

    static func variance(_ x: [Double]) -> Double {
        let mean = x.reduce(0, +) / Double(x.count)
        return x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.count)
    }

    /// Bits per value of `x` compressed to MSE ≤ `d` with the command line's default design
    /// (its bound checked on the decoded values), and the predictor that won.
    static func compressed(_ x: [Double], _ d: Double, predictor: Predictor.Kind? = nil) throws
        -> (bits: Double, entropy: Double, predictor: Predictor.Kind)
    {
        let settings = PredictiveSettings(targetDistortion: d, predictor: predictor)
        let (y, summary) = try PredictiveCompressionTests.roundTrip(
            SampleSet(dimension: 1, values: x), settings)
        let mse = zip(x, y).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Double(x.count)
        #expect(mse <= d)
        return (
            Double(8 * summary.summary.bytes) / Double(x.count), summary.summary.entropyBits,
            summary.design.predictor.kind
        )
    }

    @Test(
        "sparse spikes: no prediction is designed in full and wins, though its probe is 4x the best"
    )
    func noPredictionIsAlwaysAFinalist() throws {
        let x = Self.spikes(100_000, seed: 11)
        let d = Self.variance(x) / 100
        let automatic = try Self.compressed(x, d)
        let plain = try Self.compressed(x, d, predictor: Predictor.Kind.none)
        // Before: a linear predictor of order 2 (its uniform probe 0.28 bits, no prediction's
        // 1.25) and 0.286 bits per value, where no prediction's design takes 0.122.
        #expect(automatic.predictor == .none)
        #expect(automatic.bits <= plain.bits * 1.01, "\(automatic.bits) against \(plain.bits)")
    }

    @Test(
        "Laplace values at var/10^6: scored off the design blocks, the design is no worse than a uniform quantiser"
    )
    func highRateDesignIsValidated() throws {
        let x = SeededSamples.laplace(300_000, seed: 21)
        let d = Self.variance(x) / 1e6
        let file = try Self.compressed(x, d)
        // The entropy of the uniform quantiser of step √(12 d) (its error is d at high rate).
        let step = (12 * d).squareRoot()
        var counts: [Int: Int] = [:]
        for value in x { counts[Int((value / step).rounded()), default: 0] += 1 }
        let n = Double(x.count)
        let uniform = counts.values.reduce(0.0) { sum, c in
            sum - Double(c) / n * log2(Double(c) / n)
        }
        // Before: 2,795 cells fitted to 32,768 design values, 10.20 bits of entropy on the whole
        // data against the uniform quantiser's 10.10, and three designs to meet the target.
        #expect(file.entropy <= uniform + 0.02, "\(file.entropy) against \(uniform)")
    }

    @Test("validation blocks: as many as the design blocks, apart from them, within the chunks")
    func validationBlocksAreApart() {
        for (n, rowLength, planeRows) in [
            (300_000, 1, nil), (10_000_000, 1, nil), (1000 * 1000, 1000, nil),
            (64 * 64 * 300, 64, 64), (100_000, 1, nil),
        ] as [(Int, Int, Int?)] {
            let chunk = PredictivePlan.chunkSize(
                extents: planeRows.map { [n / ($0 * rowLength), $0, rowLength] }
                    ?? (rowLength > 1 ? [n / rowLength, rowLength] : [n]),
                requested: 1 << 20)
            let subsample = DesignSubsample(
                count: n, rowLength: rowLength, planeRows: planeRows, sampleCount: 1 << 15,
                chunkSize: chunk)
            guard let validation = subsample.validationBlocks else {
                // Only data the design blocks hold whole goes without.
                #expect(subsample.sampleCount == n, "n = \(n)")
                continue
            }
            #expect(validation.count == subsample.blocks.count)
            for block in validation {
                #expect(!block.isEmpty && block.upperBound <= n)
                #expect(block.lowerBound / chunk == (block.upperBound - 1) / chunk)
                #expect(block.lowerBound % rowLength == 0)
                #expect(subsample.blocks.allSatisfy { !$0.overlaps(block) })
            }
        }
    }
}
