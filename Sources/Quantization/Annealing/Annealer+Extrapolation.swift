#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Squared extrapolation of the annealing iteration (SQUAREM, Varadhan and Roland, 2008).
///
/// At a fixed τ the iteration (encoder, output law, soft centroids) is a fixed-point map like
/// EM's, and like EM it crawls where codewords are about to merge: on speech at D = var/1000 the
/// first stages below τ = 1 still lowered F_τ by 1e-5 per iteration after 400 iterations (with
/// the squared steps, the annealing there ends 0.004 bit lower in 60 iterations per stage than
/// it did without them in 400, and four of its stages hit that cap where seven did). From
/// three successive states θ0, θ1 = F(θ0), θ2 = F(θ1) the squared step
/// `θ' = θ0 − 2α r + α² v` (r = θ1 − θ0, v = θ2 − 2θ1 + θ0, α = −‖r‖/‖v‖, at most −1) jumps
/// along the path the map is taking. The step is taken separately for the log output law and
/// for the codebook (they have different units); the caller keeps it only if F_τ at θ' is no
/// worse than at θ1, and it never leaves an important row without a codeword within its
/// tolerance.
extension Annealer {
    /// The state the iteration maps: the codebook and the output law.
    struct State {
        var codebook: [Double]
        var q: [Double]
    }

    /// The largest |α| of a squared step (16 left the speech design above 0.001 bit higher;
    /// 1000 changed nothing).
    static let maximumExtrapolation = 64.0

    var state: State { State(codebook: codebook, q: q) }

    /// Sets the state (as ``setCodebook(_:q:)``).
    mutating func restore(_ state: State) {
        setCodebook(state.codebook, q: state.q)
    }

    /// A squared step from the two states in `history` and the current one, then one iteration
    /// from where it lands: kept (and recorded in `progress`) if F_τ there is at most `value`,
    /// F_τ at the state the last plain iteration started from; otherwise the current state is
    /// restored, slopes included (the iteration still counts). The slopes matter: the
    /// iteration from the jump refits the own slopes, and σ_i may fall only 30 % per iteration
    /// (``ownSlopeRetention``), so slopes left from a refused jump steer the next plain
    /// iterations. With them left, a Laplace design with tails settled into a three-iteration
    /// cycle (plain, plain, refused jump) that crawled for 1,387 iterations at one τ.
    mutating func jump(
        from history: [State], against value: Double, temperature tau: Double,
        _ progress: inout StageProgress
    ) {
        let plain = state
        let fittedSlopes = (slope, ownSlopes)
        guard history.count == 2, extrapolate(from: history[0], history[1]) else { return }
        let (jumped, statistics) = iterate(temperature: tau, refine: true)
        if jumped <= value {
            progress.record(jumped, statistics)
        } else {
            restore(plain)
            (slope, ownSlopes) = fittedSlopes
            progress.countDiscarded()
        }
    }

    /// Moves to the squared extrapolation of `s0`, `s1` and the current state, if those have
    /// the same codewords and the step keeps every important row served that is served now.
    /// - Returns: whether the state moved.
    mutating func extrapolate(from s0: State, _ s1: State) -> Bool {
        let s2 = state
        guard s0.q.count == s2.q.count, s1.q.count == s2.q.count else { return false }
        guard s0.q.allSatisfy({ $0 > 0 }), s1.q.allSatisfy({ $0 > 0 }), s2.q.allSatisfy({ $0 > 0 })
        else { return false }
        let logQ = Self.squaredStep(s0.q.map(log), s1.q.map(log), s2.q.map(log))
        let codebook = Self.squaredStep(s0.codebook, s1.codebook, s2.codebook)
        guard let logQ, let codebook else { return false }
        let largest = logQ.max() ?? 0
        let weights = logQ.map { exp($0 - largest) }
        let total = weights.reduce(0, +)
        guard total > 0, total.isFinite else { return false }
        let served = infeasibleRows()
        setCodebook(codebook, q: weights.map { $0 / total })
        guard infeasibleRows().isSubset(of: served) else {
            restore(s2)
            return false
        }
        return true
    }

    /// `x0 − 2α r + α² v` for `x0`, `x1`, `x2` of equal length, or nil when the iterates did not
    /// move or a coordinate is not finite.
    static func squaredStep(_ x0: [Double], _ x1: [Double], _ x2: [Double]) -> [Double]? {
        var rr = 0.0
        var vv = 0.0
        for e in x0.indices {
            let r = x1[e] - x0[e]
            let v = x2[e] - 2 * x1[e] + x0[e]
            rr += r * r
            vv += v * v
        }
        guard rr.isFinite, vv.isFinite, vv > 0 else { return nil }
        let alpha = max(-maximumExtrapolation, min(-1, -(rr / vv).squareRoot()))
        var result = x0
        for e in x0.indices {
            let r = x1[e] - x0[e]
            let v = x2[e] - 2 * x1[e] + x0[e]
            result[e] = x0[e] - 2 * alpha * r + alpha * alpha * v
        }
        return result.allSatisfy(\.isFinite) ? result : nil
    }
}
