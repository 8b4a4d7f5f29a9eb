extension ResidualQuantizer {
    /// The quantiser with only the codewords `range`: a residual beyond the kept cells has no
    /// codeword within ``halfWidth`` and is escaped. Nil for a quantiser without a finite half
    /// width (its outer cells have no edge to move).
    func keeping(_ range: ClosedRange<Int>) -> ResidualQuantizer? {
        guard halfWidth.isFinite, range.lowerBound >= 0, range.upperBound < count else {
            return nil
        }
        return ResidualQuantizer(
            codewords: Array(codewords[range]),
            thresholds: Array(thresholds[range.lowerBound..<range.upperBound]),
            halfWidth: halfWidth,
            lowestEdge: max(lowestEdge, codewords[range.lowerBound] - halfWidth),
            highestEdge: min(highestEdge, codewords[range.upperBound] + halfWidth))
    }

    /// The codewords between the first and the last that are used more than `rareUse` times
    /// by `counts` (one count per codeword), or nil when every codeword is.
    static func usedRange(_ counts: [UInt64], rareUse: UInt64) -> ClosedRange<Int>? {
        guard !counts.isEmpty else { return nil }
        var first = 0
        while first < counts.count - 1, counts[first] <= rareUse { first += 1 }
        var last = counts.count - 1
        while last > first, counts[last] <= rareUse { last -= 1 }
        return first > 0 || last < counts.count - 1 ? first...last : nil
    }
}
