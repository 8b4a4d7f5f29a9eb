import RateDistortion

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the reference solver found.
public struct ReferenceSolution: Sendable {
    /// `I(X;Y)` of the final encoder, in nats.
    public var rateNats: Double
    /// Target mode: a lower bound on R(D). Slope mode: a lower bound on `min I + s·E d`.
    public var lowerBoundNats: Double
    /// The quantity the lower bound bounds: the rate (target mode) or `I + s·E d` (slope mode).
    public var objectiveNats: Double
    /// `objectiveNats − lowerBoundNats`.
    public var gapNats: Double { objectiveNats - lowerBoundNats }
    /// The average distortion of the final encoder.
    public var distortion: Double
    /// The average-distortion slope s.
    public var slope: Double
    /// Every row's distortion `Σ_j Q_ij d_ij`.
    public var rowDistortions: [Double]
    /// The output law `q = pᵀQ`.
    public var outputProbabilities: [Double]
    /// The encoder, row-major n × m.
    public var encoder: [Double]
    /// Blahut–Arimoto passes spent.
    public var iterations: Int
}

/// A slow, textbook solver of the convex program of docs/mathematics.md, for tiny problems
/// (n, m ≤ 6 or so), written without any of the library's machinery so that it can serve as an
/// oracle: it rebuilds the distortion matrix itself from the points (``ReferenceSolver/matrix(of:)``),
/// works on plain `[Double]` arrays with Foundation's `exp` and `log`, and has no acceleration.
///
/// The method is constrained Blahut–Arimoto (Blahut 1972; Csiszár & Tusnády 1984 for the
/// alternating-minimisation argument): for a fixed output law q, the minimising encoder under the
/// constraints is `Q_ij ∝ q_j exp(−s_i d_ij)` with
///
/// - `β_i` per fidelity row, found by bisection so that the row distortion equals its tolerance
///   (0 when the row already meets it at slope 0);
/// - `t_k` per class-average class, found by bisection so that the class's weighted distortion
///   equals `P_k D_k` with member slopes `max(t, β_i)` (0 when slack). Classes must be disjoint:
///   then the class price is `ν_k = max(0, t_k − s)` whatever s is;
/// - s by bisection so that the average distortion equals D (0 when slack), or the given slope;
/// - `s_i = max(s + ν_k(i), β_i)`.
///
/// Then `q ← pᵀQ`. Every row distortion is non-increasing in its slope (its derivative is minus a
/// variance), so each bisection has a unique root. The iteration stops when the Lagrangian bound
///
///     LB = Σ_i p_i log(1/Z_i) − log max_j c_j − s·D − Σ_i μ_i D_i − Σ_k ν_k P_k D_k
///
/// (docs/mathematics.md, `μ_i = p_i (s_i − s − ν_k(i))`) is within `gapTolerance` of the objective.
///
/// Not supported (precondition): tolerances at or below a row's minimum distortion, a target at or
/// below `Σ p_i min_j d_ij`, overlapping class-average classes.
public enum ReferenceSolver {
    /// The n × m distortion matrix, row-major, computed from the problem's points by the
    /// definitions of docs/mathematics.md, “Notation” (per-dimension squared and absolute error, vector Hamming).
    public static func matrix(of problem: Problem) -> [Double] {
        let n = problem.sourceCount
        let m = problem.codewordCount
        if case .matrix(let given) = problem.measure { return given.entries }
        guard let x = problem.sourcePoints, let y = problem.codebook else {
            preconditionFailure("points needed")
        }
        let k = x.dimension
        var d = [Double](repeating: 0, count: n * m)
        for i in 0..<n {
            for j in 0..<m {
                var total = 0.0
                var differs = false
                for c in 0..<k {
                    let difference = x.coordinates[i * k + c] - y.coordinates[j * k + c]
                    switch problem.measure {
                    case .squaredError: total += difference * difference
                    case .absoluteError: total += Swift.abs(difference)
                    case .hamming: if difference != 0 { differs = true }
                    case .matrix: break
                    }
                }
                d[i * m + j] = problem.measure == .hamming ? (differs ? 1 : 0) : total / Double(k)
            }
        }
        return d
    }

