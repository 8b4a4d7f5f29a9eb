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
/// a band matrix (a row reaches only the codewords near its atom) plus one rank-one term for
/// the base slope: by implicit differentiation of `D = D_target`, the slopes add
/// `p (∇D)(∇D)ᵀ / (Var/τ)` summed over the rows that share them.
extension Annealer {
    /// g at the current state from the pass at the fitted slopes.
    func potential(_ pass: RowKernel.Pass, temperature tau: Double) -> Double {
        // Row i adds −τ log Z̃_i + λ_i dmin_i, and a row held by its own slope σ_i also
        // −(σ_i − s) tol_i. σ_i can be 1e10 where dmin_i is just below tol_i, so that row's
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
        for i in 0..<rows where masses[i] > 0 {
            row.load(
                x: atoms[i], slope: max(slope, ownSlopes[i]), window: windows[i], annealer: self,
                temperature: tau)
            sums.add(row, mass: masses[i], ownSlope: ownSlopes[i] > slope, law: q)
        }
        return StageModel(value: value, sums: sums, law: q)
    }
}

/// g's local model at a state, in scaled coordinates: `u = M^{1/2} δ` with
/// `M = diag(Σ_i 2 λ_i p_i Q_ij, 1/r_j)`, the curvature the plain iteration assumes, so that
/// the plain iteration is the step `u = −b`. Unknowns are interleaved (y_0, r_0, y_1, r_1, …).
struct StageModel {
    /// g (nats).
    var value: Double
    /// b: the scaled gradient.
    var gradient: [Double]
    /// The scaled Hessian without the base slope's term: dense row-major, band `bandwidth`.
    var hessian: [Double]
    var bandwidth: Int
    /// The base slope's term `ĉ ĉᵀ / V`: ĉ the scaled gradient of the distortion of the rows
    /// the base slope governs, V = −dD/ds.
    var slopeVector: [Double]
    var slopeCurvature: Double
    /// The scaled normal of the simplex (Σ δr_j = 0).
    var simplexNormal: [Double]
    /// `M^{−1/2}` per unknown.
    var scale: [Double]
    var size: Int { gradient.count }
}

extension StageModel {
    /// One encoder row of the model: its window's normalised weights Q_ij, distances d_ij,
    /// mean distortion D_i and variance, and the row's slope λ_i.
    struct Row {
        var first = 0
        var lambda = 0.0
        var tau = 1.0
        var x = 0.0
        var weights: [Double] = []
        var distances: [Double] = []
        var codewords: [Double] = []
        var meanDistortion = 0.0
        var variance = 0.0

        mutating func load(
            x: Double, slope lambda: Double, window: Annealer.EncoderWindow, annealer: Annealer,
            temperature tau: Double
        ) {
            self.x = x
            self.lambda = lambda
            self.tau = tau
            first = window.first
            weights.removeAll(keepingCapacity: true)
            distances.removeAll(keepingCapacity: true)
            codewords.removeAll(keepingCapacity: true)
            var total = 0.0
            for j in window.first...window.last {
                let y = annealer.codebook[j]
                let d = (x - y) * (x - y)
                let w = exp(log(annealer.q[j]) / tau - lambda / tau * d - window.largest)
                codewords.append(y)
                distances.append(d)
                weights.append(w)
                total += w
            }
            meanDistortion = 0
            for e in weights.indices {
                weights[e] /= total
                meanDistortion += weights[e] * distances[e]
            }
            variance = 0
            for e in weights.indices {
                let excess = distances[e] - meanDistortion
                variance += weights[e] * excess * excess
            }
        }
    }

    /// The model's sums over rows, unscaled.
    struct Sums {
        let size: Int
        var hessian: [Double]
        var gradient: [Double]
        var slopeVector: [Double]
        var columnMass: [Double]
        /// Σ_i 2 λ_i p_i Q_ij.
        var slopedMass: [Double]
        var slopeCurvature = 0.0
        var bandwidth = 1
        /// ∇D_i of the last row added, interleaved over its window.
        private var rowGradient: [Double] = []

