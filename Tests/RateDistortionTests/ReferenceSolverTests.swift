import RateDistortion
import Testing
import _TestSupport

/// The solver against a slow, obviously-correct reference (``ReferenceSolver``: plain constrained
/// Blahut–Arimoto with bisections, run to a self-certified gap of 1e-12) on ~30 seeded tiny
/// instances. A failing case is reproduced by `RandomInstances.tiny(seed:kind:fidelity:slopeMode:)`.
@Suite("Reference solver")
struct ReferenceSolverTests {
    /// Rates agree to this many nats.
    static let agreement = 1e-6

    struct Case: Sendable, CustomTestStringConvertible {
        var seed: UInt64
        var kind: RandomInstances.Kind
        var fidelity: FidelityMix
        var slopeMode: Bool
        var testDescription: String {
            "seed \(seed), \(kind), fidelity \(fidelity)\(slopeMode ? ", slope mode" : "")"
        }
        var problem: Problem {
            RandomInstances.tiny(seed: seed, kind: kind, fidelity: fidelity, slopeMode: slopeMode)
        }
    }

    /// 40 cases: every kind × every fidelity mix in target mode, and one per kind in slope mode.
    static let cases: [Case] = {
        var cases: [Case] = []
        var seed: UInt64 = 1
        for kind in RandomInstances.Kind.allCases {
            for fidelity in FidelityMix.allCases {
                cases.append(Case(seed: seed, kind: kind, fidelity: fidelity, slopeMode: false))
                cases.append(
                    Case(seed: seed + 100, kind: kind, fidelity: fidelity, slopeMode: false))
                seed += 1
            }
        }
        for (index, kind) in RandomInstances.Kind.allCases.enumerated() {
            cases.append(
                Case(seed: 500 + UInt64(index), kind: kind, fidelity: .both, slopeMode: true))
        }
        return cases
    }()

    @Test(
        "the solver's rate agrees with the reference within 1e-6 nats on tiny instances",
        arguments: cases)
    func agreesWithReference(_ testCase: Case) throws {
        let problem = testCase.problem
        // Gap 1e-9: the reference's rate is then within 1e-9 of the optimum, 1000× inside the comparison.
        let reference = ReferenceSolver.solve(problem, gapTolerance: 1e-9, maxIterations: 50_000)
        // The oracle must itself be certified before it can judge (its own Lagrangian bound).
        try #require(
            reference.gapNats <= 1e-9,
            "reference did not converge: gap \(reference.gapNats) after \(reference.iterations) passes"
        )
        let solution = try Solver().solve(problem)
        #expect(solution.status == .optimal)
        #expect(
            isClose(solution.rateNats, reference.rateNats, absolute: Self.agreement),
            "rate \(solution.rateNats), reference \(reference.rateNats)")
        switch problem.constraint {
        case .targetDistortion:
            // Each side's certified bound is below the other's feasible rate (1e-12 for rounding).
            #expect(solution.lowerBoundNats <= reference.rateNats + 1e-12)
            #expect(reference.lowerBoundNats <= solution.rateNats + 1e-12)
        case .slope(let s):
            // In slope mode both minimise I + s·E d: compare the objectives, and the slope is kept.
            #expect(
                isClose(
                    solution.rateNats + s * solution.distortion, reference.objectiveNats,
                    absolute: Self.agreement))
            #expect(solution.slope == s)
        }
        if solution.slope > 1e-6 && reference.slope > 1e-6 {
            // Where the average bound binds the optimal distortion is unique (R is strictly convex there).
            #expect(
                isClose(solution.distortion, reference.distortion, absolute: 1e-6, relative: 1e-5),
                "distortion \(solution.distortion), reference \(reference.distortion)")
        }
        if case .targetDistortion(let target) = problem.constraint {
            #expect(solution.distortion <= target * (1 + 1e-12))
        }
        // The certificate, re-evaluated by the reference's own code, proves what it claims.
        if let independent = ReferenceSolver.lowerBound(of: solution.certificate, for: problem) {
            #expect(
                isClose(independent, solution.lowerBoundNats, absolute: 1e-10),
                "independent bound \(independent), claimed \(solution.lowerBoundNats)")
            if case .targetDistortion = problem.constraint {
                #expect(
                    independent <= reference.rateNats + 1e-12,
                    "a bound above the reference's feasible rate")
            }
        }
    }
}
