import Foundation
import Quantization
import Testing
import _TestSupport

@Suite struct LloydMaxTests {
    static let samples: TrainingSamples? = {
        var rng = SplitMix64(seed: 41)
        return try? TrainingSamples(scalars: (0..<100_000).map { _ in rng.nextGaussian() })
    }()

    /// Max (1960), Table I, unit Gaussian: levels, mean squared error, output entropy.
    static let maxTable: [(levels: Int, distortion: Double, entropy: Double)] = [
        (2, 0.3634, 1.0), (4, 0.1175, 1.911), (8, 0.03454, 2.825), (16, 0.009497, 3.765),
    ]

    @Test("reproduces maxs table", arguments: maxTable)
    func reproducesMaxsTable(levels: Int, distortion: Double, entropy: Double) throws {
        let samples = try #require(Self.samples)
        let result = try LloydMax().quantizer(for: samples, levels: levels)
        #expect(result.method == .lloydMax)
        #expect(result.rule == .nearestNeighbour)
        #expect(result.codewordCount == levels)
        // Sampling error on 100,000 samples: 3% in D, 0.01 bit in H.
        #expect(abs(result.distortion - distortion) <= 0.03 * distortion)
        #expect(abs(result.entropyBits - entropy) <= 0.01)
    }

    @Test("two levels sit at the half means") func twoLevelsSitAtTheHalfMeans() throws {
        let samples = try #require(Self.samples)
        let result = try LloydMax().quantizer(for: samples, levels: 2)
        // ±√(2/π) = ±0.7979 (tolerance 0.01).
        #expect(abs(result.codebook[0] + (2 / Double.pi).squareRoot()) <= 0.01)
        #expect(abs(result.codebook[1] - (2 / Double.pi).squareRoot()) <= 0.01)
    }

    @Test("design picks the fewest levels meeting the target")
    func designPicksTheFewestLevelsMeetingTheTarget() throws {
        let samples = try #require(Self.samples)
        let result = try LloydMax().design(for: samples, targetDistortion: 0.1)
        #expect(result.codewordCount == 8)
        #expect(result.distortion <= 0.1)
        #expect(result.hull.count >= 3)
        #expect(OperatingPointTests.isConvexAndDecreasing(result.hull))
    }

    @Test("enough levels for every value are lossless") func enoughLevelsForEveryValueAreLossless()
        throws
    {
        let samples = try TrainingSamples(scalars: [0, 0, 1, 2, 2, 2])
        let result = try LloydMax().quantizer(for: samples, levels: 4)
        #expect(result.distortion == 0)
        #expect(result.codebook == [0, 1, 2])
        let zero = try LloydMax().design(for: samples, targetDistortion: 0)
        #expect(zero.distortion == 0)
    }

    @Test("vectors split and converge") func vectorsSplitAndConverge() throws {
        var rng = SplitMix64(seed: 42)
        let samples = try TrainingSamples(
            values: (0..<8000).map { _ in rng.nextGaussian() }, dimension: 2)
        let result = try LloydMax().quantizer(for: samples, levels: 16)
        #expect(result.codewordCount == 16)
        // 2-D Gaussian, 16 levels (4 bits per pair): about 0.117 per dimension, like 4 levels
        // per coordinate, or better (tolerance 10%).
        #expect(result.distortion <= 0.1175 * 1.1)
        let target = try LloydMax().design(for: samples, targetDistortion: 0.2)
        #expect(target.distortion <= 0.2)
    }

    @Test("degenerate data") func degenerateData() throws {
        let single = try LloydMax().design(for: TrainingSamples(scalars: [2]), targetDistortion: 0)
        #expect(single.distortion == 0 && single.entropyBits == 0)
        let equal = try LloydMax().design(
            for: TrainingSamples(values: [Double](repeating: 1, count: 20), dimension: 2),
            targetDistortion: 0)
        #expect(equal.distortion == 0 && equal.entropyBits == 0)
    }
}
