import RateDistortion

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A stage's potential and its quadratic model, for scalar codebooks (used by the damped
/// Newton steps of `Annealer+StageNewton.swift`).
///
/// With the slopes fitted at (y, r), the stage minimises
/// `g(y, r) = −τ Σ_i p_i log Σ_j r_j^{1/τ} e^{−λ_i d_ij/τ} − s·D_target − Σ_own p_i (σ_i − s) tol_i`
/// over the codebook y and the output law r on the simplex, where λ_i = max(s, σ_i) is row i's
/// slope: the slopes are the multipliers of the distortion bounds, so g is the stage's
/// Lagrangian at its best slopes. Its gradient is, per codeword,
/// `∂g/∂y_j = −2 Σ_i λ_i p_i Q_ij (x_i − y_j)` and `∂g/∂r_j = −q̂_j / r_j`, and its Hessian is
/// a band matrix (a row reaches only the codewords near its atom) plus the slopes' terms, by
/// implicit differentiation of the bounds: the base slope adds the rank-one
/// `(Σ_i p_i ∇D_i)(Σ_i p_i ∇D_i)ᵀ / Σ_i p_i Var_i/τ` over the rows it governs, and an own slope
/// `p_i ∇D_i ∇D_iᵀ / (Var_i/τ)` inside the band.
extension Annealer {
    /// g at the current state from the pass at the fitted slopes.
    func potential(_ pass: RowKernel.Pass, temperature tau: Double) -> Double {
        // Row i adds −τ log Z̃_i + λ_i dmin_i, and a row held by its own slope σ_i also
        // −(σ_i − s) tol_i. σ_i can reach 1e10 and more where dmin_i is just below tol_i, so that row's
        // terms are summed as σ_i (dmin_i − tol_i) + s tol_i: the two products alone would
        // cancel to rounding.
        var value = -slope * target
        for i in 0..<rows where masses[i] > 0 {
            let minimum = kernel.rowMinima[i]
            var row = -tau * pass.logPartition[i]
            if ownSlopes[i] > slope {
                row += ownSlopes[i] * (minimum - tolerances[i]) + slope * tolerances[i]
            } else {
                row += slope * minimum
            }
            value += masses[i] * row
        }
        return value
    }

    /// The slopes fitted at a state, and what they give there.
    struct Fit {
        /// g (nats).
        var potential: Double
        var statistics: Statistics
    }

    /// Fits the slopes at the current state exactly (own slopes may fall as far as they need:
    /// g is compared between states).
    mutating func fit(temperature tau: Double) -> Fit {
        let logW = q.map { $0 > 0 ? log($0) / tau : -Double.infinity }
        solveOwnSlopes(logWeights: logW, temperature: tau, retention: 0)
        let (distortion, pass) = solveSlope(logWeights: logW, temperature: tau)
        return Fit(
            potential: potential(pass, temperature: tau),
            statistics: statistics(
                of: pass, logWeights: logW, distortion: distortion, temperature: tau))
    }

    /// The widest encoder row (in codewords) the model is built for. Its cost grows with the
    /// square of the widest row (the band), and wide rows come with the soft stages near
    /// τ = 1, where the iteration converges by itself: on speech at D = var/10 the first stage
    /// took 2.6 s with Newton steps on rows of up to 264 codewords, and 0.1 s without.
    static let stageModelWindowLimit = 24

    /// The codewords of one encoder row that count (`first...last`: terms within e^{−36} of
    /// the largest, whose exponent is `largest`).
    struct EncoderWindow {
        var first: Int
        var last: Int
        var largest: Double
    }

    /// Every row's window at the current slopes, or nil if one is wider than
    /// ``stageModelWindowLimit``.
    func encoderWindows(temperature tau: Double) -> [EncoderWindow]? {
        let logR = q.map { log($0) / tau }
        let largestLogR = logR.max() ?? 0
        var windows: [EncoderWindow] = []
        windows.reserveCapacity(rows)
        for i in 0..<rows {
            let t = max(slope, ownSlopes[i]) / tau
            let window = encoderWindow(x: atoms[i], slope: t, logR: logR, largestLogR: largestLogR)
            guard window.last - window.first < Self.stageModelWindowLimit else { return nil }
            windows.append(window)
        }
        return windows
    }

    /// Row x's window at slope t (`logR`: log r_j / τ on the sorted codebook).
    func encoderWindow(x: Double, slope t: Double, logR: [Double], largestLogR: Double)
        -> EncoderWindow
    {
        let m = codewordCount
        func term(_ j: Int) -> Double { logR[j] - t * (x - codebook[j]) * (x - codebook[j]) }
        var low = 0
        var high = m
        while low < high {
            let mid = (low + high) / 2
            if codebook[mid] < x { low = mid + 1 } else { high = mid }
        }
        var first = max(0, low - 1)
        var last = min(m - 1, low)
        var largest = max(term(first), term(last))
        // Outwards while a codeword could still count (no term exceeds largestLogR − t·d),
        // then the ends trimmed to the terms that do (the bound is loose where r is small).
        func reaches(_ j: Int) -> Bool {
            largestLogR - t * (x - codebook[j]) * (x - codebook[j])
                >= largest - Self.negligibleLogRatio
        }
        while first > 0 && reaches(first - 1) { first -= 1 }
        while last < m - 1 && reaches(last + 1) { last += 1 }
        for j in first...last { largest = max(largest, term(j)) }
        while first < last && term(first) < largest - Self.negligibleLogRatio { first += 1 }
        while last > first && term(last) < largest - Self.negligibleLogRatio { last -= 1 }
        return EncoderWindow(first: first, last: last, largest: largest)
    }

    /// g's model at the current state and fitted slopes (g = `value` there), or nil if a row
    /// is wider than ``stageModelWindowLimit`` or a codeword has no mass.
    func stageModel(value: Double, temperature tau: Double) -> StageModel? {
        guard let windows = encoderWindows(temperature: tau) else { return nil }
        var sums = StageModel.Sums(codewords: codewordCount)
        var row = StageModel.Row()
        let logR = q.map { log($0) / tau }
        for i in 0..<rows where masses[i] > 0 {
            row.load(
                x: atoms[i], slope: max(slope, ownSlopes[i]), window: windows[i],
                codebook: codebook, logR: logR, temperature: tau)
            sums.add(row, mass: masses[i], ownSlope: ownSlopes[i] > slope, law: q)
        }
        return StageModel(value: value, sums: sums, law: q)
    }
}
