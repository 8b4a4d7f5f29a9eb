extension InterpolationOrder {
    /// The visits of each level as ranges, in visiting order, with their level (a visit `t` is
    /// of level k when `levelStarts[k] ≤ t < levelStarts[k − 1]`, the chunk's first sample of
    /// level `levelStarts.count`), as ``InterpolationPrediction`` steps through them.
    var levelRanges: [(level: Int, visits: Range<Int>)] {
        let count = positions.count
        var ranges: [(level: Int, visits: Range<Int>)] = []
        var start = 0
        for level in stride(from: levelStarts.count, through: 0, by: -1) {
            let end = level == 0 ? count : min(count, max(start, levelStarts[level - 1]))
            if end > start { ranges.append((level, start..<end)) }
            start = end
        }
        return ranges
    }

    /// The visits from `t` on, within `visits` (one level), that have all four neighbours inside
    /// the chunk at one stride, so that none of them is another's neighbour: the run the C loop
    /// of the closed loop codes (``ClosedLoopEncoder``); nil when visit `t` is not such a visit
    /// (the chunk's first sample, or a neighbour outside the chunk).
    func interiorRun(from t: Int, within visits: Range<Int>) -> Range<Int>? {
        let all = Neighbours.farLeft | Neighbours.right | Neighbours.farRight
        let stride = strides[t]
        guard stride > 0, neighbours[t] == all else { return nil }
        var end = t + 1
        while end < visits.upperBound, neighbours[end] == all, strides[end] == stride { end += 1 }
        return t..<end
    }
}
