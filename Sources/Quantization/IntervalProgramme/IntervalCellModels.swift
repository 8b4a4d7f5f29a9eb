/// The true cost of a run of whole bins: the squared error of all its values about the best
/// codeword within `radius` of each of its important values (``Moments/constrainedError``).
struct BinnedCellModel: IntervalCellModel {
    let bins: CandidateCuts
    let radius: Double
    private var extremes = ImportantExtremes()

    init(bins: CandidateCuts, radius: Double) {
        self.bins = bins
        self.radius = radius
    }

    mutating func beginCells(endingAt end: Int) { extremes = ImportantExtremes() }

    mutating func error(from start: Int, to end: Int) -> Double? {
        extremes.include(bin: start, of: bins)
        guard let box = extremes.codewordBox(radius: radius) else { return nil }
        return bins.moments(start..<end).constrainedError(low: box.low, high: box.high).error
    }
}

/// What both cell models share: the bins and their masses.
extension IntervalCellModel {
    var binCount: Int { bins.binCount }

    func mass(from start: Int, to end: Int) -> Double { bins.mass[end] - bins.mass[start] }
}

/// The lowest and highest important value of a growing run of bins, and the codewords that
/// serve them all.
struct ImportantExtremes {
    var lowest = Double.infinity
    var highest = -Double.infinity

    mutating func include(bin k: Int, of bins: CandidateCuts) {
        lowest = min(lowest, bins.lowestImportant[k])
        highest = max(highest, bins.highestImportant[k])
    }

    /// `[highest − radius, lowest + radius]`, or nil when it is empty (no codeword serves them all).
    func codewordBox(radius: Double) -> (low: Double, high: Double)? {
        let low = highest - radius
        let high = lowest + radius
        return low <= high ? (low, high) : nil
    }
}

/// A lower bound on the cost of any cell whose values reach into bins `start` and `end − 1`
/// and cover the bins between: the between bins count exactly, and so does an end bin of a
/// single value; an end bin of several values counts its mass at its distance from the
/// codeword (`dist(c, [lo, hi])²`, no more than any of its values' squared errors), and its
/// important values do not constrain the codeword.
///
/// Why the recursion over these costs bounds every interval quantiser, with cuts anywhere:
/// take any partition of the values into intervals. A bin split between neighbouring cells
/// (never a single-value bin) contributes, in each, mass `t` at the distance bound; as a
/// function of `t` the cost is a minimum over codewords of functions linear in `t`, plus the
/// concave `λ h(W)`, so it is concave in `t` and is least with the bin wholly in one of the
/// cells (where it is that cell's end bin). Moving split bins so, one at a time, never raises
/// the cost, and ends at a partition into whole bins costed as here; costing a whole bin of
/// several values at its distance bound and dropping its important values' constraints lowers
/// a cost further. So the recursion's optimum is at most the optimum over all interval
/// partitions (the cost of one bin alone is 0 plus its entropy term: its codeword can sit
/// inside it).
struct RelaxedCellModel: IntervalCellModel {
    let bins: CandidateCuts
    let radius: Double
    /// The important extremes of the bins strictly between the ends.
    private var between = ImportantExtremes()

    init(bins: CandidateCuts, radius: Double) {
        self.bins = bins
        self.radius = radius
    }

    mutating func beginCells(endingAt end: Int) { between = ImportantExtremes() }

    mutating func error(from start: Int, to end: Int) -> Double? {
        let last = end - 1
        guard start < last else { return 0 }
        if start + 1 < last { between.include(bin: start + 1, of: bins) }
        // Single-value end bins count exactly, with their tolerances.
        let exactLeft = bins.isSingleValue(start)
        let exactRight = bins.isSingleValue(last)
        var extremes = between
        if exactLeft { extremes.include(bin: start, of: bins) }
        if exactRight { extremes.include(bin: last, of: bins) }
        guard let box = extremes.codewordBox(radius: radius) else { return nil }
        let inner = bins.moments((exactLeft ? start : start + 1)..<(exactRight ? end : last))
        let leftMass = exactLeft ? 0 : bins.mass[start + 1] - bins.mass[start]
        let rightMass = exactRight ? 0 : bins.mass[end] - bins.mass[last]
        let leftEdge = bins.upper[start]
        let rightEdge = bins.lower[last]
        // The minimiser with both end bins at their near edges lies between those edges, where
        // the distance bounds are exactly those quadratics; the constrained minimiser of the
        // convex total is its clamp.
        let total = inner.mass + leftMass + rightMass
        let unconstrained = (inner.first + leftMass * leftEdge + rightMass * rightEdge) / total
        let c = min(max(unconstrained, box.low), box.high)
        var error = inner.constrainedError(low: c, high: c).error
        let left = Self.distance(c, bins.lower[start], leftEdge)
        let right = Self.distance(c, rightEdge, bins.upper[last])
        error += leftMass * left * left + rightMass * right * right
        return error
    }

    /// The distance from c to the interval [low, high].
    private static func distance(_ c: Double, _ low: Double, _ high: Double) -> Double {
        c < low ? low - c : (c > high ? c - high : 0)
    }
}
