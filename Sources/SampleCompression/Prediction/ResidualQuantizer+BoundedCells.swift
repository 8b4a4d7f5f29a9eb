extension ResidualQuantizer {
    /// The quantiser of a designed partition with every cell held within `halfWidth` of its
    /// codeword (the uniform-reconstruction constraint: no cell wider than `2·halfWidth`, the
    /// codeword within `halfWidth` of every member), covering at least `[low, high]`, its
    /// codewords on the lattice of ``latticeUnit(halfWidth:)``.
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
        // Cells a lattice unit narrower, so that moving every codeword onto the lattice (by at
        // most half a unit) keeps each cell within `e` of its codeword.
        let u = Self.latticeUnit(halfWidth: e)
        let narrow = e - u
        let interior = Self.filledInterior(codewords, thresholds, halfWidth: narrow)
        let budget = max(0, maximumCount - interior.codewords.count)
        let first = interior.codewords[0]
        let last = interior.codewords[interior.codewords.count - 1]
        let leftCount = min(
            budget / 2, Self.steps(from: low, to: first - narrow, halfWidth: narrow))
        let rightCount = min(
            budget / 2, Self.steps(from: last + narrow, to: high, halfWidth: narrow))
        var values: [Double] = []
        var cuts: [Double] = []
        for k in stride(from: leftCount, through: 1, by: -1) {
            values.append(first - 2 * narrow * Double(k))
            cuts.append(first - 2 * narrow * Double(k) + narrow)
        }
        values += interior.codewords
        cuts += interior.thresholds
        for k in stride(from: 1, through: rightCount, by: 1) {
            cuts.append(last + 2 * narrow * Double(k) - narrow)
            values.append(last + 2 * narrow * Double(k))
        }
        self.init(
            codewords: Self.onLattice(values, unit: u), thresholds: cuts, halfWidth: e,
            lowestEdge: values[0] - narrow, highestEdge: values[values.count - 1] + narrow)
    }

    /// The lattice unit of a quantiser of half width `e`: the power of two at most `e / 1024`
    /// (the least positive double for `e` of 0 or less).
    /// A file stores the codewords as multiples of it (docs/formats.md, "Codebook on a
    /// lattice"), neighbours at most `2e` apart in two bytes instead of eight. The cells are
    /// built a unit narrower, which costs little: with 1/128 instead, a smooth field within
    /// σ/10 took 6 % more bits (0.123 → 0.130 bits per value); under a mean squared error the
    /// distortion moves by about `u² / 12`.
    static func latticeUnit(halfWidth e: Double) -> Double {
        // Zero's exponent is the least integer (less ten would overflow).
        guard e > 0 else { return .leastNonzeroMagnitude }
        return max(
            Double(sign: .plus, exponent: e.exponent - 10, significand: 1),
            .leastNonzeroMagnitude)
    }

    /// `values` rounded to the nearest multiples of `unit` (exact: the unit is a power of two),
    /// a zero always `+0`.
    static func onLattice(_ values: [Double], unit: Double) -> [Double] {
        values.map { ($0 / unit).rounded() * unit + 0 }
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
