#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Certificate {
    /// Recomputes the lower bound this certificate proves for `problem`, independently of the
    /// solver: one pass for `log Z̃_i`, one for the column sums `c_j`, then the formula of
    /// docs/mathematics.md with every multiplier as stated (a member of several per-element classes
    /// uses each class's own tolerance).
    ///
    /// - Returns: the bound in nats (with the same rounding allowance as the solver).
    /// - Throws: ``RateDistortionError`` if the problem is malformed or infeasible, or the
    ///   certificate does not fit it (sizes, negative or non-finite multipliers, distortion).
    /// - Complexity: two passes of the row kernel, O(n·m·k).
    public func recomputedLowerBound(for problem: Problem) throws(RateDistortionError) -> Double {
        let kernel = RowKernel(field: problem.distortionField())
        let layout = try ProgramLayout(problem: problem, rowMinima: kernel.rowMinima)
        try checkOutputLaw(columns: layout.columns)
        guard prices.count == problem.fidelity.count else {
            throw .certificateMismatch(
                reason: "\(prices.count) fidelity entries for \(problem.fidelity.count) classes")
        }
        let reference = try referenceDistortion(problem.constraint, layout: layout)
        let s = slope ?? 0
        guard s.isFinite, s >= 0 else {
            throw .certificateMismatch(reason: "slope must be finite and non-negative")
        }
        guard slope != nil || layout.isAverageAtEdge else {
            throw .certificateMismatch(
                reason: "slope is missing but the target is not at its hard-assignment limit")
        }
        var rows = RowSlopes(slopes: [Double](repeating: s, count: layout.rows))
        if !layout.isAverageAtEdge { rows.slack.add(s * (layout.leastDistortion - reference)) }
        for (k, fidelityClass) in problem.fidelity.enumerated() {
            guard prices[k].name == fidelityClass.name else {
                throw .certificateMismatch(
                    reason:
                        "fidelity[\(k)] is named '\(prices[k].name)', not '\(fidelityClass.name)'")
            }
            try addPrices(prices[k].prices, of: fidelityClass, layout: layout, to: &rows)
        }
        for i in 0..<layout.rows where layout.isHardRow[i] {
            rows.slopes[i] = ProgramLayout.hardSlope
        }
        if reconstructions == .realLine {
            try Self.checkRealLine(problem, layout: layout, slopes: rows.slopes)
        }
        return bound(
            kernel: kernel, layout: layout, slopes: rows.slopes, slack: rows.slack, p: layout.p)
    }

    /// A bound over the real line needs scalar points under squared or absolute error, and
    /// finite slopes: a row held to its nearest codeword (an infinite slope) would make the
    /// supremum infinite wherever a reconstruction could come closer than that codeword.
    static func checkRealLine(_ problem: Problem, layout: ProgramLayout, slopes: [Double])
        throws(RateDistortionError)
    {
        guard problem.sourcePoints?.dimension == 1, problem.codebook?.dimension == 1 else {
            throw .certificateMismatch(
                reason: "a bound over the real line needs scalar source points and codebook")
        }
        switch problem.measure {
        case .squaredError, .absoluteError: break
        default:
            throw .certificateMismatch(
                reason: "a bound over the real line needs squared or absolute error")
        }
        guard !layout.isAverageAtEdge else {
            throw .certificateMismatch(
                reason:
                    "the target is at its hard-assignment limit on this codebook: no bound over the real line"
            )
        }
        if let i = slopes.indices.first(where: { slopes[$0] >= ProgramLayout.hardSlope }) {
            throw .certificateMismatch(
                reason:
                    "element \(i) is held to its nearest codeword (its tolerance is met by no other): "
                    + "no bound over the real line; a finer codebook around it gives one")
        }
    }

    /// The per-row slopes `s_i = s + μ_i/p_i + Σ ν_k` being built, and the constant terms of
    /// the bound (`s (D_min − D) + Σ μ_i (dmin_i − D_i) + Σ ν_k (Σ p_i dmin_i − P_k D_k)`).
    private struct RowSlopes {
        var slopes: [Double]
        var slack = NeumaierSum()
    }

    /// Checks that q has one finite, non-negative entry per codeword, not all zero.
    private func checkOutputLaw(columns m: Int) throws(RateDistortionError) {
        guard outputProbabilities.count == m else {
            throw .certificateMismatch(
                reason:
                    "output_probabilities has \(outputProbabilities.count) entries, the codebook \(m)"
            )
        }
        guard outputProbabilities.allSatisfy({ $0.isFinite && $0 >= 0 }),
            outputProbabilities.contains(where: { $0 > 0 })
        else {
            throw .certificateMismatch(
                reason: "output_probabilities must be finite, non-negative and not all zero")
        }
    }

    /// The distortion D the average term is measured against: the problem's target, or for a
    /// problem given by its slope the certificate's own distortion.
    private func referenceDistortion(_ constraint: DistortionConstraint, layout: ProgramLayout)
        throws(RateDistortionError) -> Double
    {
        switch constraint {
        case .targetDistortion(let target):
            guard distortion == target || layout.isAverageAtEdge else {
                throw .certificateMismatch(
                    reason:
                        "certificate distortion \(distortion) differs from target_distortion \(target)"
                )
            }
            return target
        case .slope:
            guard distortion.isFinite, distortion >= 0 else {
                throw .certificateMismatch(reason: "distortion must be finite and non-negative")
            }
            return distortion
        }
    }

    /// Adds one class's prices to the row slopes and the slack, after checking that they fit it.
    private func addPrices(
        _ classPrices: Prices, of fidelityClass: FidelityClass, layout: ProgramLayout,
        to rows: inout RowSlopes
    ) throws(RateDistortionError) {
        switch (fidelityClass.semantics, classPrices) {
        case (.perElement, .perElement(let mu)):
            try addElementPrices(mu, of: fidelityClass, layout: layout, to: &rows)
        case (.classAverage, .classAverage(let nu)):
            guard let nu else { return }
            guard nu.isFinite, nu >= 0 else {
                throw .certificateMismatch(
                    reason: "price of class '\(fidelityClass.name)' must be finite and ≥ 0")
            }
            var mass = 0.0
            var least = 0.0
            for i in fidelityClass.members {
                rows.slopes[i] += nu
                mass += layout.p[i]
                least += layout.p[i] * layout.rowMinima[i]
            }
            rows.slack.add(nu * (least - mass * fidelityClass.tolerance))
        default:
            throw .certificateMismatch(
                reason: "fidelity '\(fidelityClass.name)' has prices of the wrong kind")
        }
    }

    /// A per-element class: `μ_i / p_i` onto each member's slope, `μ_i (dmin_i − D_i)` into the
    /// slack; a member without a price must sit at its hard-assignment limit.
    private func addElementPrices(
        _ mu: [Double?], of fidelityClass: FidelityClass, layout: ProgramLayout,
        to rows: inout RowSlopes
    ) throws(RateDistortionError) {
        guard mu.count == fidelityClass.members.count else {
            throw .certificateMismatch(
                reason:
                    "fidelity '\(fidelityClass.name)' has \(mu.count) prices for \(fidelityClass.members.count) members"
            )
        }
        for (index, i) in fidelityClass.members.enumerated() {
            guard let price = mu[index] else {
                guard layout.isHardRow[i] else {
                    throw .certificateMismatch(
                        reason:
                            "element \(i) of '\(fidelityClass.name)' has no price but is not at its limit"
                    )
                }
                continue
            }
            guard price.isFinite, price >= 0 else {
                throw .certificateMismatch(
                    reason:
                        "price of element \(i) in '\(fidelityClass.name)' must be finite and ≥ 0")
            }
            if layout.p[i] > 0 && price > 0 {
                rows.slopes[i] += price / layout.p[i]
                rows.slack.add(
                    price
                        * (layout.rowMinima[i]
                            - max(fidelityClass.tolerance, layout.rowMinima[i])))
            }
        }
    }

    /// The bound of docs/mathematics.md from the row slopes: `−Σ p_i log Z̃_i − log max_j c_j`
    /// plus the slack, less the rounding allowance.
    private func bound(
        kernel: RowKernel, layout: ProgramLayout, slopes: [Double], slack: NeumaierSum,
        p: [Double]
    ) -> Double {
        let logQ = outputProbabilities.map { $0 > 0 ? log($0) : -Double.infinity }
        let pass = kernel.pass(
            logWeights: logQ, slopes: slopes, probabilities: p, accumulateColumns: false)
        let c = kernel.columnBound(
            slopes: slopes, logPartition: pass.logPartition, probabilities: p)
        var partition = NeumaierSum()
        for i in 0..<p.count where p[i] > 0 { partition.add(-p[i] * pass.logPartition[i]) }
        var largest = c.max() ?? .infinity
        if reconstructions == .realLine {
            largest = max(
                largest,
                Self.realLineSupremum(
                    kernel: kernel, layout: layout, slopes: slopes,
                    logPartition: pass.logPartition
                ).bound)
        }
        let logMax = log(largest)
        let raw = partition.value - logMax + slack.value
        guard !raw.isNaN else { return -.infinity }
        return raw - BoundEvaluation.roundingAllowance
            * (1 + partition.magnitude + abs(logMax) + slack.magnitude)
    }

    /// The certified supremum over every real y of
    /// `c(y) = Σ_i p_i exp(−s_i (d(x_i, y) − dmin_i)) / Z̃_i` (``LineSupremum``), cut first at
    /// the codewords.
    static func realLineSupremum(
        kernel: RowKernel, layout: ProgramLayout, slopes: [Double], logPartition: [Double]
    ) -> LineSupremum.Result {
        let field = kernel.field
        var points: [Double] = []
        var logWeights: [Double] = []
        var rowSlopes: [Double] = []
        for i in 0..<layout.rows where layout.p[i] > 0 {
            points.append(field.source[i])
            logWeights.append(
                log(layout.p[i]) - logPartition[i] + slopes[i] * layout.rowMinima[i])
            rowSlopes.append(slopes[i])
        }
        return LineSupremum(
            points: points, logWeights: logWeights, slopes: rowSlopes,
            squared: field.kind == .squared
        ).supremum(cuts: Array(field.codebook[0..<field.columns]))
    }
}
