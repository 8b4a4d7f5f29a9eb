import Testing
import _TestSupport

@testable import RateDistortion

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The certified supremum over the real line against dense evaluation, and certificates that
/// claim a bound over the real line.
@Suite("Bound over the real line")
struct LineSupremumTests {
    /// The supremum bound is at least the largest of 200,001 evaluations over the points' range
    /// and beyond it (and at the points), and within its tolerance of that largest value.
    @Test("the certified supremum bounds dense evaluation and is tight", arguments: [true, false])
    func supremumBoundsDenseEvaluation(squared: Bool) {
        var generator = SplitMix64(seed: squared ? 3 : 4)
        let n = 60
        let x = (0..<n).map { _ in 3 * generator.nextGaussian() }
        let slopes = (0..<n).map { _ in Double.random(in: 0.5...40, using: &generator) }
        let logWeights = (0..<n).map { _ in Double.random(in: -4...0, using: &generator) }
        let line = LineSupremum(points: x, logWeights: logWeights, slopes: slopes, squared: squared)
        let cuts = stride(from: -9.0, through: 9.0, by: 0.7).map { $0 }
        let result = line.supremum(cuts: cuts, tolerance: 1e-7)
        var dense = 0.0
        let low = (x.min() ?? 0) - 1
        let high = (x.max() ?? 0) + 1
        // Under absolute error each point is a peak of its own term: evaluate there too.
        let probes = (0...200_000).map { low + (high - low) * Double($0) / 200_000 } + x
        for y in probes {
            var c = 0.0
            for i in 0..<n {
                let u = abs(x[i] - y)
                c += exp(logWeights[i] - slopes[i] * (squared ? u * u : u))
            }
            dense = max(dense, c)
        }
        #expect(result.bound >= dense)
        #expect(result.bound <= dense * (1 + 1e-5), "bound \(result.bound), dense \(dense)")
        #expect(result.largestValue <= result.bound)
    }

    /// A problem on a coarse grid: its bound over the real line is below the grid's (the
    /// reconstructions between codewords can do better), both are confirmed when claimed, and
    /// the grid's bound claimed over the real line is refuted.
    @Test(
        "a bound over the real line is lower than the grid's; the grid's claimed for it is refuted")
    func realLineCertificate() throws {
        var generator = SplitMix64(seed: 12)
        let n = 400
        let x = (0..<n).map { _ in generator.nextGaussian() }
        let grid = stride(from: -4.0, through: 4.0, by: 0.25).map { $0 }
        let problem = try Problem(
            sourcePoints: PointSet(dimension: 1, coordinates: x),
            probabilities: ProbabilityVector(weights: [Double](repeating: 1, count: n)),
            codebook: PointSet(dimension: 1, coordinates: grid), measure: .squaredError,
            constraint: .targetDistortion(0.05))
        let solution = try Solver().solve(problem)
        #expect(solution.status == .optimal)
        var certificate = solution.certificate
        #expect(certificate.isConfirmed(by: try certificate.recomputedLowerBound(for: problem)))
        certificate.reconstructions = .realLine
        let realLine = try certificate.recomputedLowerBound(for: problem)
        #expect(realLine < solution.lowerBoundNats - 1e-3)
        #expect(!certificate.isConfirmed(by: realLine))
        certificate.lowerBoundNats = realLine
        #expect(certificate.isConfirmed(by: try certificate.recomputedLowerBound(for: problem)))
        // Hamming distortion has no line: refused.
        let symbols = try Problem(
            sourcePoints: PointSet(dimension: 1, coordinates: [0, 1, 2]),
            probabilities: ProbabilityVector(weights: [1, 1, 1]),
            codebook: PointSet(dimension: 1, coordinates: [0, 1, 2]), measure: .hamming,
            constraint: .targetDistortion(0.2))
        var hamming = try Solver().solve(symbols).certificate
        hamming.reconstructions = .realLine
        #expect(throws: RateDistortionError.self) {
            try hamming.recomputedLowerBound(for: symbols)
        }
    }
}
