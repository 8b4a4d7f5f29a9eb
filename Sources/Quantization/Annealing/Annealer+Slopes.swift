import ParallelLoops
import RateDistortion

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Annealer {
    /// The largest slope used (nats per unit of distortion at τ = 1); beyond it a row is hard.
    static let slopeCeiling = 1e12

    /// Terms below `e^{−36}` (2e-16) of their row's largest are left out of the annealing
    /// passes: below double precision against a partition function ≥ 1, and on scalar
    /// designs they are most of the codebook (see `RowKernel+Window.swift`).
    static let negligibleLogRatio = 36.0

    /// How close below its bound a fitted distortion lands (relative): the slope searches aim
    /// inside `[bound(1 − fitBand), bound]`. Newton's last step lands there at no extra cost
    /// (its error goes from about 1e-8 to 1e-16), and the fitted slopes do not depend on where
    /// the search started beyond that: with a band of 1e-9 a design from weighted samples and
    /// from the same samples repeated parted after a few stages (57 against 61 codewords).
    static let fitBand = 1e-12

    /// The same for own slopes, whose rows' sums are short: 1e-9 (at 1e-12 the searches took
    /// a fifth more annealing time on a speech-like design, and a band of 1e-9 here did not
    /// part the two designs above).
    static let ownFitBand = 1e-9

    /// The least fraction of its last value an own slope keeps from one iteration to the next.
    /// Letting own slopes fall at once to the smallest that meets the bound left annealing's
    /// candidate 0.0007–0.006 bit worse on `examples/tails.csv` at D = 0.3, 0.1, 0.03 and 0.01;
    /// with the fall limited to 30 % per iteration it is as good as it was.
    static let ownSlopeRetention = 0.7

    /// σ_i for every row with a tolerance: the smallest slope at which the row's distortion
    /// `dmin_i + E[d − dmin_i]` is at most its tolerance, to within ``ownFitBand`` of it (safeguarded
    /// Newton that climbs from below, as the solver's `restoreFeasibility`), falling by at most
    /// 30 % per iteration. Warm-started from the last σ_i, with one Newton step down first where
    /// that meets the bound with room.
    /// - Parameter retention: the least fraction of its last value a slope keeps (the damped
    ///   Newton steps pass 0: they need the exact fit to compare g between states).
    mutating func solveOwnSlopes(
        logWeights: [Double], temperature tau: Double, retention: Double = ownSlopeRetention
    ) {
        let bounded = (0..<rows).filter { tolerances[$0].isFinite }
        // Rows are independent: each chunk of them writes only its rows' slopes.
        let chunks = bounded.count < 64 ? 1 : min(bounded.count / 16, ParallelLoop.activeCores * 4)
        var slopes = ownSlopes
        let weights = kernel.weights(logWeights)
        slopes.withUnsafeMutableBufferPointer { buffer in
            let slopes = buffer
            ParallelLoop.forEachChunk(chunks, count: bounded.count) { _, range in
                let scratch = kernel.rowScratch()
                for i in bounded[range] {
                    slopes[i] = ownSlope(
                        row: i, from: slopes[i], weights: weights, temperature: tau,
                        retention: retention, scratch: scratch)
                }
            }
        }
        ownSlopes = slopes
    }

    /// Row i's own slope σ_i, warm-started from `previous`: the smallest slope that meets the
    /// bound (its distortion within `[bound(1 − ownFitBand), bound]`), but at least
    /// `retention × previous` (see ``solveOwnSlopes(logWeights:temperature:retention:)``).
    /// About 2.8 row evaluations per call in annealing, where climbing from the lowest allowed
    /// slope every time took 6.
    func ownSlope(
        row i: Int, from previous: Double, weights: RowKernel.Weights, temperature tau: Double,
        retention: Double = ownSlopeRetention, scratch: RowScratch
    ) -> Double {
        let bound = tolerances[i]
        guard kernel.rowMinima[i] <= bound else { return Self.slopeCeiling }
        func value(_ sigma: Double) -> (Double, Double) {
            let r = kernel.rowStatistics(
                row: i, slope: sigma / tau, weights: weights,
                negligibleLogRatio: Self.negligibleLogRatio, scratch: scratch)
            return (kernel.rowMinima[i] + r.meanExcess, r.variance / tau)
        }
        // Aimed a hair below the bound, Newton lands inside [aim, bound] instead of creeping
        // up to the bound from below.
        let aim = bound - Self.ownFitBand * bound
        var t = previous
        var (current, derivative) = value(t)
        if current < aim && derivative > 0 && t > 0 {
            // The bound is met with room to spare: one Newton step down, to no lower than the
            // retention allows. D_i is convex in σ for the right-skewed rows of a quantiser (its
            // second derivative is the third central moment of d), so the step lands at or
            // below the smallest slope that meets the aim, and the loop below climbs back;
            // where it is not, the step still meets it.
            t = max(retention * previous, t - (aim - current) / derivative)
            (current, derivative) = value(t)
        }
        var iterations = 0
        while current > bound && iterations < 100 && t < Self.slopeCeiling {
            let step = derivative > 0 ? (current - aim) / derivative : max(t, 1)
            t = min(t + max(step, 1e-12 * max(t, 1)), t * 16 + 16, Self.slopeCeiling)
            (current, derivative) = value(t)
            iterations += 1
        }
        return t
    }

    /// s: the smallest base slope at which the average distortion is at most the target, to
    /// within ``fitBand`` of it (safeguarded Newton inside a bracket, aimed at the middle of that
    /// band so that the quadratic convergence lands in it instead of creeping up to it).
    ///
    /// Every kernel pass of the search also sums the output law and the columns of
    /// `extraRowWeights` (see `RowKernel.pass`), so that the pass at the slope chosen serves as
    /// the iteration's own: one pass fewer per iteration than a separate one.
    /// - Returns: the average distortion at s and the kernel pass there.
    mutating func solveSlope(
        logWeights: [Double], temperature tau: Double, extraRowWeights: [[Double]] = []
    ) -> (distortion: Double, pass: RowKernel.Pass) {
        func value(_ s: Double) -> (Double, Double, RowKernel.Pass) {
            let slopes = (0..<rows).map { max(s, ownSlopes[$0]) / tau }
            let pass = kernel.pass(
                logWeights: logWeights, slopes: slopes, probabilities: masses,
                accumulateColumns: true, negligibleLogRatio: Self.negligibleLogRatio,
                extraRowWeights: extraRowWeights)
            var sum = 0.0
            var derivative = 0.0
            for i in 0..<rows {
                sum += masses[i] * (kernel.rowMinima[i] + pass.meanExcess[i])
                if s >= ownSlopes[i] { derivative += masses[i] * pass.variance[i] / tau }
            }
            return (sum, derivative, pass)
        }
        var (current, derivative, pass) = value(slope)
        let tolerance = Self.fitBand * target
        if current <= target, slope == 0 { return (current, pass) }
        var low = 0.0
        var high = Double.infinity
        var highValue = current
        var highPass = pass
        var s = slope
        for _ in 0..<60 {
            if current > target {
                low = s
            } else {
                high = s
                highValue = current
                highPass = pass
            }
            // Met to within the tolerance; far below the target with no derivative (hard
            // assignments, where D(s) is a step function) the bracket is bisected instead, or
            // s stays too large and the stage buys rate for distortion nobody asked for.
            if current <= target && target - current <= tolerance { break }
            if high.isFinite && high - low <= 1e-12 * high { break }
            let aim = target - 0.5 * tolerance
            var next = derivative > 0 ? s + (current - aim) / derivative : .nan
            if !(next > low && next < high) || !next.isFinite {
                next = high.isFinite ? 0.5 * (low + high) : max(2 * s, 1)
            }
            if next >= Self.slopeCeiling { next = Self.slopeCeiling }
            s = next
            (current, derivative, pass) = value(s)
            if s >= Self.slopeCeiling {
                high = s
                highValue = current
                highPass = pass
                break
            }
        }
        if current > target, high.isFinite {
            s = high
            current = highValue
            pass = highPass
        }
        slope = s
        return (current, pass)
    }
}
