extension ResidualQuantizer {
    /// The quantiser of a designed partition with every cell held within `halfWidth` of its
    /// codeword (the uniform-reconstruction constraint: no cell wider than `2·halfWidth`, the
    /// codeword within `halfWidth` of every member), covering at least `[low, high]`.
    ///
    /// A threshold is clamped into reach of both its neighbours; a gap wider than
    /// `2·halfWidth` between two codewords is filled with evenly spaced codewords, and the
    /// range beyond the outer codewords with codewords `2·halfWidth` apart, up to
    /// `maximumCount` codewords in all (residuals beyond the covered range are escaped).
    ///
    /// - Parameters:
    ///   - codewords: The designed codewords, increasing.
    ///   - thresholds: The designed thresholds between them.
    ///   - halfWidth: The largest error a covered residual may get (positive).
    ///   - low: The lowest residual to cover.
    ///   - high: The highest residual to cover.
    ///   - maximumCount: The most codewords.
    init(
        boundingCells codewords: [Double], thresholds: [Double], halfWidth: Double,
        covering low: Double, _ high: Double, maximumCount: Int = 1 << 16
    ) {
        let e = halfWidth
        guard e > 0, e.isFinite else {
            self.init(
                codewords: codewords, thresholds: thresholds, halfWidth: .infinity,
                lowestEdge: -.infinity, highestEdge: .infinity)
            return
        }
        let interior = Self.filledInterior(codewords, thresholds, halfWidth: e)
        let budget = max(0, maximumCount - interior.codewords.count)
        let first = interior.codewords[0]
        let last = interior.codewords[interior.codewords.count - 1]
        let leftCount = min(budget / 2, Self.steps(from: low, to: first - e, halfWidth: e))
        let rightCount = min(budget / 2, Self.steps(from: last + e, to: high, halfWidth: e))
        var values: [Double] = []
        var cuts: [Double] = []
        for k in stride(from: leftCount, through: 1, by: -1) {
            values.append(first - 2 * e * Double(k))
            cuts.append(first - 2 * e * Double(k) + e)
        }
        values += interior.codewords
        cuts += interior.thresholds
        for k in stride(from: 1, through: rightCount, by: 1) {
            cuts.append(last + 2 * e * Double(k) - e)
            values.append(last + 2 * e * Double(k))
        }
        self.init(
            codewords: values, thresholds: cuts, halfWidth: e, lowestEdge: values[0] - e,
            highestEdge: values[values.count - 1] + e)
    }

    /// The number of cells of width `2·halfWidth` needed to reach from `from` to `to`.
    private static func steps(from: Double, to: Double, halfWidth e: Double) -> Int {
        guard to > from else { return 0 }
        let count = ((to - from) / (2 * e)).rounded(.up)
        return count.isFinite ? Int(min(count, Double(1 << 20))) : 0
    }

    /// The designed codewords with clamped thresholds and filled gaps.
    private static func filledInterior(
        _ codewords: [Double], _ thresholds: [Double], halfWidth e: Double
    ) -> (codewords: [Double], thresholds: [Double]) {
        var values = [codewords[0]]
        var cuts: [Double] = []
        for j in 0..<(codewords.count - 1) {
            let (left, right) = (codewords[j], codewords[j + 1])
            let gap = right - left
            if gap <= 2 * e {
                cuts.append(min(max(thresholds[j], right - e), left + e))
            } else {
                let fills = Int(min((gap / (2 * e)).rounded(.up), Double(1 << 16))) - 1
                let spacing = gap / Double(fills + 1)
                var previous = left
                for k in 1...fills {
                    let value = left + spacing * Double(k)
                    cuts.append(previous + spacing / 2)
                    values.append(value)
                    previous = value
                }
                cuts.append(previous + (right - previous) / 2)
            }
            values.append(right)
        }
        return (values, cuts)
    }
}
