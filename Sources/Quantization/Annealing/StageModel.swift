#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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

        /// Loads the row of atom x at slope λ over `window` of `codebook`, whose law enters as
        /// `logR` (log r_j / τ, computed once per model).
        mutating func load(
            x: Double, slope lambda: Double, window: Annealer.EncoderWindow, codebook: [Double],
            logR: [Double], temperature tau: Double
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
                let y = codebook[j]
                let d = (x - y) * (x - y)
                let w = exp(logR[j] - lambda / tau * d - window.largest)
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
        /// ∂Q_ij/∂u = Q_ij (ℓ_ij(u) − Σ_k Q_ik ℓ_ik(u)) with ℓ = ∂ log Q̃_ij/∂u: `dLogY` =
        /// 2 t (x − y_j) for y_j, `dLogR` = 1/(τ r_j) for r_j), and its slope's term.
        mutating func add(_ row: Row, mass p: Double, ownSlope: Bool, law q: [Double]) {
            let t = row.lambda / row.tau
            let count = row.weights.count
            bandwidth = max(bandwidth, 2 * count - 1)
            rowGradient.removeAll(keepingCapacity: true)
            for e in 0..<count {
                let j = row.first + e
                let qij = row.weights[e]
                let err = row.x - row.codewords[e]
                let dLogY = 2 * t * err
                let dLogR = 1 / (row.tau * q[j])
                let excess = row.distances[e] - row.meanDistortion
                columnMass[j] += p * qij
                slopedMass[j] += 2 * row.lambda * p * qij
                gradient[2 * j] -= 2 * row.lambda * p * qij * err
                rowGradient.append(qij * dLogY * excess - 2 * qij * err)
                rowGradient.append(qij * dLogR * excess)
                for f in 0..<count {
                    let k = row.first + f
                    let qik = row.weights[f]
                    let dLogYk = 2 * t * (row.x - row.codewords[f])
                    let dLogRk = 1 / (row.tau * q[k])
                    let dy = qij * ((j == k ? dLogY : 0) - qik * dLogYk)
                    let dr = qij * ((j == k ? dLogR : 0) - qik * dLogRk)
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

    /// Holds the codewords `held` where they are: their rows and columns of the Hessian become
    /// the identity's, and their gradient and slope entries 0, so that their step is 0 (their
    /// probabilities still move).
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
