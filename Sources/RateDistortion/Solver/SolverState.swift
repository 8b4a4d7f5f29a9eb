#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The iterate of the solver: an output law q (the weights of the Gibbs rows) and the
/// multipliers that set every row's slope.
struct SolverState: Sendable {
    var q: [Double]
    var multipliers: Multipliers

    /// The uniform output law and slopes scaled to the bounds (`1/(2(D − Dmin))`, which is
    /// exact for a Gaussian source under squared error and the right order elsewhere).
    init(layout: ProgramLayout) {
        q = [Double](repeating: 1 / Double(layout.columns), count: layout.columns)
        var s = 0.0
        if let slope = layout.fixedSlope {
            s = slope
        } else if let target = layout.target {
            s = 0.5 / max(target - layout.leastDistortion, 1e-300)
        }
        var beta = [Double](repeating: 0, count: layout.rows)
        for i in 0..<layout.rows where layout.hasOwnSlope(i) {
            beta[i] = 0.5 / max(layout.rowTolerance[i] - layout.rowMinima[i], 1e-300)
        }
        multipliers = Multipliers(
            s: s, beta: beta, nu: [Double](repeating: 0, count: layout.classes.count))
    }

    init(q: [Double], multipliers: Multipliers) {
        self.q = q
        self.multipliers = multipliers
    }

    /// Estimates produced by one Blahut–Arimoto step.
    struct StepReport {
        /// The certificate's lower bound (valid: every q_j > 0 makes `c_j = q'_j / q_j` exact).
        var lowerBound: Double
        /// `I(Q)` of the step's encoder (an upper bound only once the constraints hold).
        var rate: Double
        /// The largest relative violation of any distortion bound.
        var violation: Double
    }

    /// One constrained Blahut–Arimoto step (docs/mathematics.md): one kernel pass at the current q and
    /// slopes, one Newton step on each slope towards its bound, then `q ← pᵀQ`.
    /// - Complexity: one pass of the row kernel.
    mutating func blahutArimotoStep(kernel: RowKernel, layout: ProgramLayout) -> StepReport {
        let slopes = multipliers.rowSlopes(layout)
        let logQ = q.map { $0 > 0 ? log($0) : -Double.infinity }
        let pass = kernel.pass(logWeights: logQ, slopes: slopes, probabilities: layout.p)
        let allPositive = q.allSatisfy { $0 >= Double.leastNormalMagnitude }
        var report = StepReport(lowerBound: -.infinity, rate: .infinity, violation: 0)
        if allPositive {
            let c = zip(pass.columnMass, q).map { $0 / $1 }
            let evaluation = BoundEvaluation(
                layout: layout, q: q, multipliers: multipliers, slopes: slopes, pass: pass,
                columnBound: c,
                referenceDistortion: layout.target)
            report.lowerBound = evaluation.lowerBound
            report.rate = evaluation.rate
        }
        report.violation = updateSlopes(layout: layout, slopes: slopes, pass: pass)
        let total = pass.columnMass.reduce(0, +)
        q = pass.columnMass.map { $0 / total }
        return report
    }

    /// One safeguarded Newton step of every slope towards its bound, from the statistics of a
    /// pass at the current slopes. Returns the largest relative violation seen.
    private mutating func updateSlopes(
        layout: ProgramLayout, slopes: [Double], pass: RowKernel.Pass
    ) -> Double {
        let p = layout.p
        var violation = 0.0
        var average = 0.0
        var averageDerivative = 0.0
        var classSum = [Double](repeating: 0, count: layout.classes.count)
        var classDerivative = classSum
        for i in 0..<layout.rows {
            let distortion = layout.rowMinima[i] + pass.meanExcess[i]
            average += p[i] * distortion
            for k in layout.rowClasses[i] { classSum[k] += p[i] * distortion }
            if layout.isHardRow[i] { continue }
            let base = multipliers.baseSlope(i, layout)
            let isFree = slopes[i] <= base
            if isFree {
                averageDerivative += p[i] * pass.variance[i]
                for k in layout.rowClasses[i] { classDerivative[k] += p[i] * pass.variance[i] }
            }
            guard layout.hasOwnSlope(i) else { continue }
            let bound = layout.rowTolerance[i]
            violation = max(violation, (distortion - bound) / bound)
            let variance = max(pass.variance[i], 1e-300)
            if distortion > bound {
                multipliers.beta[i] = Self.clampedStep(
                    from: slopes[i], by: (distortion - bound) / variance)
            } else if !isFree {
                multipliers.beta[i] = Self.clampedStep(
                    from: slopes[i], by: (distortion - bound) / variance)
            }
        }
        for (k, fidelityClass) in layout.classes.enumerated() {
            let value = classSum[k] / fidelityClass.mass
            violation = max(violation, (value - fidelityClass.tolerance) / fidelityClass.tolerance)
            if value > fidelityClass.tolerance || multipliers.nu[k] > 0 {
                let derivative = max(classDerivative[k] / fidelityClass.mass, 1e-300)
                multipliers.nu[k] = max(
                    0,
                    Self.clampedStep(
                        from: multipliers.nu[k], by: (value - fidelityClass.tolerance) / derivative)
                )
            }
        }
        if let target = layout.target {
            violation = max(violation, (average - target) / target)
            if average > target || multipliers.s > 0 {
                let derivative = max(averageDerivative, 1e-300)
                multipliers.s = max(
                    0, Self.clampedStep(from: multipliers.s, by: (average - target) / derivative))
            }
        }
        return violation
    }

    /// `value + step`, kept within a factor 4 of `value` (or non-negative when value is 0).
    static func clampedStep(from value: Double, by step: Double) -> Double {
        guard value > 0 else { return max(0, step) }
        return min(max(value + step, value / 4), value * 4)
    }
}
