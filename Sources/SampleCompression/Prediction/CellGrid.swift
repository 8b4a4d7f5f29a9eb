/// A lookup grid that finds a residual's cell in about one step instead of a binary search:
/// the thresholds' range is cut into equal grid cells, and each holds the first quantiser cell
/// that can contain a residual of it (that of the grid cell before it, so that rounding in the
/// grid index can never start the scan past the true cell); the scan then moves up while the
/// next threshold is at or below the residual.
struct CellGrid: Sendable {
    private let start: Double
    private let scale: Double
    private let firstCell: [Int32]

    init(thresholds: [Double]) {
        let count = min(1 << 16, max(64, 8 * thresholds.count))
        guard let low = thresholds.first, let high = thresholds.last, high > low,
            (Double(count) / (high - low)).isFinite
        else {
            (start, scale, firstCell) = (0, 0, [0])
            return
        }
        let perUnit = Double(count) / (high - low)
        start = low
        scale = perUnit
        var cells = [Int32](repeating: 0, count: count)
        thresholds.withUnsafeBufferPointer { t in
            for g in 1..<count {
                let edge = low + Double(g - 1) / perUnit
                cells[g] = Int32(ResidualQuantizer.cell(of: edge, thresholds: t))
            }
        }
        firstCell = cells
    }

    /// The cell of `residual` (the number of thresholds at or below it).
    @inline(__always)
    func cell(of residual: Double, thresholds: UnsafeBufferPointer<Double>) -> Int {
        let position = (residual - start) * scale
        let last = firstCell.count - 1
        let g = position >= 0 ? (position < Double(last) ? Int(position) : last) : 0
        var j = Int(firstCell.withUnsafeBufferPointer { $0[g] })
        while j < thresholds.count && thresholds[j] <= residual { j += 1 }
        return j
    }
}