    /// Solves `problem` by constrained Blahut–Arimoto (see the type's documentation).
    /// - Parameters:
    ///   - problem: a tiny problem away from its hard-assignment limits.
    ///   - gapTolerance: stop once the objective is within this of the lower bound.
    ///   - maxIterations: the most passes.
    public static func solve(
        _ problem: Problem, gapTolerance: Double = 1e-12, maxIterations: Int = 200_000
    ) -> ReferenceSolution {
        let work = Workspace(problem: problem)
        var q = [Double](repeating: 1 / Double(work.m), count: work.m)
        var bestBound = -Double.infinity
        var iteration = 0
        while true {
            iteration += 1
            var solution = work.pass(q: q)
            q = solution.outputProbabilities
            // Keep the latest encoder and the best bound seen (every one of them is valid).
            bestBound = max(bestBound, solution.lowerBoundNats)
            solution.lowerBoundNats = bestBound
            solution.iterations = iteration
            if solution.gapNats <= gapTolerance || iteration >= maxIterations { return solution }
        }
    }
}

/// The reference solver's arrays and its one pass.
private struct Workspace {
    let n: Int, m: Int
    let p: [Double]
    let d: [Double]
    let rowMinimum: [Double]
    /// Tightest per-element tolerance (`+∞` where none).
    let tolerance: [Double]
    /// Class-average classes: members, mass P_k and tolerance D_k.
    let classes: [(members: [Int], mass: Double, tolerance: Double)]
    /// For every row, the index into `classes` of its class (or nil).
    let rowClass: [Int?]
    let target: Double?
    let fixedSlope: Double?

    init(problem: Problem) {
        n = problem.sourceCount
        m = problem.codewordCount
        p = problem.probabilities.values
        d = ReferenceSolver.matrix(of: problem)
        var minima = [Double](repeating: .infinity, count: n)
        for i in 0..<n { for j in 0..<m { minima[i] = min(minima[i], d[i * m + j]) } }
        rowMinimum = minima
        var tolerance = [Double](repeating: .infinity, count: n)
        var classes: [(members: [Int], mass: Double, tolerance: Double)] = []
        var rowClass = [Int?](repeating: nil, count: n)
        for fidelityClass in problem.fidelity {
            switch fidelityClass.semantics {
            case .perElement:
                for i in fidelityClass.members {
                    precondition(
                        fidelityClass.tolerance > minima[i],
                        "reference solver: tolerance at the row minimum")
                    tolerance[i] = min(tolerance[i], fidelityClass.tolerance)
                }
            case .classAverage:
                var mass = 0.0
                for i in fidelityClass.members {
                    precondition(
                        rowClass[i] == nil,
                        "reference solver: class-average classes must be disjoint")
                    rowClass[i] = classes.count
                    mass += p[i]
                }
                classes.append((fidelityClass.members, mass, fidelityClass.tolerance))
            }
        }
        self.tolerance = tolerance
        self.classes = classes
        self.rowClass = rowClass
        switch problem.constraint {
        case .targetDistortion(let value):
            target = value
            fixedSlope = nil
        case .slope(let value):
            target = nil
            fixedSlope = value
        }
    }

    /// Row i's distortion `Σ_j Q_ij d_ij` at slope t for the output law q (log-domain weights).
    func rowDistortion(_ i: Int, slope t: Double, logQ: [Double]) -> Double {
        var top = -Double.infinity
        for j in 0..<m { top = max(top, logQ[j] - t * (d[i * m + j] - rowMinimum[i])) }
        var z = 0.0
        var weighted = 0.0
        for j in 0..<m {
            let w = exp(logQ[j] - t * (d[i * m + j] - rowMinimum[i]) - top)
            z += w
            weighted += w * d[i * m + j]
        }
        return weighted / z
    }

