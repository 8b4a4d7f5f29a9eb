import Foundation
import RateDistortion
import Testing

/// A coarse level of the speech relaxation with a tail class (docs/mathematics.md,
/// "Convergence"): 359 atoms of a 16-bit speech signal at D = var/1000, 417 codewords, the 103
/// atoms beyond 4σ held to D/10 each.
///
/// A Newton step took the average bound's slope past zero while the average distortion was
/// still far above its target. The bound stopped binding, its residual left the merit, and the
/// step was accepted: T collapsed onto the tail's codewords, every Newton attempt failed the
/// same way, and the solve spent 20,000 Blahut–Arimoto passes (6.9 s in a release build) where
/// it now certifies after 16.
@Suite("Coarse level with a tail class")
struct CoarseLevelTailTests {
    static func fixture() throws -> Problem {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/speech-tails-coarse-level.json")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
        let document = try #require(object as? [String: Any])
        let source = try #require(document["source"] as? [String: Any])
        let points = try #require(source["points"] as? [Double])
        let probabilities = try #require(source["probabilities"] as? [Double])
        let codebook = try #require(document["codebook"] as? [Double])
        let target = try #require(document["target_distortion"] as? Double)
        let tail = try #require((document["fidelity"] as? [[String: Any]])?.first)
        let members = try #require(tail["members"] as? [Int])
        let tolerance = try #require(tail["tolerance"] as? Double)
        return try Problem(
            sourcePoints: PointSet(dimension: 1, coordinates: points),
            probabilities: ProbabilityVector(weights: probabilities),
            codebook: PointSet(dimension: 1, coordinates: codebook), measure: .squaredError,
            constraint: .targetDistortion(target),
            fidelity: [FidelityClass(name: "tail", members: members, tolerance: tolerance)])
    }

    @Test("certifies by Newton within a few dozen passes, every tail atom within its tolerance")
    func certifiesQuickly() throws {
        let problem = try Self.fixture()
        // The pass limit of a coarse level: the old behaviour fails here instead of running on.
        let solver = Solver(criteria: SolverCriteria(maxIterations: 400))
        let solution = try solver.solve(problem)
        #expect(solution.status == .optimal)
        #expect(solution.iterations <= 64)
        #expect(solution.lowerBoundNats <= solution.rateNats)
        #expect(solution.rateNats - solution.lowerBoundNats <= 1e-9)
        let target = 10504.84625
        #expect(solution.distortion <= target * (1 + 1e-12))
        for i in problem.fidelity[0].members {
            #expect(solution.rowDistortions[i] <= 1050.484625 * (1 + 1e-12))
        }
    }
}
