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
        let n = layout.rows
        let m = layout.columns
        let p = layout.p
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
        guard prices.count == problem.fidelity.count else {
            throw .certificateMismatch(
                reason: "\(prices.count) fidelity entries for \(problem.fidelity.count) classes")
        }
        let referenceBound: Double
        switch problem.constraint {
        case .targetDistortion(let target):
            guard distortion == target || layout.isAverageAtEdge else {
                throw .certificateMismatch(
                    reason:
                        "certificate distortion \(distortion) differs from target_distortion \(target)"
                )
            }
            referenceBound = target
        case .slope:
            guard distortion.isFinite, distortion >= 0 else {
                throw .certificateMismatch(reason: "distortion must be finite and non-negative")
            }
            referenceBound = distortion
        }
        let s = slope ?? 0
        guard s.isFinite, s >= 0 else {
            throw .certificateMismatch(reason: "slope must be finite and non-negative")
        }
        guard slope != nil || layout.isAverageAtEdge else {
            throw .certificateMismatch(
                reason: "slope is missing but the target is not at its hard-assignment limit")
        }
        var slopes = [Double](repeating: s, count: n)
        var slack = NeumaierSum()
        if !layout.isAverageAtEdge { slack.add(s * (layout.leastDistortion - referenceBound)) }
        for (k, fidelityClass) in problem.fidelity.enumerated() {
            guard prices[k].name == fidelityClass.name else {
                throw .certificateMismatch(
                    reason:
                        "fidelity[\(k)] is named '\(prices[k].name)', not '\(fidelityClass.name)'")
            }
            switch (fidelityClass.semantics, prices[k].prices) {
            case (.perElement, .perElement(let mu)):
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
                                "price of element \(i) in '\(fidelityClass.name)' must be finite and ≥ 0"
                        )
                    }
                    if p[i] > 0 && price > 0 {
                        slopes[i] += price / p[i]
                        slack.add(
                            price
                                * (layout.rowMinima[i]
                                    - max(fidelityClass.tolerance, layout.rowMinima[i])))
                    }
                }
            case (.classAverage, .classAverage(let nu)):
                guard let nu else { continue }
                guard nu.isFinite, nu >= 0 else {
                    throw .certificateMismatch(
                        reason: "price of class '\(fidelityClass.name)' must be finite and ≥ 0")
                }
                var mass = 0.0
                var least = 0.0
                for i in fidelityClass.members {
                    slopes[i] += nu
                    mass += p[i]
                    least += p[i] * layout.rowMinima[i]
                }
                slack.add(nu * (least - mass * fidelityClass.tolerance))
            default:
                throw .certificateMismatch(
                    reason: "fidelity '\(fidelityClass.name)' has prices of the wrong kind")
            }
        }
        for i in 0..<n where layout.isHardRow[i] { slopes[i] = ProgramLayout.hardSlope }
        let logQ = outputProbabilities.map { $0 > 0 ? log($0) : -Double.infinity }
        let pass = kernel.pass(
            logWeights: logQ, slopes: slopes, probabilities: p, accumulateColumns: false)
        let c = kernel.columnBound(
            slopes: slopes, logPartition: pass.logPartition, probabilities: p)
        var partition = NeumaierSum()
        for i in 0..<n where p[i] > 0 { partition.add(-p[i] * pass.logPartition[i]) }
        let logMax = log(c.max() ?? .infinity)
        let raw = partition.value - logMax + slack.value
        guard !raw.isNaN else { return -.infinity }
        return raw - BoundEvaluation.roundingAllowance
            * (1 + partition.magnitude + abs(logMax) + slack.magnitude)
    }
}