    /// The root t ≥ 0 of the non-increasing `f(t) = level`, or 0 if `f(0) ≤ level`.
    func root(_ f: (Double) -> Double, level: Double) -> Double {
        if f(0) <= level { return 0 }
        var hi = 1.0
        while f(hi) > level {
            hi *= 2
            precondition(hi < 1e12, "reference solver: slope beyond 1e12")
        }
        var lo = hi == 1 ? 0 : hi / 2
        while hi - lo > 1e-15 * hi {
            let mid = 0.5 * (lo + hi)
            if mid <= lo || mid >= hi { break }
            if f(mid) > level { lo = mid } else { hi = mid }
        }
        return hi
    }

    /// The slopes one pass uses at q (given as log q): each row's own β_i meeting its
    /// tolerance, each class's t_k meeting its average, the shared s meeting the target (or the
    /// fixed one), and each row's slope `max(s + ν_k(i), β_i)` with `ν_k = max(0, t_k − s)`.
    struct PassSlopes {
        var s: Double
        var rows: [Double]
        var classes: [Double]
    }

    func slopes(logQ: [Double]) -> PassSlopes {
        var beta = [Double](repeating: 0, count: n)
        for i in 0..<n where tolerance[i].isFinite {
            beta[i] = root({ rowDistortion(i, slope: $0, logQ: logQ) }, level: tolerance[i])
        }
        var classSlope = [Double](repeating: 0, count: classes.count)
        for (k, fidelityClass) in classes.enumerated() {
            classSlope[k] = root(
                { t in
                    var total = 0.0
                    for i in fidelityClass.members {
                        total += p[i] * rowDistortion(i, slope: max(t, beta[i]), logQ: logQ)
                    }
                    return total
                }, level: fidelityClass.mass * fidelityClass.tolerance)
        }
        func slope(_ i: Int, _ s: Double) -> Double {
            var base = s
            if let k = rowClass[i] { base = max(s, classSlope[k]) }
            return max(base, beta[i])
        }
        func average(_ s: Double) -> Double {
            var total = 0.0
            for i in 0..<n { total += p[i] * rowDistortion(i, slope: slope(i, s), logQ: logQ) }
            return total
        }
        let s = fixedSlope ?? root(average, level: target ?? 0)
        return PassSlopes(s: s, rows: (0..<n).map { slope($0, s) }, classes: classSlope)
    }

    /// The encoder at row slopes `t` and log q, row by row: Q_ij, log Z_i and E_i[d].
    func gibbs(slopes t: [Double], logQ: [Double]) -> (
        encoder: [Double], logZ: [Double], rowDistortions: [Double]
    ) {
        var encoder = [Double](repeating: 0, count: n * m)
        var logZ = [Double](repeating: 0, count: n)
        var rowDistortions = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var top = -Double.infinity
            for j in 0..<m { top = max(top, logQ[j] - t[i] * d[i * m + j]) }
            var z = 0.0
            for j in 0..<m {
                encoder[i * m + j] = exp(logQ[j] - t[i] * d[i * m + j] - top)
                z += encoder[i * m + j]
            }
            logZ[i] = top + log(z)
            for j in 0..<m {
                encoder[i * m + j] /= z
                rowDistortions[i] += encoder[i * m + j] * d[i * m + j]
            }
        }
        return (encoder, logZ, rowDistortions)
    }

    /// The dual bound at these slopes with λ_i = 1/Z_i: `−log max_j c_j − Σ p_i log Z_i − s D`
    /// less each bound's price times its bound.
    func lowerBound(slopes: PassSlopes, logZ: [Double]) -> Double {
        let (s, t) = (slopes.s, slopes.rows)
        var c = [Double](repeating: 0, count: m)
        for j in 0..<m {
            for i in 0..<n { c[j] += p[i] * exp(-t[i] * d[i * m + j] - logZ[i]) }
        }
        var bound = -log(c.max() ?? 1)
        for i in 0..<n { bound -= p[i] * logZ[i] }
        if let target { bound -= s * target }
        for i in 0..<n {
            let base = rowClass[i].map { max(s, slopes.classes[$0]) } ?? s
            if tolerance[i].isFinite { bound -= p[i] * (t[i] - base) * tolerance[i] }
        }
        for (k, fidelityClass) in classes.enumerated() {
            bound -= max(0, slopes.classes[k] - s) * fidelityClass.mass * fidelityClass.tolerance
        }
        return bound
    }

    /// One constrained Blahut–Arimoto pass from q, with its lower bound.
    func pass(q: [Double]) -> ReferenceSolution {
        let logQ = q.map { $0 > 0 ? log($0) : -Double.infinity }
        let slopes = slopes(logQ: logQ)
        let (encoder, logZ, rowDistortions) = gibbs(slopes: slopes.rows, logQ: logQ)
        var next = [Double](repeating: 0, count: m)
        for i in 0..<n { for j in 0..<m { next[j] += p[i] * encoder[i * m + j] } }
        var rate = 0.0
        var distortion = 0.0
        for i in 0..<n {
            distortion += p[i] * rowDistortions[i]
            for j in 0..<m where encoder[i * m + j] > 0 {
                rate += p[i] * encoder[i * m + j] * log(encoder[i * m + j] / next[j])
            }
        }
        let objective = fixedSlope.map { rate + $0 * distortion } ?? rate
        return ReferenceSolution(
            rateNats: rate, lowerBoundNats: lowerBound(slopes: slopes, logZ: logZ),
            objectiveNats: objective, distortion: distortion, slope: slopes.s,
            rowDistortions: rowDistortions, outputProbabilities: next, encoder: encoder,
            iterations: 0)
    }
}

