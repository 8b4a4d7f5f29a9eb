import ParallelLoops
import RowKernelLoops

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The slopes of rows with their own tolerance, fitted row by row on the restricted law.
///
/// For fixed masses on T and fixed shared slopes, a row's own condition has exactly one
/// solution: its distortion falls as its slope rises, so either the base slope already meets
/// the tolerance (the row is free) or one slope above it meets it exactly (the row binds).
/// Solving these one-dimensional equations before every Newton evaluation leaves Newton's step
/// only T's masses and the shared slopes to move: a row's distortion is far from linear in its
/// slope, and a step that moves a slope by its linearisation alone can overshoot until the row's
/// law sits on one codeword, where the slope no longer moves anything and Newton stalls.
extension ActiveSetNewton {
    /// Iterations of the one-dimensional slope search per row.
    static let maximumSlopeSteps = 100
    /// A fitted row's distortion is within this relative distance of its tolerance.
    static let slopeAccuracy = 1e-15

    /// Every row with its own slope, fitted (see the type's documentation); rows that no codeword
    /// of T can bring within their tolerance keep their slope.
    /// - Complexity: O(window) per evaluation of a row, a few evaluations per row.
    func fitOwnSlopes(_ iterate: inout Iterate, excess: ExcessTable) {
        fitRowSlopes(ownSlopeRows, of: &iterate, excess: excess, fromCurrent: true)
    }

    /// Sets the own slope of each row of `rows` from the restricted law: a row whose distortion
    /// at its base slope exceeds its tolerance binds, with the slope at which it meets it
    /// exactly; the others are free.
    /// - Parameter fromCurrent: start the search at the row's current slope when that still
    ///   leaves the row above its tolerance (else at the base slope).
    func fitRowSlopes(
        _ rows: [Int], of iterate: inout Iterate, excess: ExcessTable, fromCurrent: Bool = false
    ) {
        let r = iterate.active.count
        let width = RowKernel.width
        let padded = (r + width - 1) / width * width
        var logQ = [Double](repeating: -.infinity, count: padded)
        for l in 0..<r where iterate.q[l] > 0 { logQ[l] = log(iterate.q[l]) }
        let excessTable = excess
        let fitted = rows.filter { layout.hasOwnSlope($0) }
        // Each row's fit is its own: rows are split across cores, each result written to the
        // row's own slot, so the slopes do not depend on the split.
        var slopes = [RowSlope?](repeating: nil, count: fitted.count)
        let chunks = fitted.count < Self.parallelSlopeRows ? 1 : ParallelLoop.activeCores
        let current = iterate
        withLine(of: current) { line in
            logQ.withUnsafeBufferPointer { logQ in
                excess.withRows { excess in
                    slopes.withUnsafeMutableBufferPointer { slopes in
                        let output = slopes.baseAddress.unsafelyUnwrapped
                        ParallelLoop.forEachChunk(chunks, count: fitted.count) { _, range in
                            // One row's excess distortions at a time, for the C loops.
                            let scratch = UnsafeMutablePointer<Double>.allocate(capacity: max(1, r))
                            defer { scratch.deallocate() }
                            for k in range {
                                let i = fitted[k]
                                // A row no codeword of T can bring within its tolerance keeps its
                                // slope (`nextDown`: strictly below the slack).
                                let slack = layout.rowTolerance[i] - layout.rowMinima[i]
                                guard
                                    !excessTable.positions(
                                        ofRow: i, within: slack.nextDown, limit: 1
                                    ).isEmpty
                                else { continue }
                                let row = RowOnT(
                                    excess: excess[i], logQ: logQ, active: r,
                                    minimum: layout.rowMinima[i], scratch: scratch)
                                output[k] = fitSlope(
                                    of: i, row: row, line: line, iterate: current,
                                    fromCurrent: fromCurrent)
                            }
                        }
                    }
                }
            }
        }
        for (k, i) in fitted.enumerated() {
            guard let slope = slopes[k] else { continue }
            iterate.rowBinds[i] = slope.binds
            iterate.beta[i] = slope.beta
        }
    }

