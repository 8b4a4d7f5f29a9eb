/// One level group's activity thresholds in one vector (missing ones, and the eighth lane,
/// `+∞`), so that a sample's bin — how many thresholds its activity exceeds — is one vector
/// comparison and a sum. Seven scalar comparisons compiled to a chain of branches, which the
/// activities (spread across the thresholds by design) mispredicted: counting the symbols of
/// 10^7 values took 8 % of compressing them.
///
/// The lanes are floats, each threshold rounded down to one: an activity (a float) exceeds a
/// threshold exactly when it exceeds the largest float at or below it, so the bins are those of
/// comparing with the thresholds as doubles, in a vector of half the width.
struct ActivityBins {
    private let thresholds: SIMD8<Float>

    /// At most seven non-decreasing thresholds.
    init(_ thresholds: [Double]) {
        precondition(thresholds.count < ActivityContexts.maximumBins, "at most seven thresholds")
        var lanes = SIMD8<Float>(repeating: .infinity)
        for (i, t) in thresholds.enumerated() { lanes[i] = Self.roundedDown(t) }
        self.thresholds = lanes
    }

    /// The largest float at or below `t` (the largest finite float for `t` beyond the float
    /// range, +∞ for +∞).
    static func roundedDown(_ t: Double) -> Float {
        let nearest = Float(t)
        return Double(nearest) > t ? nearest.nextDown : nearest
    }

    /// The number of thresholds `activity` exceeds (0 for NaN, as the comparisons say).
    @inline(__always)
    func bin(_ activity: Float) -> Int {
        let exceeded = SIMD8<Float>(repeating: activity) .> thresholds
        return Int(SIMD8<Int32>(repeating: 0).replacing(with: 1, where: exceeded).wrappedSum())
    }
}

extension ContextTables {
    /// The visiting positions `0 ..< size` of a chunk whose level cuts are `cuts`, split by
    /// level group: the positions of group `g` are `ranges[g]` (``levelGroup(_:cuts:)``, whose
    /// cuts do not decrease).
    static func groupRanges(size: Int, cuts: [Int]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        for g in 0..<ActivityContexts.levelGroups {
            let end = g < cuts.count ? min(max(cuts[g], start), size) : size
            ranges.append(start..<end)
            start = end
        }
        return ranges
    }
}
