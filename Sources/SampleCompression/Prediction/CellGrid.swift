/// A lookup grid that finds a residual's cell in about one step instead of a binary search:
/// the thresholds' range is cut into equal grid cells, and each holds the first quantiser cell
/// that can contain a residual of it (that of the grid cell before it, so that rounding in the
/// grid index can never start the scan past the true cell); the scan then moves up while the
/// next threshold is at or below the residual.
struct CellGrid: Sendable {
    private let start: Double
    private let scale: Double
    private let firstCell: [Int32]
    /// The thresholds followed by two infinities, so that the first two scan steps need no
    /// bounds check (and no branch).
    private let paddedThresholds: [Double]

    init(thresholds: [Double]) {
        paddedThresholds = thresholds + [.infinity, .infinity]
        let count = min(1 << 16, max(64, 32 * thresholds.count))
        guard let low = thresholds.first, let high = thresholds.last, high > low,
            (Double(count) / (high - low)).isFinite
        else {
            (start, scale, firstCell) = (0, 0, [0])
            return
        }
        let perUnit = Double(count) / (high - low)
        start = low
        scale = perUnit
        // The edges rise with g, so one sweep counts the thresholds at or below each (a binary
        // search per grid cell was 1 % of compressing speech: a design builds a grid for every
        // quantiser it tries).
        var cells = [Int32](repeating: 0, count: count)
        var below = 0
        for g in 1..<count {
            let edge = low + Double(g - 1) / perUnit
            while below < thresholds.count && thresholds[below] <= edge { below += 1 }
            cells[g] = Int32(below)
        }
        firstCell = cells
    }

    /// The grid as plain values and a pointer, for the encoder's inner loop.
    struct Table {
        let start: Double
        let scale: Double
        let firstCell: UnsafeBufferPointer<Int32>

        /// The thresholds with two infinities after them.
        let padded: UnsafeBufferPointer<Double>

        /// The cell of `residual` (the number of thresholds at or below it): two branch-free
        /// comparisons from the grid's start, then a scan for the rare residual that needs more.
        @inline(__always)
        func cell(of residual: Double) -> Int {
            let position = (residual - start) * scale
            let last = firstCell.count - 1
            let g = position >= 0 ? (position < Double(last) ? Int(position) : last) : 0
            let count = padded.count - 2
            let first = Int(firstCell[g])
            // Both comparisons at once (the thresholds are sorted, so the second implies the
            // first): one load's latency on the closed loop's chain instead of two.
            var j =
                first &+ (padded[first] <= residual ? 1 : 0)
                &+ (padded[first &+ 1] <= residual ? 1 : 0)
            while j < count && padded[j] <= residual { j += 1 }
            return min(j, count)
        }
    }

    /// Runs `body` with the grid's table.
    func withTable<R>(_ body: (Table) -> R) -> R {
        firstCell.withUnsafeBufferPointer { cells in
            paddedThresholds.withUnsafeBufferPointer { padded in
                body(Table(start: start, scale: scale, firstCell: cells, padded: padded))
            }
        }
    }
}