    /// Rows with their own slope from which their fits are split across cores.
    static let parallelSlopeRows = 64

    /// A row's fitted slope and whether it binds.
    struct RowSlope {
        var binds: Bool
        var beta: Double
    }

    /// The rows with a slope of their own (a finite tolerance, not assigned hard).
    var ownSlopeRows: [Int] { (0..<layout.rows).filter { layout.hasOwnSlope($0) } }

    private func fitSlope(
        of i: Int, row: RowOnT, line: RestrictedLine?, iterate: Iterate, fromCurrent: Bool
    ) -> RowSlope {
        var base = iterate.s
        for k in layout.rowClasses[i] { base += iterate.nu[k] }
        let bound = layout.rowTolerance[i]
        // Slopes above the base narrow the row's window: the one at the base covers the search.
        let window =
            line.flatMap {
                $0.window(
                    row: i, excess: row.excess, logQ: row.logQ.baseAddress.unsafelyUnwrapped,
                    slope: base, width: 1, padded: row.active)
            } ?? 0..<row.active
        let atBase = row.moments(slope: base, over: window)
        guard atBase.distortion > bound else { return RowSlope(binds: false, beta: base) }
        let start = fromCurrent && iterate.rowBinds[i] ? max(base, iterate.beta[i]) : base
        let slope = Self.slopeMeeting(bound, above: base, from: start) { t in
            t == base ? atBase : row.moments(slope: t, over: window)
        }
        return RowSlope(binds: slope > base, beta: slope > base ? slope : base)
    }

    /// The slope above `base` at which a decreasing distortion `value(t)` (with its variance,
    /// minus its derivative) equals `bound` to rounding, given `value(base) > bound`: Newton's
    /// method from `start`, kept inside the bracket the values found so far give, bisecting (or
    /// growing the slope while no upper end is known) when a step would leave it.
    static func slopeMeeting(
        _ bound: Double, above base: Double, from start: Double,
        _ value: (Double) -> (distortion: Double, variance: Double)
    ) -> Double {
        var low = base
        var high = Double.infinity
        var t = start
        for _ in 0..<Self.maximumSlopeSteps {
            let (distortion, variance) = value(t)
            let miss = distortion - bound
            if abs(miss) <= Self.slopeAccuracy * bound { return t }
            if miss > 0 { low = max(low, t) } else { high = min(high, t) }
            var next = variance > 0 ? t + miss / variance : .nan
            if !(next > low && next < high) {
                next = high.isFinite ? low + (high - low) / 2 : max(2 * t, t + 1)
            }
            if next == t || next == low || next == high { return high.isFinite ? high : t }
            t = next
        }
        return high.isFinite ? high : t
    }
}

/// One row's excess distortions and T's log-masses, for evaluating the row alone.
private struct RowOnT {
    let excess: ExcessRow
    let logQ: UnsafeBufferPointer<Double>
    let active: Int
    let minimum: Double
    /// Room for the row's excess distortions over T.
    let scratch: UnsafeMutablePointer<Double>

    /// The row's distortion at slope `t` over the positions `range` of T, and the variance of
    /// its excess (minus the distortion's derivative in t); the sums run in the C loops, at the
    /// CPU's vector width.
    func moments(slope t: Double, over range: Range<Int>) -> (
        distortion: Double, variance: Double
    ) {
        excess.copy(range, to: scratch)
        var sums = (0.0, 0.0, 0.0)
        withUnsafeMutablePointer(to: &sums) { pointer in
            pointer.withMemoryRebound(to: Double.self, capacity: 3) { sums in
                rk_row_moments(
                    scratch + range.lowerBound,
                    logQ.baseAddress.unsafelyUnwrapped + range.lowerBound, range.count, t, sums)
            }
        }
        let (z, first, second) = sums
        let mean = first / z
        return (minimum + mean, max(0, second / z - mean * mean))
    }
}
