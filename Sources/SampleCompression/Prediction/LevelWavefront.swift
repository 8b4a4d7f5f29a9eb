/// The order in which the levels of a 1-D chunk's interpolation are coded so that the samples
/// they touch stay in cache: the finer levels advance together through the chunk, each a fixed
/// distance behind the next coarser one, instead of one after another over the whole chunk.
///
/// A sample of level h = 2^k (an odd multiple of h) is interpolated from the samples h and 3h
/// away on either side, which are multiples of 2h: coarser levels. So each level may be coded up
/// to 3h short of how far the next coarser one has gone, and once that one is complete, to the
/// end. The levels of at least ``blockedLevelSpan`` are coded whole first (they are few
/// samples); below it, the coarsest blocked level advances by ``window`` samples at a time and
/// each finer one follows. Every sample is coded once, after all its neighbours, so the
/// symbols and reconstructions are those of the visiting order (``InterpolationOrder``); only
/// the order in which they are computed changes. With chunks of 2^20 values, coding level after
/// level streamed 16 MB (the values and their reconstructions) through the cache at every
/// level.
struct LevelWavefront {
    /// The chunk's sample count.
    let count: Int
    /// Where each level's visits begin (``InterpolationOrder/levelStarts``).
    let levelStarts: [Int]

    /// Levels with h at least this are coded whole, before the others.
    static let blockedLevelSpan = 1 << 12
    /// How far the coarsest blocked level advances at a time, in samples.
    static let window = 1 << 13
    /// How far past the furthest sample of a blocked range its coder asks for the values
    /// ahead (the hardware prefetchers do not follow the levels' strides): 16 KB of float64.
    static let prefetchReach = 1 << 11
    /// Float64 values per 64-byte cache line.
    static let valuesPerLine = 8

    /// The levels coded as a wavefront: 0 ..< this.
    var blockedLevels: Int { min(levelStarts.count, Self.blockedLevelSpan.trailingZeroBitCount) }

    /// The wavefront of `order`, a 1-D chunk's (one row: its level k visits h, 3h, 5h, … in
    /// turn); nil for an order of more dimensions.
    init?(_ order: InterpolationOrder) {
        let count = order.positions.count
        guard count > 1, order.strides.count == count else { return nil }
        let starts = order.levelStarts
        // One row: the last visit is the last sample, at level 0 or (count 2^k + 1) above it,
        // and every level's visits are the odd multiples of its h below the count.
        for (k, start) in starts.enumerated() {
            let end = k == 0 ? count : starts[k - 1]
            guard end - start == Self.visits(below: count, level: k) else { return nil }
            if end > start {
                let h = 1 << k
                guard order.positions[start] == Int32(truncatingIfNeeded: h),
                    order.positions[end - 1]
                        == Int32(truncatingIfNeeded: h * (2 * (end - start) - 1))
                else { return nil }
            }
        }
        self.count = count
        self.levelStarts = starts
    }

    /// How many samples of level k (the odd multiples of h = 2^k) lie below `limit`.
    @inline(__always)
    static func visits(below limit: Int, level k: Int) -> Int {
        let h = 1 << k
        return limit > 0 ? (limit + h - 1) / (2 * h) : 0
    }

    /// Ranges of visits (indices into the visiting order), each within one level, in an order
    /// in which every sample's neighbours come before it: the chunk's first sample (level
    /// `levelStarts.count`, as the predictor counts it), the coarse levels whole, then the
    /// blocked levels as a wavefront.
    var ranges: [(level: Int, visits: Range<Int>)] {
        var ranges: [(level: Int, visits: Range<Int>)] = []
        forEachRange { ranges.append(($0, $1)) }
        return ranges
    }

    private func forEachRange(_ body: (_ level: Int, _ visits: Range<Int>) -> Void) {
        let levelCount = levelStarts.count
        body(levelCount, 0..<1)
        let blocked = blockedLevels
        for k in (blocked..<levelCount).reversed() {
            let range = levelStarts[k]..<(k == 0 ? count : levelStarts[k - 1])
            if !range.isEmpty { body(k, range) }
        }
        guard blocked > 0 else { return }
        // frontier[k]: the samples of level k below this position are coded.
        var frontier = [Int](repeating: 0, count: blocked)
        var top = 0
        repeat {
            top = min(count, top + Self.window)
            var coarser = top
            for k in (0..<blocked).reversed() {
                let reach = k == blocked - 1 || coarser == count ? coarser : coarser - (3 << k)
                let target = max(frontier[k], reach)
                let from = Self.visits(below: frontier[k], level: k)
                let to = Self.visits(below: target, level: k)
                if to > from { body(k, (levelStarts[k] + from)..<(levelStarts[k] + to)) }
                frontier[k] = target
                coarser = target
            }
        } while top < count
    }
}
