import Foundation
import Testing
import _TestSupport

@testable import Quantization

/// The hard rule's slope search re-encodes only the samples whose codeword differs at the two
/// ends of its bracket (`HardRule+SlopeNarrowing.swift`); it must find what bisection over every
/// sample finds.
struct SlopeNarrowingTests {
    /// Bisection in log s with every sample measured at every trial: the reference.
    static func referenceSlope(
        _ rule: HardRule, _ samples: TrainingSamples, target: Double, low: Double, high: Double
    ) throws -> Double {
        var (low, high) = (low, high)
        for _ in 0..<60 where high / low > 1 + 1e-9 {
            let middle = (low * high).squareRoot()
            var trial = rule
            trial.slope = middle
            if try trial.measure(samples).figures.distortion <= target {
                high = middle
            } else {
                low = middle
            }
        }
        return high
    }

    @Test(
        "on 2-D clusters, with and without important samples, it equals bisection on every sample",
        arguments: [false, true])
    func equalsBisection(withImportance: Bool) throws {
        let values = SeededSamples.fourClusters(3_000, centre: 6, spread: 2, seed: 17)
        let importance = withImportance ? (0..<3_000).map { values[2 * $0] > 8 } : nil
        let samples = try TrainingSamples(values: values, dimension: 2, importance: importance)
        // A 13 × 13 grid with an output law that favours the centre.
        let axis = (0..<13).map { -9.0 + 1.5 * Double($0) }
        let codebook = axis.flatMap { a in axis.flatMap { b in [a, b] } }
        let q = (0..<169).map { j in
            let (a, b) = (axis[j / 13], axis[j % 13])
            return exp(-(a * a + b * b) / 60)
        }
        let total = q.reduce(0, +)
        var rule = HardRule(
            codebook: codebook, q: q.map { $0 / total }, slope: 0.05, dimension: 2,
            tolerance: withImportance ? 0.3 : nil)
        let target = 0.6
        let figures = try rule.tuneSlope(samples, target: target)
        #expect(figures.distortion <= target)
        var below = rule
        below.slope = rule.slope / (1 + 1e-9)
        #expect(try below.measure(samples).figures.distortion > target)
        // The bracket tuneSlope bisects, from its start at 0.05 (factors of 4 upwards).
        var high = 0.05
        var probe = rule
        probe.slope = high
        while try probe.measure(samples).figures.distortion > target {
            high *= 4
            probe.slope = high
        }
        let reference = try Self.referenceSlope(
            rule, samples, target: target, low: high / 4, high: high)
        #expect(rule.slope == reference)
    }
}
