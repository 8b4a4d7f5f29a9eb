extension Solver {
    /// A certified solution of `problem` from an output law and slope found elsewhere — by a
    /// solve of a smaller problem on the same codebook, such as the data merged into fewer
    /// atoms — without iterating: each row's own slope, each class price and the average slope
    /// are raised until the Gibbs encoder of `q` meets every bound (none is lowered), and the
    /// certificate is evaluated. The encoder is feasible, so its rate bounds the optimum from
    /// above; the certificate bounds it from below, for any q and slope (a q far from the
    /// problem's optimum only widens the gap).
    ///
    /// - Parameters:
    ///   - problem: a validated problem with an average bound (target distortion).
    ///   - outputProbabilities: q on `problem`'s codebook (non-negative, not all zero).
    ///   - slope: the average slope s to start from (non-negative).
    ///   - rowSlopes: each row's slope to start from (nil: the average slope). A row with its
    ///     own tolerance starts from its entry when that exceeds s; carrying the row slopes of
    ///     the smaller problem keeps the dual prices of rows that bind there, which the
    ///     certificate needs: raised from s alone, only violated rows get a price, and the
    ///     bound can fall well below the encoder's rate.
    /// - Throws: ``RateDistortionError`` for a malformed problem or law.
    /// - Complexity: two passes of the row kernel plus the slope searches, O(n·m·k).
    public func transferring(
        _ outputProbabilities: [Double], slope: Double, rowSlopes: [Double]? = nil,
        to problem: Problem
    ) throws(RateDistortionError) -> Solution {
        let clock = ContinuousClock()
        let start = clock.now
        let kernel = RowKernel(field: problem.distortionField())
        let layout = try ProgramLayout(problem: problem, rowMinima: kernel.rowMinima)
        let total = outputProbabilities.reduce(0, +)
        guard outputProbabilities.count == layout.columns, total > 0, total.isFinite,
            outputProbabilities.allSatisfy({ $0 >= 0 })
        else {
            throw .certificateMismatch(
                reason: "the output law needs \(layout.columns) non-negative entries, not all 0")
        }
        guard slope.isFinite, slope >= 0 else {
            throw .certificateMismatch(reason: "the slope must be finite and non-negative")
        }
        if let rowSlopes {
            guard rowSlopes.count == layout.rows, rowSlopes.allSatisfy({ !($0 < 0) }) else {
                throw .certificateMismatch(
                    reason: "the row slopes need \(layout.rows) non-negative entries")
            }
        }
        var beta = [Double](repeating: 0, count: layout.rows)
        if let rowSlopes {
            for i in 0..<layout.rows where layout.hasOwnSlope(i) && rowSlopes[i].isFinite {
                beta[i] = rowSlopes[i]
            }
        }
        let multipliers = Multipliers(
            s: layout.target == nil ? 0 : slope,
            beta: beta,
            nu: [Double](repeating: 0, count: layout.classes.count))
        let state = SolverState(
            q: outputProbabilities.map { $0 / total }, multipliers: multipliers)
        let (repaired, evaluation) = certify(state, kernel: kernel, layout: layout)
        return makeSolution(
            problem: problem, layout: layout, state: repaired, evaluation: evaluation,
            iterations: 0, seconds: (clock.now - start) / .seconds(1))
    }
}
