import RateDistortion
import Testing
import _TestSupport

/// `Solver.transferring`: a certified solution from an output law and slopes found elsewhere.
@Suite("Transfer of an output law and slopes")
struct TransferTests {
    /// A 121-point Gaussian grid with its tails held to a per-element tolerance.
    static func tailProblem() throws -> Problem {
        let points = (0...120).map { -4 + Double($0) / 15 }
        let tails = points.indices.filter { abs(points[$0]) > 2.5 }
        return try GaussianGrid.problem(
            on: points, constraint: .targetDistortion(0.1),
            fidelity: [FidelityClass(name: "tail", members: tails, tolerance: 0.02)])
    }

    /// Carried back onto its own problem, an optimum with its row slopes is certified again to
    /// the solver's gap; with the average slope alone the bound still holds, below the rate.
    @Test("a solution's own law and row slopes certify it again; the slope alone still bounds")
    func ownSolution() throws {
        let problem = try Self.tailProblem()
        let solution = try Solver().solve(problem)
        try #require(solution.status == .optimal)
        let carried = try Solver().transferring(
            solution.outputProbabilities, slope: solution.slope, rowSlopes: solution.rowSlopes,
            to: problem)
        #expect(carried.gapNats <= 1e-8, "gap \(carried.gapNats)")
        #expect(carried.distortion <= 0.1 * (1 + 1e-12))
        let slopeOnly = try Solver().transferring(
            solution.outputProbabilities, slope: solution.slope, to: problem)
        #expect(slopeOnly.lowerBoundNats <= solution.rateNats + 1e-12)
        #expect(slopeOnly.lowerBoundNats <= slopeOnly.rateNats + 1e-12)
    }

    @Test("row slopes of the wrong count or negative are refused")
    func badRowSlopes() throws {
        let problem = try Self.tailProblem()
        let solution = try Solver().solve(problem)
        let q = solution.outputProbabilities
        #expect(throws: RateDistortionError.self) {
            try Solver().transferring(q, slope: 1, rowSlopes: [1, 2], to: problem)
        }
        #expect(throws: RateDistortionError.self) {
            try Solver().transferring(
                q, slope: 1, rowSlopes: [Double](repeating: -1, count: 121), to: problem)
        }
    }
}
