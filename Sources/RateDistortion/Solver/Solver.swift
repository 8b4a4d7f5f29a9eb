/// The certified solver of the convex program of docs/mathematics.md.
///
/// Constrained Blahut–Arimoto passes locate the support of the output law and the slopes;
/// then an active-set Newton method (`ActiveSetNewton`) solves the optimality system on that
/// support to rounding accuracy, where plain Blahut–Arimoto would converge sublinearly. The
/// reported bound is always recomputed by the certificate formula from the final iterate, so
/// it is valid whatever produced that iterate.
///
/// Guarantees: the returned encoder meets every bound to a relative 1e-12; its rate is an upper
/// bound on the optimum and ``Solution/lowerBoundNats`` a lower bound; `status == .optimal`
/// exactly when their difference is at most ``SolverCriteria/gapTolerance``.
public struct Solver: Sendable {
    /// Stopping rules.
    public var criteria: SolverCriteria

    /// Creates a solver.
    public init(criteria: SolverCriteria = SolverCriteria()) {
        self.criteria = criteria
    }

    /// Passes before the first Newton attempt; after a failed one the next waits half as many
    /// passes again as were spent (at least this many).
    static let passesBeforeNewton = 16
    /// Passes between two counts of the peaks of q (scalar codebooks).
    static let peakCountInterval = 8
    /// Plain passes stop for a certificate once their bound violation is below this.
    static let passViolationTolerance = 1e-11
    /// Codewords above this fraction of the largest mass form a warm start's support.
    static let supportFraction = 1e-12

    /// Solves `problem` to a certified gap.
    /// - Parameters:
    ///   - problem: a validated problem.
    ///   - warmStart: a solution of a neighbouring problem with the same codebook size (e.g.
    ///     the previous point of a curve); ignored if the sizes differ.
    ///   - progress: called now and then with the state of the iteration.
    /// - Returns: the solution with its certificate.
    /// - Throws: ``RateDistortionError/infeasible(bound:value:minimum:)`` for a bound no encoder meets.
    /// - Complexity: O(n·m·k) per pass; a few hundred passes at most on well-posed problems.
    public func solve(
        _ problem: Problem, warmStart: Solution? = nil, progress: ((SolverProgress) -> Void)? = nil
    ) throws(RateDistortionError) -> Solution {
        let clock = ContinuousClock()
        let start = clock.now
        let kernel = RowKernel(field: problem.distortionField())
        let layout = try ProgramLayout(problem: problem, rowMinima: kernel.rowMinima)
        var state = SolverState(layout: layout)
        if let warm = warmStart, warm.state.q.count == layout.columns,
            warm.state.multipliers.beta.count == layout.rows,
            warm.state.multipliers.nu.count == layout.classes.count
        {
            state = warm.state
            if let slope = layout.fixedSlope { state.multipliers.s = slope }
            if layout.target == nil && layout.fixedSlope == nil { state.multipliers.s = 0 }
            state.q = state.q.map { max($0, 1e-300) }
        }
        let deadline = criteria.timeLimit.flatMap {
            $0.isNaN ? nil : start + .seconds(min(max(0, $0), 1e9))
        }
        var newton = ActiveSetNewton(
            kernel: kernel, layout: layout, gapTolerance: criteria.gapTolerance)
        newton.deadline = deadline
        // What a Newton run stopped by the deadline left (its last feasible iterate).
        var interrupted: SolverState?
        var iterations = 0
        if warmStart != nil {
            // A neighbour's support is the best first guess of this problem's: Newton from it.
            let largest = state.q.max() ?? 0
            let support = state.q.indices.filter { state.q[$0] > Self.supportFraction * largest }
            var trial = state
            if support.count <= ActiveSetNewton.maximumActive,
                let evaluation = newton.run(from: &trial, active: support)
            {
                let seconds = (clock.now - start) / .seconds(1)
                return makeSolution(
                    problem: problem, layout: layout, state: trial, evaluation: evaluation,
                    iterations: 0, seconds: seconds)
            }
        }
        if warmStart == nil, let order = newton.scalarOrder,
            let coarse = coarseStart(problem, order: order, layout: layout, deadline: deadline)
        {
            var trial = coarse.state
            state = coarse.state
            progress?(
                SolverProgress(
                    iterations: 0, lowerBound: -.infinity, rate: .infinity, phase: .newton))
            if let evaluation = newton.run(
                from: &trial, active: coarse.active, fitting: coarse.borrowedSlopes)
            {
                let seconds = (clock.now - start) / .seconds(1)
                return makeSolution(
                    problem: problem, layout: layout, state: trial, evaluation: evaluation,
                    iterations: coarse.passes, seconds: seconds)
            }
            interrupted = trial
        }
        var nextNewton = Self.passesBeforeNewton
        var peaks: [Int] = []
        var bestLower = -Double.infinity
        var certified: (SolverState, BoundEvaluation)?
        while iterations < criteria.maxIterations {
            if let deadline, clock.now >= deadline { break }
            let report = state.blahutArimotoStep(kernel: kernel, layout: layout)
            iterations += 1
            bestLower = max(bestLower, report.lowerBound)
            progress?(
                SolverProgress(
                    iterations: iterations, lowerBound: bestLower, rate: report.rate,
                    phase: .blahutArimoto))
            if report.violation <= Self.passViolationTolerance
                && report.rate - report.lowerBound <= criteria.gapTolerance / 4
            {
                let finished = certify(state, kernel: kernel, layout: layout)
                if finished.1.rate - finished.1.lowerBound <= criteria.gapTolerance {
                    certified = finished
                    break
                }
            }
            // On a scalar codebook Newton starts from the peaks of q: wait until their number settles.
            if iterations % Self.peakCountInterval == 0, let count = newton.peakCount(state.q) {
                peaks.append(count)
            }
            let peaksSettled =
                layout.columns <= Self.directSolveLimit || peaks.count < 3
                || (peaks.suffix(3).allSatisfy { $0 == peaks.last } && (peaks.last ?? 0) > 1)
            if iterations >= nextNewton && peaksSettled {
                var trial = state
                progress?(
                    SolverProgress(
                        iterations: iterations, lowerBound: bestLower, rate: report.rate,
                        phase: .newton))
                if let evaluation = newton.run(from: &trial) {
                    certified = (trial, evaluation)
                    break
                }
                interrupted = trial
                nextNewton = iterations + max(Self.passesBeforeNewton, iterations / 2)
            }
        }
        var (finalState, evaluation) = certified ?? certify(state, kernel: kernel, layout: layout)
        // Stopped by the clock: the last Newton iterate may certify more than the passes did.
        if certified == nil, let deadline, clock.now >= deadline, let interrupted {
            let alternative = certify(interrupted, kernel: kernel, layout: layout)
            if alternative.1.lowerBound > evaluation.lowerBound {
                (finalState, evaluation) = alternative
            }
        }
        let seconds = (clock.now - start) / .seconds(1)
        return makeSolution(
            problem: problem, layout: layout, state: finalState, evaluation: evaluation,
            iterations: iterations, seconds: seconds)
    }

    /// Makes `state` feasible (raising slopes where a bound is exceeded) and evaluates its certificate.
    func certify(_ state: SolverState, kernel: RowKernel, layout: ProgramLayout) -> (
        SolverState, BoundEvaluation
    ) {
        var repaired = state
        repaired.restoreFeasibility(kernel: kernel, layout: layout)
        let evaluation = BoundEvaluation(
            kernel: kernel, layout: layout, q: repaired.q, multipliers: repaired.multipliers,
            referenceDistortion: layout.target)
        return (repaired, evaluation)
    }
}
