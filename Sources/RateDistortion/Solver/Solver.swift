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
        let deadline = criteria.timeLimit.flatMap {
            $0.isNaN ? nil : start + .seconds(min(max(0, $0), 1e9))
        }
        var newton = ActiveSetNewton(
            kernel: kernel, layout: layout, gapTolerance: criteria.gapTolerance)
        newton.deadline = deadline
        func finish(_ state: SolverState, _ evaluation: BoundEvaluation, passes: Int) -> Solution {
            makeSolution(
                problem: problem, layout: layout, state: state, evaluation: evaluation,
                iterations: passes, seconds: (clock.now - start) / .seconds(1))
        }
        var state = SolverState(layout: layout)
        if let warm = warmStart, let warmState = Self.warmState(warm, layout: layout) {
            state = warmState
        }
        if warmStart != nil {
            // A neighbour's support is the best first guess of this problem's: Newton from it.
            let largest = state.q.max() ?? 0
            let support = state.q.indices.filter { state.q[$0] > Self.supportFraction * largest }
            var trial = state
            if support.count <= newton.maximumActive,
                let evaluation = newton.run(from: &trial, active: support)
            {
                return finish(trial, evaluation, passes: 0)
            }
        }
        // What a Newton run stopped by the deadline left (its last feasible iterate).
        var interrupted: SolverState?
        if warmStart == nil, let order = newton.scalarOrder,
            let coarse = coarseStart(problem, order: order, layout: layout, deadline: deadline)
        {
            var trial = coarse.state
            state = coarse.state
            progress?(
                SolverProgress(
                    iterations: 0, lowerBound: -.infinity, rate: .infinity, phase: .newton))
            if let evaluation = newton.run(
                from: &trial, active: coarse.active)
            {
                return finish(trial, evaluation, passes: coarse.passes)
            }
            interrupted = trial
        }
        let run = alternate(from: state, newton: newton, deadline: deadline, progress: progress)
        if let stopped = run.interrupted { interrupted = stopped }
        var (finalState, evaluation) =
            run.certified ?? certify(run.state, kernel: kernel, layout: layout)
        // Stopped by the clock: the last Newton iterate may certify more than the passes did.
        if run.certified == nil, let deadline, clock.now >= deadline, let interrupted {
            let alternative = certify(interrupted, kernel: kernel, layout: layout)
            if alternative.1.lowerBound > evaluation.lowerBound {
                (finalState, evaluation) = alternative
            }
        }
        return finish(finalState, evaluation, passes: run.passes)
    }

    /// A neighbour's final state as the start of this problem, when the sizes agree: its
    /// slope replaced by a fixed one (or 0 for a problem without an average bound), q kept
    /// positive.
    static func warmState(_ warm: Solution, layout: ProgramLayout) -> SolverState? {
        guard warm.state.q.count == layout.columns,
            warm.state.multipliers.beta.count == layout.rows,
            warm.state.multipliers.nu.count == layout.classes.count
        else { return nil }
        var state = warm.state
        if let slope = layout.fixedSlope { state.multipliers.s = slope }
        if layout.target == nil && layout.fixedSlope == nil { state.multipliers.s = 0 }
        state.q = state.q.map { max($0, 1e-300) }
        return state
    }

    /// Where ``alternate(from:newton:deadline:progress:)`` stopped.
    struct AlternationOutcome {
        /// The last Blahut–Arimoto state.
        var state: SolverState
        /// A state whose certificate closed the gap, with its evaluation, if one was reached.
        var certified: (SolverState, BoundEvaluation)?
        /// The last Newton iterate of a run the deadline stopped.
        var interrupted: SolverState?
        /// Passes spent.
        var passes = 0
    }

    /// Constrained Blahut–Arimoto passes, with a Newton attempt once the support seems settled
    /// (and again after ever longer stretches when one fails), until a certificate closes the
    /// gap, the pass limit or the deadline.
    func alternate(
        from start: SolverState, newton: ActiveSetNewton, deadline: ContinuousClock.Instant?,
        progress: ((SolverProgress) -> Void)?
    ) -> AlternationOutcome {
        let kernel = newton.kernel
        let layout = newton.layout
        var outcome = AlternationOutcome(state: start)
        var nextNewton = Self.passesBeforeNewton
        var peaks: [Int] = []
        var bestLower = -Double.infinity
        while outcome.passes < criteria.maxIterations {
            if let deadline, ContinuousClock.now >= deadline { break }
            let report = outcome.state.blahutArimotoStep(kernel: kernel, layout: layout)
            outcome.passes += 1
            bestLower = max(bestLower, report.lowerBound)
            progress?(
                SolverProgress(
                    iterations: outcome.passes, lowerBound: bestLower, rate: report.rate,
                    phase: .blahutArimoto))
            if report.violation <= Self.passViolationTolerance
                && report.rate - report.lowerBound <= criteria.gapTolerance / 4
            {
                let finished = certify(outcome.state, kernel: kernel, layout: layout)
                if finished.1.rate - finished.1.lowerBound <= criteria.gapTolerance {
                    outcome.certified = finished
                    break
                }
            }
            // On a scalar codebook Newton starts from the peaks of q: wait until their number settles.
            if outcome.passes % Self.peakCountInterval == 0,
                let count = newton.peakCount(outcome.state.q)
            {
                peaks.append(count)
            }
            let peaksSettled =
                layout.columns <= Self.directSolveLimit || peaks.count < 3
                || (peaks.suffix(3).allSatisfy { $0 == peaks.last } && (peaks.last ?? 0) > 1)
            if outcome.passes >= nextNewton && peaksSettled {
                var trial = outcome.state
                progress?(
                    SolverProgress(
                        iterations: outcome.passes, lowerBound: bestLower, rate: report.rate,
                        phase: .newton))
                if let evaluation = newton.run(from: &trial) {
                    outcome.certified = (trial, evaluation)
                    break
                }
                outcome.interrupted = trial
                nextNewton = outcome.passes + max(Self.passesBeforeNewton, outcome.passes / 2)
            }
        }
        return outcome
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
