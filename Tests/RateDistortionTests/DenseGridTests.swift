import RateDistortion
import Testing
import _TestSupport

/// A 2-D codebook, where the Newton system is dense: a grid over four clusters, most of whose
/// codewords the optimum leaves empty. Newton steps that would empty several of them remove
/// them together (docs/mathematics.md, “Convergence”); the solve must still certify.
@Suite("Dense Newton on a 2-D grid")
struct DenseGridTests {
    static func problem() throws -> Problem {
        let points = SeededSamples.fourClusters(240, centre: 6, spread: 2, seed: 11)
        let axis = (0..<15).map { -10.5 + 1.5 * Double($0) }
        let grid = axis.flatMap { a in axis.flatMap { b in [a, b] } }
        return try Problem(
            sourcePoints: PointSet(dimension: 2, coordinates: points),
            probabilities: ProbabilityVector(weights: [Double](repeating: 1, count: 240)),
            codebook: PointSet(dimension: 2, coordinates: grid), measure: .squaredError,
            constraint: .targetDistortion(1.5))
    }

    @Test("certifies to a gap of 1e-9 nats with the target met")
    func certifies() throws {
        let problem = try Self.problem()
        let solution = try Solver().solve(problem)
        #expect(solution.status == .optimal)
        #expect(solution.lowerBoundNats <= solution.rateNats)
        #expect(solution.rateNats - solution.lowerBoundNats <= 1e-9)
        #expect(solution.distortion <= 1.5 * (1 + 1e-12))
        let used = solution.outputProbabilities.filter { $0 > 1e-12 }.count
        #expect(used < 225, "the optimum leaves far grid codewords empty")
    }
}