        init(codewords m: Int) {
            size = 2 * m
            hessian = [Double](repeating: 0, count: size * size)
            gradient = [Double](repeating: 0, count: size)
            slopeVector = [Double](repeating: 0, count: size)
            columnMass = [Double](repeating: 0, count: m)
            slopedMass = [Double](repeating: 0, count: m)
        }

        /// Adds row i (mass p): its gradient, Hessian (at fixed slopes, H = −W J with
        /// W = (2λ_i, 1/r_j) and J the Jacobian of (Σ_i p_i Q_ij (x_i − y_j), q̂_j − r_j), where
        /// ∂Q_ij/∂u = Q_ij (ℓ_ij(u) − Σ_k Q_ik ℓ_ik(u)) with ℓ = ∂ log Q̃_ij/∂u: 2 t (x − y_j)
        /// for y_j, 1/(τ r_j) for r_j), and its slope's term.
        mutating func add(_ row: Row, mass p: Double, ownSlope: Bool, law q: [Double]) {
            let t = row.lambda / row.tau
            let count = row.weights.count
            bandwidth = max(bandwidth, 2 * count - 1)
            rowGradient.removeAll(keepingCapacity: true)
            for e in 0..<count {
                let j = row.first + e
                let qij = row.weights[e]
                let err = row.x - row.codewords[e]
                let g = 2 * t * err
                let h = 1 / (row.tau * q[j])
                let excess = row.distances[e] - row.meanDistortion
                columnMass[j] += p * qij
                slopedMass[j] += 2 * row.lambda * p * qij
                gradient[2 * j] -= 2 * row.lambda * p * qij * err
                rowGradient.append(qij * g * excess - 2 * qij * err)
                rowGradient.append(qij * h * excess)
                for f in 0..<count {
                    let k = row.first + f
                    let qik = row.weights[f]
                    let gk = 2 * t * (row.x - row.codewords[f])
                    let hk = 1 / (row.tau * q[k])
                    let dy = qij * ((j == k ? g : 0) - qik * gk)
                    let dr = qij * ((j == k ? h : 0) - qik * hk)
                    hessian[(2 * j) * size + 2 * k] -= 2 * row.lambda * p * err * dy
                    hessian[(2 * j) * size + 2 * k + 1] -= 2 * row.lambda * p * err * dr
                    hessian[(2 * j + 1) * size + 2 * k] -= p * dy / q[j]
                    hessian[(2 * j + 1) * size + 2 * k + 1] -= p * dr / q[j]
                }
            }
            let base = 2 * row.first
            if !ownSlope {
                slopeCurvature += p * row.variance / row.tau
                for e in rowGradient.indices { slopeVector[base + e] += p * rowGradient[e] }
            } else if row.variance > 0 {
                // An own slope moves with its row alone: a term inside the band.
                let weight = p * row.tau / row.variance
                for e in rowGradient.indices {
                    for f in rowGradient.indices {
                        hessian[(base + e) * size + base + f] +=
                            weight * rowGradient[e] * rowGradient[f]
                    }
                }
            }
        }
    }

