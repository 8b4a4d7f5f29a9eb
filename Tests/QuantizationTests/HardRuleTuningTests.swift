import Testing

@testable import Quantization

/// Slope tuning of the hard rule when no slope reaches the target.
@Suite("Hard rule tuning")
struct HardRuleTuningTests {
    /// Two codewords at ±1 for samples spread over [−3, 3]: even nearest-neighbour encoding
    /// leaves a mean squared error far above 0.01. Tuning again (as the design does after each
    /// polish) must keep the slope finite and at most the cap, in both searches.
    @Test("an unreachable target leaves the slope finite", arguments: [false, true])
    func unreachableTargetKeepsSlopeFinite(scalarSearch: Bool) throws {
        let values = (0..<600).map { -3 + 6 * Double($0) / 599 }
        let samples = try TrainingSamples(scalars: values)
        let distinct = DistinctValues(samples)
        var rule = HardRule(
            codebook: [-1, 1], q: [0.5, 0.5], slope: 1, dimension: 1, tolerance: nil)
        let target = 0.01
        for _ in 0..<5 {
            let figures =
                scalarSearch
                ? try rule.tuneScalarSlope(samples, values: distinct, target: target)
                : try rule.tuneSlope(samples, target: target)
            #expect(figures.distortion > target)
            #expect(rule.slope.isFinite)
            #expect(rule.slope <= 4 * HardRule.slopeCap(target: target))
        }
    }
}
