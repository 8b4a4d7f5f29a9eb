import ParallelLoops

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension SolverState {
    /// Raises slopes until every bound holds for the Gibbs encoder of the current q: first each
    /// violated row (its own slope), then each violated class (ν_k), then the average (s).
    /// Raising a slope lowers the distortion of the rows it governs and no other, so one sweep
    /// in this order leaves every bound met.
    /// - Complexity: O(m·k) per row evaluation (in one pair of scratch buffers per worker),
    ///   one pass per evaluation of a class or the average.
    mutating func restoreFeasibility(kernel: RowKernel, layout: ProgramLayout) {
        let logQ = q.map { $0 > 0 ? log($0) : -Double.infinity }
        // Laid out once for the many single-row evaluations below.
        let weights = kernel.weights(logQ)
        raiseOwnSlopes(kernel: kernel, layout: layout, weights: weights)
        raiseClassPrices(kernel: kernel, layout: layout, weights: weights)
        if let target = layout.target {
            raiseAverageSlope(kernel: kernel, layout: layout, logQ: logQ, target: target)
        }
    }

    /// Each bound is met with this relative margin, so that rounding cannot leave it violated.
    static let feasibilityMargin = 1e-13

    /// Raises the own slope of every row with a tolerance that its Gibbs row violates.
    private mutating func raiseOwnSlopes(
        kernel: RowKernel, layout: ProgramLayout, weights: RowKernel.Weights
    ) {
        // A row's own slope governs that row alone, so the rows are raised independently
        // (in parallel, each chunk writing its rows' entries only).
        let ownRows = (0..<layout.rows).filter { layout.hasOwnSlope($0) }
        let starts = multipliers.rowSlopes(layout)
        var raised = starts
        let chunks = ownRows.count < 64 ? 1 : min(ownRows.count / 16, ParallelLoop.activeCores * 4)
        raised.withUnsafeMutableBufferPointer { buffer in
            let raised = buffer
            ParallelLoop.forEachChunk(chunks, count: ownRows.count) { _, range in
                let scratch = kernel.rowScratch()
                for i in ownRows[range] {
                    raised[i] = Self.raiseSlope(
                        from: starts[i],
                        bound: layout.rowTolerance[i] * (1 + Self.feasibilityMargin)
                    ) { t in
                        let row = kernel.rowStatistics(
                            row: i, slope: t, weights: weights,
                            negligibleLogRatio: RowKernel.exactLogRatio, scratch: scratch)
                        return (layout.rowMinima[i] + row.meanExcess, row.variance)
                    }
                }
            }
        }
        for i in ownRows where raised[i] > starts[i] { multipliers.beta[i] = raised[i] }
    }

    /// Raises the price ν_k of every class-average bound that is violated.
    private mutating func raiseClassPrices(
        kernel: RowKernel, layout: ProgramLayout, weights: RowKernel.Weights
    ) {
        let scratch = kernel.rowScratch()
        for (k, fidelityClass) in layout.classes.enumerated() {
            let nu0 = multipliers.nu[k]
            let bound = fidelityClass.tolerance * (1 + Self.feasibilityMargin)
            let raised = Self.raiseSlope(from: nu0, bound: bound) { nu in
                var trial = multipliers
                trial.nu[k] = nu
                let slopes = trial.rowSlopes(layout)
                var sum = 0.0
                var derivative = 0.0
                for i in fidelityClass.members {
                    let row = kernel.rowStatistics(
                        row: i, slope: slopes[i], weights: weights,
                        negligibleLogRatio: RowKernel.exactLogRatio, scratch: scratch)
                    sum += layout.p[i] * (layout.rowMinima[i] + row.meanExcess)
                    if slopes[i] <= trial.baseSlope(i, layout) {
                        derivative += layout.p[i] * row.variance
                    }
                }
                return (sum / fidelityClass.mass, derivative / fidelityClass.mass)
            }
            multipliers.nu[k] = raised
        }
    }

    /// Raises the base slope s until the average distortion is at most `target`.
    private mutating func raiseAverageSlope(
        kernel: RowKernel, layout: ProgramLayout, logQ: [Double], target: Double
    ) {
        let s0 = multipliers.s
        multipliers.s = Self.raiseSlope(
            from: s0, bound: target * (1 + Self.feasibilityMargin)
        ) { s in
            var trial = multipliers
            trial.s = s
            let slopes = trial.rowSlopes(layout)
            let pass = kernel.pass(
                logWeights: logQ, slopes: slopes, probabilities: layout.p,
                accumulateColumns: false)
            var sum = 0.0
            var derivative = 0.0
            for i in 0..<layout.rows {
                sum += layout.p[i] * (layout.rowMinima[i] + pass.meanExcess[i])
                if !layout.isHardRow[i] && slopes[i] <= trial.baseSlope(i, layout) {
                    derivative += layout.p[i] * pass.variance[i]
                }
            }
            return (sum, derivative)
        }
    }

    /// Newton steps aim this fraction of the remaining excess below the bound (at most
    /// ``largestAimFraction`` of the bound). A distortion that falls convexly in the slope lies
    /// above its tangent, so steps aimed at the bound itself approach it from above and reach
    /// it only by rounding: the transferred encoder of 10^6 Laplace samples with tails took
    /// five kernel passes (3.5 s each) to cover a relative excess of 8e-7; aimed just below,
    /// the first step lands under the bound.
    static let aimFraction = 1e-3
    /// The most, relative to the bound, a step aims below it (the encoder's distortion is then
    /// within this fraction of the bound, which moves its rate by about as little).
    static let largestAimFraction = 1e-9

    /// The smallest slope found (by safeguarded Newton steps, monotone from the left) at which a
    /// non-increasing distortion `value(t)` is at most `bound`; returns `start` if it already is.
    static func raiseSlope(from start: Double, bound: Double, _ value: (Double) -> (Double, Double))
        -> Double
    {
        var t = start
        var (current, derivative) = value(t)
        var iterations = 0
        while current > bound && iterations < 200 {
            let aim = bound - min(aimFraction * (current - bound), largestAimFraction * abs(bound))
            let step = derivative > 0 ? (current - aim) / derivative : max(t, 1)
            t = min(t + max(step, 1e-15 * max(t, 1)), t * 16 + 16)
            (current, derivative) = value(t)
            iterations += 1
        }
        return t
    }
}
