/// Activity contexts for the predictors that visit the values in their own order (all but
/// interpolation; docs/formats.md, "Activity contexts"): the activity of a value is how much
/// its reconstructed neighbours before it vary, and its context and axis neighbours for the
/// neighbour split are the values before it along the row and one row up.
///
/// The *row* is the data's: a 2-D array's row, a field's plane (its last two axes: on an RGB
/// image of shape (h, w, 3), the image's row of `3·w` values, so that a value's left neighbour
/// is the pixel's previous channel), and none for a signal (``ActivityContexts/row(extents:)``).
/// On the 512 × 512 camera image with Lorenzo 2-D at MSE ≤ var/1000, eight activity bins took
/// the residual symbols' entropy from 1.95 to 1.43 bits; on a signal the gain is smaller (a
/// seismogram's 1.80 → 1.73).
extension ActivityContexts {
    /// The row of the sequential activity for data of field extents `extents`
    /// (`SampleLayout.fieldExtents`): a field's plane, a 2-D array's row, or 0 for a signal (or
    /// rows of one value).
    static func row(extents: [Int]) -> Int {
        let product = extents.reduce(1) { $0.multipliedReportingOverflow(by: $1).partialValue }
        return extents.isEmpty || product <= 1 ? 0 : product
    }

    /// The visiting order whose level cuts, context and axis neighbours the contexts of
    /// `predictor`'s symbols use: interpolation's own, else the sequential one of the
    /// predictor's ``Predictor/activityRow``.
    static func order(for predictor: Predictor) -> (Int) -> InterpolationOrder {
        if let order = LevelTables.order(for: predictor) { return order }
        let row = predictor.activityRow
        return { InterpolationOrderCache.shared.sequentialOrder(count: $0, row: row) }
    }
}

extension InterpolationOrder {
    /// The order of the predictors that visit a chunk's values in their own order, for their
    /// activity contexts: every visit at its own position, all in the finest level; the context
    /// neighbour is the value one `row` up (the one before in the first row, or for a signal),
    /// the axis neighbours the value one row up and the one before (in the same row).
    init(sequentialCount count: Int, row: Int) {
        let count = max(0, count)
        positions = (0..<count).map { Int32(truncatingIfNeeded: $0) }
        strides = [Int32](repeating: 0, count: count)
        neighbours = [UInt8](repeating: 0, count: count)
        var context = [Int32](repeating: 0, count: count)
        var axes = [Int32](repeating: 0, count: 3 * count)
        for t in 0..<count {
            // Chunks start at whole rows (PredictivePlan.chunkSize).
            let column = row > 0 ? t % row : t
            let up = row > 0 && t >= row ? row : 0
            let before = column > 0 ? 1 : 0
            context[t] = Int32(truncatingIfNeeded: up > 0 ? up : before)
            axes[3 * t + 1] = Int32(truncatingIfNeeded: up)
            axes[3 * t + 2] = Int32(truncatingIfNeeded: before)
        }
        contextOffsets = context
        axisOffsets = axes
        // Every visit in the finest level group (h = 1).
        levelStarts = [0]
        // A signal's visits name the value before them: one row's classes (a 2-D array's name
        // the value above too, and take the generic classes).
        rowClassWeights = Self.rowClassWeights(
            positions: positions, contextOffsets: context, axisOffsets: axes, levelStarts: [0])
    }
}

/// A sequential prediction with the activity of the value it last predicted
/// (``ActivityContexts``), read from the reconstructions before it: with `W`, `N`, `NW`, `NE`
/// the values to the left, up, up-left and up-right (one `row` up), `|W − NW| + |N − NW| +
/// |NE − N|` with the terms whose values exist, and in the first row `|W − WW|`; for a signal
/// (`row` 0) `|x₋₁ − x₋₂| + |x₋₂ − x₋₃|/2`. Computed in doubles in that order, then rounded to
/// a float by the caller.
struct SequentialActivityPrediction<Base: NeighbourPrediction>: NeighbourPrediction {
    var base: Base
    let row: Int
    private var column = 0
    private(set) var activity = 0.0

    init(_ base: Base, row: Int) {
        self.base = base
        self.row = row
    }

    mutating func restart(at start: Int, count: Int) {
        base.restart(at: start, count: count)
        column = row > 0 ? start % row : 0
        activity = 0
    }

    @inline(__always)
    func position(_ t: Int) -> Int { base.position(t) }

    @inline(__always)
    mutating func next(_ r: UnsafeMutablePointer<Double>, _ i: Int) -> Double {
        activity = row > 0 ? planar(r, i) : signal(r, i)
        if row > 0 {
            column += 1
            if column == row { column = 0 }
        }
        return base.next(r, i)
    }

    var residualScale: Double { base.residualScale }

    @inline(__always)
    private func signal(_ r: UnsafeMutablePointer<Double>, _ i: Int) -> Double {
        guard i >= 2 else { return 0 }
        let near = abs(r[i - 1] - r[i - 2])
        return i >= 3 ? near + abs(r[i - 2] - r[i - 3]) / 2 : near
    }

    @inline(__always)
    private func planar(_ r: UnsafeMutablePointer<Double>, _ i: Int) -> Double {
        let hasWest = column > 0 && i >= 1
        guard i >= row else {
            return hasWest && column > 1 && i >= 2 ? abs(r[i - 1] - r[i - 2]) : 0
        }
        let north = r[i - row]
        var sum = 0.0
        if hasWest && i >= row + 1 {
            let northWest = r[i - row - 1]
            sum += abs(r[i - 1] - northWest)
            sum += abs(north - northWest)
        }
        if column + 1 < row { sum += abs(r[i - row + 1] - north) }
        return sum
    }
}

/// A visitor that hands its inner visitor a sequential prediction with its activity.
struct SequentialActivityTracking<Inner: PredictionVisitor>: PredictionVisitor {
    let inner: Inner
    let row: Int

    func visit<P: NeighbourPrediction>(_ prediction: P) -> Inner.Result {
        inner.visit(SequentialActivityPrediction(prediction, row: row))
    }
}
