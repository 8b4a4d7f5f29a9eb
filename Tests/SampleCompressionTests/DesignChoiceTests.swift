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

    @Test("sparse spikes: no prediction, probed about the median and designed in full, wins")
    func noPredictionWinsOnSparseSpikes() throws {
        let x = Self.spikes(100_000, seed: 11)
        let d = Self.variance(x) / 100
        let automatic = try Self.compressed(x, d)
        let plain = try Self.compressed(x, d, predictor: Predictor.Kind.none)
        // Before: no prediction probed about the mean at 1.72 bits (the bulk of the values split
        // between two cells), a linear predictor of order 2 at 0.25 won, and the file took
        // 0.257 bits per value where no prediction's takes 0.122.
        #expect(automatic.predictor == .none)
        #expect(automatic.bits <= plain.bits * 1.01, "\(automatic.bits) against \(plain.bits)")
    }

    @Test("no prediction's origin is the median; every other candidate keeps the given origin")
    func noPredictionOriginIsTheMedian() {
        let values: [Double] = [0, 0, 0, 0, 0, 0, 1, 50, 9]
        values.withUnsafeBufferPointer { values in
            let candidates = PredictorCandidates.candidates(
                requested: nil, rowLength: 1, values: values, blocks: [0..<9], origin: 6.67)
            #expect(candidates.first { $0.kind == .none }?.origin == 0)
            #expect(candidates.filter { $0.kind != .none }.allSatisfy { $0.origin == 6.67 })
            #expect(PredictorCandidates.median(values, blocks: [4..<5, 6..<8]) == 1)
            #expect(PredictorCandidates.median(values, blocks: []) == 0)
        }
        // Distances from the median that overflow: the fallback (the mean) instead.
        let huge = (0..<8).map { [15.0, -15, 10, -10][$0 % 4] * 0x1p1020 }
        huge.withUnsafeBufferPointer { huge in
            #expect(PredictorCandidates.median(huge, blocks: [0..<8], fallback: 0) == 0)
        }
    }

    @Test("a linear predictor asked for on constant values: the error says it cannot be fitted")
    func linearOnConstantValues() {
        let constant = SampleSet(dimension: 1, values: [Double](repeating: 7, count: 1000))
        let settings = PredictiveSettings(targetDistortion: 1e-6, predictor: .linear)
        do {
            _ = try SampleCompression.compressPredicted(constant, settings: settings)
            Issue.record("a linear predictor was fitted to constant values")
        } catch {
            #expect("\(error)".contains("cannot be fitted"), "\(error)")
        }
    }

    @Test("the finalists: no prediction within its margin, the other family only at low rates")
    func finalistRules() {
        let kinds: [Predictor.Kind] = [.none, .previous, .linear, .interpolation]
        let finalists = { (scores: [Double]) in
            PredictiveDesign.finalists(scores, kinds: kinds, preferred: 1)
        }
        // Low rate: interpolation within twice the preferred joins, and no prediction within
        // its margin.
        #expect(finalists([1.2, 0.3, 0.9, 0.5]) == [1, 3, 0])
        // The other family within three times (its probe lacks the level scales), not beyond.
        #expect(finalists([2.5, 0.072, 1.0, 0.162]) == [1, 3])
        #expect(finalists([2.5, 0.072, 1.0, 0.25]) == [1])
        // Higher: neither interpolation (the other family) nor a far no prediction.
        #expect(finalists([3.5, 1.5, 2.9, 2.0]) == [1])
        // A runner-up within 5 % is designed whatever the rate.
        #expect(finalists([3.5, 1.5, 1.55, 2.0]) == [1, 2])
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

    @Test(
        "a close runner-up of another kind is kept for coding; the plan's file is no larger than its own"
    )
    func codedRunnerUp() throws {
        // 30,000 values (above the exhaustive limit): the final costs put linear prediction
        // of order 16 first and linear interpolation within 10 %.
        let x = ContainerVersionTests.burstySignal(30_000)
        let d = Self.variance(x) / 100
        let settings = PredictiveSettings(targetDistortion: d)
        let design = try x.withUnsafeBufferPointer { values in
            try PredictiveDesign.make(
                PredictiveDesign.Input(
                    values: values, importance: nil, rowLength: 1, planeRows: nil,
                    chunkSize: 1 << 20, roundsToFloat32: false, settings: settings, file: "x"))
        }
        let runnerUp = try #require(design.runnerUp)
        #expect(runnerUp.kind != design.predictor.kind)
        #expect(
            x.count > PredictivePlan.exhaustiveLimit && x.count <= PredictivePlan.codedRunnerUpLimit
        )
        // The plan codes the runner-up's kind as `--predictor` would, and keeps the smaller file.
        let automatic = try Self.compressed(x, d)
        let alone = try Self.compressed(x, d, predictor: runnerUp.kind)
        #expect(automatic.bits <= alone.bits)
    }

    /// A design of `designBits` on the design blocks (only that figure matters here).
    static func design(bits: Double) -> PredictiveDesign {
        PredictiveDesign(
            predictor: Predictor(kind: .previous, origin: 0),
            quantizer: ResidualQuantizer(uniformStep: 1, side: 4), candidates: [],
            predictionGainBits: 0, designBits: bits, residualLowerBoundBits: .nan, rounds: 1,
            designSamples: 0)
    }

    @Test(
        "a candidate left out whose probe promises fewer bits than the winner's design gave is designed too"
    )
    func misjudgedProbe() {
        var asked = 0
        func cost(_ value: Double) -> () -> Double {
            {
                asked += 1
                return value
            }
        }
        // The best candidate left out (index 2, probed at 1.8) against a winner that realised
        // 2.1 bits: designed, and the winner's cost handed on.
        let next = PredictiveDesign.misjudged(
            [2.0, 1.5, 1.8, 1.9], designed: [1], winner: Self.design(bits: 2.5), cost: cost(2.1))
        #expect(next?.candidate == 2 && next?.cost == 2.1)
        // Within the finalists' edge of the realised cost: not worth a design.
        #expect(
            PredictiveDesign.misjudged(
                [2.0, 1.5, 1.8], designed: [1], winner: Self.design(bits: 2.5), cost: cost(1.81))
                == nil)
        // Above the winner's closed-loop rate: its cost is not even computed.
        asked = 0
        #expect(
            PredictiveDesign.misjudged(
                [3.0, 1.5, 2.6], designed: [1], winner: Self.design(bits: 2.5), cost: cost(1.0))
                == nil)
        #expect(asked == 0)
        // Every candidate designed: nothing left.
        #expect(
            PredictiveDesign.misjudged(
                [1.0, 1.5], designed: [0, 1], winner: Self.design(bits: 2.5), cost: cost(2.0))
                == nil)
    }
}