extension ReferenceSolver {
    /// The lower bound a certificate proves, recomputed from its numbers alone by the formula of
    /// docs/mathematics.md with this file's own distortion matrix and loops (independent of the library's
    /// `Certificate/recomputedLowerBound(for:)`):
    ///
    ///     s_i = s + Σ_{per-element k ∋ i} μ_ik / p_i + Σ_{class-average k ∋ i} ν_k
    ///     LB  = −Σ_i p_i log Σ_j q_j e^(−s_i d_ij) − log max_j c_j − s·D − Σ μ_ik D_k − Σ ν_k P_k D_k
    ///
    /// with `c_j = Σ_i p_i e^(−s_i d_ij) / Z_i` and D the certificate's distortion.
    /// - Returns: nil when the certificate has an infinite price (a row or class at its hard-assignment
    ///   limit, or no slope), which this simple check does not handle.
    public static func lowerBound(of certificate: Certificate, for problem: Problem) -> Double? {
        guard let s = certificate.slope else { return nil }
        let n = problem.sourceCount
        let m = problem.codewordCount
        let p = problem.probabilities.values
        let d = matrix(of: problem)
        let q = certificate.outputProbabilities
        guard q.count == m, certificate.prices.count == problem.fidelity.count else { return nil }
        var slopes = [Double](repeating: s, count: n)
        var slack = -s * certificate.distortion
        for (fidelityClass, entry) in zip(problem.fidelity, certificate.prices) {
            switch entry.prices {
            case .perElement(let mu):
                guard mu.count == fidelityClass.members.count else { return nil }
                for (i, price) in zip(fidelityClass.members, mu) {
                    guard let price else { return nil }
                    slopes[i] += price / p[i]
                    slack -= price * fidelityClass.tolerance
                }
            case .classAverage(let nu):
                guard let nu else { return nil }
                var mass = 0.0
                for i in fidelityClass.members {
                    slopes[i] += nu
                    mass += p[i]
                }
                slack -= nu * mass * fidelityClass.tolerance
            }
        }
        var logZ = [Double](repeating: 0, count: n)
        var bound = slack
        for i in 0..<n {
            var top = -Double.infinity
            for j in 0..<m where q[j] > 0 { top = max(top, log(q[j]) - slopes[i] * d[i * m + j]) }
            var z = 0.0
            for j in 0..<m where q[j] > 0 { z += exp(log(q[j]) - slopes[i] * d[i * m + j] - top) }
            logZ[i] = top + log(z)
            bound -= p[i] * logZ[i]
        }
        var largest = 0.0
        for j in 0..<m {
            var c = 0.0
            for i in 0..<n { c += p[i] * exp(-slopes[i] * d[i * m + j] - logZ[i]) }
            largest = max(largest, c)
        }
        return bound - log(largest)
    }
}
