#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The certificate of docs/mathematics.md evaluated for one output law q and one set of multipliers:
/// the lower bound, the rate of the Gibbs encoder they define, and its distortions.
///
/// Lower bound, with `s_i` the row slopes, `Z̃_i = Σ_j q_j exp(−s_i (d_ij − dmin_i))` and
/// `c_j = Σ_i p_i exp(−s_i (d_ij − dmin_i)) / Z̃_i`:
///
///     LB = −Σ_i p_i log Z̃_i − log max_j c_j + s (Σ_i p_i dmin_i − D)
///          + Σ_i μ_i (dmin_i − D_i) + Σ_k ν_k (Σ_{i∈S_k} p_i dmin_i − P_k D_k)
///
/// which is the bound of §3 rewritten with every distortion shifted by its row minimum, so
/// that no term grows with the slopes (each multiplier multiplies a non-positive slack).
/// Sums are compensated, and `roundingAllowance` (1e-14 of the magnitudes summed) is
/// subtracted so that the reported value is a bound despite rounding.
///
/// Upper bound: the encoder `Q_ij = q_j exp(−s_i (d_ij − dmin_i)) / Z̃_i` with output law
/// `q' = pᵀQ` has `I(Q) = Σ_j q'_j log(q_j / q'_j) − Σ_i p_i s_i E_i[d − dmin] − Σ_i p_i log Z̃_i`.
struct BoundEvaluation: Sendable {
    var lowerBound: Double
    var rate: Double
    var distortion: Double
    var rowDistortion: [Double]
    var classDistortion: [Double]
    var outputLaw: [Double]
    var columnBound: [Double]
    var slopes: [Double]

    static let roundingAllowance = 1e-14

    /// Evaluates the bound and the encoder for `q` and `multipliers`.
    /// - Parameters:
    ///   - referenceDistortion: D in the bound (the target, or the achieved distortion in slope mode).
    /// - Complexity: two passes of the row kernel, O(n·m·k).
    init(
        kernel: RowKernel, layout: ProgramLayout, q: [Double], multipliers: Multipliers,
        referenceDistortion: Double?
    ) {
        let slopes = multipliers.rowSlopes(layout)
        let logQ = q.map { $0 > 0 ? log($0) : -Double.infinity }
        let (pass, c) = kernel.certificatePass(
            logWeights: logQ, slopes: slopes, probabilities: layout.p)
        self.init(
            layout: layout, q: q, multipliers: multipliers, slopes: slopes, pass: pass,
            columnBound: c,
            referenceDistortion: referenceDistortion)
    }

    init(
        layout: ProgramLayout, q: [Double], multipliers: Multipliers, slopes: [Double],
        pass: RowKernel.Pass,
        columnBound c: [Double], referenceDistortion: Double?
    ) {
        let n = layout.rows
        let p = layout.p
        var rowDistortion = [Double](repeating: 0, count: n)
        var average = NeumaierSum()
        var partition = NeumaierSum()
        var linear = NeumaierSum()
        for i in 0..<n {
            rowDistortion[i] = layout.rowMinima[i] + pass.meanExcess[i]
            average.add(p[i] * rowDistortion[i])
            guard p[i] > 0 else { continue }
            partition.add(-p[i] * pass.logPartition[i])
            if pass.meanExcess[i] > 0 { linear.add(-p[i] * slopes[i] * pass.meanExcess[i]) }
        }
        var classDistortion = [Double](repeating: 0, count: layout.classes.count)
        for (k, fidelityClass) in layout.classes.enumerated() {
            var sum = 0.0
            for i in fidelityClass.members { sum += p[i] * rowDistortion[i] }
            classDistortion[k] = sum / fidelityClass.mass
        }
        let maxC = c.max() ?? .infinity
        let referenceBound = referenceDistortion ?? average.value
        // Slack terms: each is a multiplier times a non-positive slack at the hard-assignment limit.
        var slack = NeumaierSum()
        if !layout.isAverageAtEdge {
            slack.add(multipliers.s * (layout.leastDistortion - referenceBound))
        }
        for i in 0..<n where layout.hasOwnSlope(i) && p[i] > 0 {
            let mu = p[i] * max(0, slopes[i] - multipliers.baseSlope(i, layout))
            if mu > 0 { slack.add(mu * (layout.rowMinima[i] - layout.rowTolerance[i])) }
        }
        for (k, fidelityClass) in layout.classes.enumerated() where multipliers.nu[k] > 0 {
            slack.add(
                multipliers.nu[k]
                    * (fidelityClass.leastWeightedDistortion - fidelityClass.mass
                        * fidelityClass.tolerance))
        }
        let logMax = log(maxC)
        let raw = partition.value - logMax + slack.value
        let allowance =
            Self.roundingAllowance * (1 + partition.magnitude + abs(logMax) + slack.magnitude)
        lowerBound = raw.isNaN ? -.infinity : raw - allowance
        // Rate of the Gibbs encoder.
        var divergence = NeumaierSum()
        for (j, mass) in pass.columnMass.enumerated() where mass > 0 && q[j] > 0 {
            divergence.add(mass * log(q[j] / mass))
        }
        rate = max(0, divergence.value + linear.value + partition.value)
        distortion = average.value
        self.rowDistortion = rowDistortion
        self.classDistortion = classDistortion
        outputLaw = pass.columnMass
        columnBound = c
        self.slopes = slopes
    }
}
