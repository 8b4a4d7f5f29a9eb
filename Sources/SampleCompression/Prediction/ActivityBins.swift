/// One level group's activity thresholds held in seven stored values (missing ones `+∞`), so
/// that a sample's bin — how many thresholds its activity exceeds — is seven comparisons on
/// registers instead of a loop over a nested array, which in the counting loops over every
/// sample cost a retain and a bounds check each.
struct ActivityBins {
    private let t0, t1, t2, t3, t4, t5, t6: Double

    /// At most seven non-decreasing thresholds.
    init(_ thresholds: [Double]) {
        precondition(thresholds.count < ActivityContexts.maximumBins, "at most seven thresholds")
        func at(_ i: Int) -> Double { i < thresholds.count ? thresholds[i] : .infinity }
        (t0, t1, t2, t3, t4, t5, t6) = (at(0), at(1), at(2), at(3), at(4), at(5), at(6))
    }

    /// The number of thresholds `activity` exceeds (0 for NaN, as the comparisons say).
    @inline(__always)
    func bin(_ activity: Float) -> Int {
        let value = Double(activity)
        var bin = value > t0 ? 1 : 0
        bin &+= value > t1 ? 1 : 0
        bin &+= value > t2 ? 1 : 0
        bin &+= value > t3 ? 1 : 0
        bin &+= value > t4 ? 1 : 0
        bin &+= value > t5 ? 1 : 0
        bin &+= value > t6 ? 1 : 0
        return bin
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