    /// The model from its sums: the diagonal terms added, then scaled and symmetrised.
    init?(value: Double, sums: Sums, law q: [Double]) {
        let size = sums.size
        var hessian = sums.hessian
        var gradient = sums.gradient
        var slopeVector = sums.slopeVector
        var scale = [Double](repeating: 0, count: size)
        var simplexNormal = [Double](repeating: 0, count: size)
        for j in 0..<(size / 2) {
            guard sums.columnMass[j] > 0, sums.slopedMass[j] > 0 else { return nil }
            hessian[(2 * j) * size + 2 * j] += sums.slopedMass[j]
            hessian[(2 * j + 1) * size + 2 * j + 1] += sums.columnMass[j] / (q[j] * q[j])
            gradient[2 * j + 1] = -sums.columnMass[j] / q[j]
            scale[2 * j] = 1 / sums.slopedMass[j].squareRoot()
            scale[2 * j + 1] = q[j].squareRoot()
            simplexNormal[2 * j + 1] = scale[2 * j + 1]
        }
        let bandwidth = sums.bandwidth
        for u in 0..<size {
            gradient[u] *= scale[u]
            slopeVector[u] *= scale[u]
            for w in (u + 1)..<min(size, u + bandwidth + 1) {
                let symmetric = 0.5 * (hessian[u * size + w] + hessian[w * size + u])
                hessian[u * size + w] = symmetric * scale[u] * scale[w]
                hessian[w * size + u] = hessian[u * size + w]
            }
            hessian[u * size + u] *= scale[u] * scale[u]
        }
        guard sums.slopeCurvature > 0, gradient.allSatisfy(\.isFinite),
            hessian.allSatisfy(\.isFinite), slopeVector.allSatisfy(\.isFinite)
        else { return nil }
        self.init(
            value: value, gradient: gradient, hessian: hessian, bandwidth: bandwidth,
            slopeVector: slopeVector, slopeCurvature: sums.slopeCurvature,
            simplexNormal: simplexNormal, scale: scale)
    }

    /// u minimising `bᵀu + ½ uᵀ(S + ĉĉᵀ/V + μI)u` on the tangent space of the simplex, or nil
    /// if `S + μI` is not positive definite.
    func dampedStep(_ damping: Double) -> [Double]? {
        guard
            let factor = BandedCholesky(
                dense: hessian, size: size, bandwidth: bandwidth, shift: damping)
        else { return nil }
        // (S + μI + ĉĉᵀ/V)⁻¹ by Sherman–Morrison.
        let solvedSlope = factor.solve(slopeVector)
        let denominator = slopeCurvature + dot(slopeVector, solvedSlope)
        func solve(_ rhs: [Double]) -> [Double] {
            var z = factor.solve(rhs)
            let coefficient = dot(slopeVector, z) / denominator
            for e in z.indices { z[e] -= coefficient * solvedSlope[e] }
            return z
        }
        let free = solve(gradient.map { -$0 })
        let normal = solve(simplexNormal)
        let along = dot(simplexNormal, normal)
        guard along > 0 else { return nil }
        let multiplier = dot(simplexNormal, free) / along
        let step = zip(free, normal).map { $0 - multiplier * $1 }
        return step.allSatisfy(\.isFinite) ? step : nil
    }

    /// Holds the codewords `held` where they are: their rows and columns of the Hessian
    /// become the identity's, and their gradient and slope entries 0 (so their step is 0).
    mutating func hold(_ held: Set<Int>) {
        for j in held {
            let u = 2 * j
            for w in max(0, u - bandwidth)..<min(size, u + bandwidth + 1) {
                hessian[u * size + w] = 0
                hessian[w * size + u] = 0
            }
            hessian[u * size + u] = 1
            gradient[u] = 0
            slopeVector[u] = 0
        }
    }

    /// ½‖b‖² on the tangent space of the simplex: the fall the plain iteration's step would
    /// bring where g is as the iteration assumes (S = I).
    var plainStepFall: Double {
        let along = dot(gradient, simplexNormal) / dot(simplexNormal, simplexNormal)
        var total = 0.0
        for u in 0..<size {
            let b = gradient[u] - along * simplexNormal[u]
            total += b * b
        }
        return 0.5 * total
    }

    /// The fall of g the model predicts for the step `length·u`.
    func predictedFall(_ u: [Double], length: Double) -> Double {
        var curvature = 0.0
        for a in 0..<size {
            var row = 0.0
            for b in max(0, a - bandwidth)..<min(size, a + bandwidth + 1) {
                row += hessian[a * size + b] * u[b]
            }
            curvature += u[a] * row
        }
        let slopeTerm = dot(slopeVector, u)
        curvature += slopeTerm * slopeTerm / slopeCurvature
        return -(length * dot(gradient, u) + 0.5 * length * length * curvature)
    }

    private func dot(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
    }
}
