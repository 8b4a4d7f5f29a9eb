import Testing
import _TestSupport

@testable import RateDistortion

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Newton's exact fit of the slopes of rows with their own tolerance, and the coarse start that
/// keeps such rows servable.
@Suite("Row slope fit")
struct RowSlopeFitTests {
    /// Two codewords of equal mass at excess 0 and 1: the row's distortion at slope t is
    /// 1/(1 + e^t), so the slope meeting a bound b is log((1 − b)/b).
    @Test(
        "the slope search meets a closed-form root from below, from above and from far above",
        arguments: [0.3, 1e-3, 1e-9])
    func slopeSearchMeetsClosedForm(bound: Double) {
        let exact = log((1 - bound) / bound)
        for start in [0.0, exact * 1.5, exact * 1e3] {
            let t = ActiveSetNewton.slopeMeeting(bound, above: 0, from: start) { t in
                let d = 1 / (1 + exp(t))
                return (d, d * (1 - d))
            }
            #expect(abs(t - exact) <= 1e-12 * exact, "start \(start): \(t) vs \(exact)")
        }
    }

    /// After the fit every row with its own tolerance is either free with its distortion at the
    /// base slope within its tolerance, or binding with its distortion at its tolerance (to a
    /// relative 1e-13, judged by the full evaluation); unreachable rows keep their slopes.
    @Test("fitted rows meet their tolerance exactly or are free", arguments: [0.3, 30.0, 3e4])
    func fittedRowsMeetTheirTolerance(slope: Double) throws {
        var (newton, iterate) = try RestrictedWindowTests.makeCase(seed: 17, slope: slope)
        newton.usesWindows = true
        let excess = RestrictedWindowTests.excess(newton, iterate)
        let before = iterate
        newton.fitOwnSlopes(&iterate, excess: excess)
        let evaluation = newton.evaluate(iterate, excess: excess)
        let layout = newton.layout
        let r = iterate.active.count
        var binding = 0
        for i in 0..<layout.rows where layout.hasOwnSlope(i) {
            let tolerance = layout.rowTolerance[i]
            let distortion = layout.rowMinima[i] + evaluation.mean[i]
            let reachable = (0..<r).contains {
                excess[i, $0] < tolerance - layout.rowMinima[i]
            }
            guard reachable else {
                #expect(iterate.beta[i] == before.beta[i])
                continue
            }
            if iterate.rowBinds[i] {
                binding += 1
                #expect(iterate.beta[i] > iterate.s)
                #expect(abs(distortion - tolerance) <= 1e-13 * tolerance)
            } else {
                #expect(iterate.beta[i] == iterate.s)
                #expect(distortion <= tolerance * (1 + 1e-13))
            }
        }
        #expect(binding > 0 || slope > 1e3)
    }

    /// A line whose every other codeword cannot serve some tail samples within their
    /// tolerance: the coarse level keeps their neighbours, so a coarse start exists and the
    /// solve certifies with every tail sample within its tolerance.
    @Test("a coarse start exists when every other codeword cannot serve a tolerance row")
    func coarseStartServesToleranceRows() throws {
        var generator = SplitMix64(seed: 41)
        let n = 500
        // Student-t-like: a Gaussian over a random scale, so that there are tails.
        let x = (0..<n).map { _ in
            generator.nextGaussian() / sqrt(max(0.05, Double.random(in: 0...1, using: &generator)))
        }
        let step = 0.02
        let low = (x.min() ?? 0) - 0.1
        let m = Int(((x.max() ?? 0) + 0.1 - low) / step) + 1
        let grid = (0..<m).map { low + step * Double($0) }
        let tails = x.indices.filter { abs(x[$0]) > 2.5 }
        // The fine grid serves every sample within 0.01; every other codeword only within 0.02.
        let tolerance = 0.015 * 0.015
        let problem = try Problem(
            sourcePoints: PointSet(dimension: 1, coordinates: x),
            probabilities: ProbabilityVector(weights: [Double](repeating: 1, count: n)),
            codebook: PointSet(dimension: 1, coordinates: grid), measure: .squaredError,
            constraint: .targetDistortion(0.01),
            fidelity: [FidelityClass(name: "tails", members: tails, tolerance: tolerance)])
        let everyOther = Array(stride(from: 0, to: m, by: 2))
        let coarseOnly = try? problem.restricting(codebookTo: everyOther)
        #expect(coarseOnly == nil, "the plain coarse codebook should be infeasible here")
        let solver = Solver()
        let kernel = RowKernel(field: problem.distortionField())
        let layout = try ProgramLayout(problem: problem, rowMinima: kernel.rowMinima)
        let order = try #require(kernel.field.scalarCodebookOrder)
        #expect(solver.coarseStart(problem, order: order, layout: layout, deadline: nil) != nil)
        let solution = try solver.solve(problem)
        #expect(solution.status == .optimal)
        #expect(solution.rateNats - solution.lowerBoundNats <= solver.criteria.gapTolerance)
        for i in tails { #expect(solution.rowDistortions[i] <= tolerance * (1 + 1e-9)) }
    }

    /// The N × N Gaussian grid with a tail class (the solver benchmark's problem): every other
    /// codeword serves every tail point within its tolerance, so the coarse level adds nothing
    /// and stays coarse (keeping the neighbours of all tail points made it keep over three
    /// quarters of the codewords: no coarse start, and 500 s instead of 2 s at N = 2048).
    @Test("a tail class the coarse codebook serves leaves the coarse level coarse")
    func servedTailsKeepTheLevelCoarse() throws {
        let n = 256
        let problem = try GaussianGrid.benchmark(points: n)
        let solver = Solver()
        let start = try solver.requiredCoarseStart(of: problem)
        // The fine active set comes from a level of about half the codewords (each coarse
        // codeword and its two neighbours).
        #expect(start.active.count <= n)
        let solution = try solver.solve(problem)
        #expect(solution.status == .optimal)
        #expect(solution.iterations <= 100, "\(solution.iterations) passes")
    }
}
