/// Where the symbol of each visited sample is in a chunk's decoded symbols: at its visiting
/// position, or — with activity contexts — next in the segment its level group and activity
/// (and, split by the neighbour's symbol, its context neighbour's symbol) name (segments
/// stored one after another, each in visiting order).
///
/// The order itself is immutable; the position of each segment's next symbol lives in a
/// ``Cursors`` buffer that the decoding loop owns (``withCursors(_:)``), so that taking a symbol
/// is a pointer increment rather than a write to a shared array, which Swift would check for
/// uniqueness at every sample (3 % of decompressing 10^7 speech values).
struct SymbolOrder {
    private let contexts: ActivityContexts?
    /// The chunk's level cuts (``ActivityContexts/cuts(_:count:)``).
    private let cuts: [Int]
    /// The chunk's visiting order (its neighbours), with a split by the neighbours' symbols.
    private let visits: InterpolationOrder?
    /// The split by the neighbours' symbols, or nil.
    private let rule: NeighbourRule?
    /// Whether the segments are split by the neighbours' symbols.
    var splitsByNeighbour: Bool { rule != nil }
    private let zeroSymbol: UInt32
    /// Per level group, its activity thresholds and its first segment.
    private let bins: [ActivityBins]
    private let firstSegments: [Int]
    /// The neighbour splits of each activity bin (1 without a split).
    private let splits: Int
    /// Per segment, the position of its first symbol, and where it ends.
    private let starts: [Int]
    private let ends: [Int]

    /// Symbols in visiting order.
    static let visiting = SymbolOrder(contexts: nil, cuts: [], visits: nil, segments: [])

    /// Symbols in `segments` (their counts, in order) under `contexts`, the chunk visited in
    /// `visits` (needed with a split by the neighbours' symbols).
    init(contexts: ActivityContexts?, cuts: [Int], visits: InterpolationOrder?, segments: [Int]) {
        self.contexts = contexts
        self.cuts = cuts
        self.visits = visits
        rule = contexts?.zeroSymbol != nil && visits != nil ? contexts?.neighbours : nil
        zeroSymbol = contexts?.zeroSymbol ?? 0
        bins = contexts?.thresholds.map(ActivityBins.init) ?? []
        firstSegments = (0..<(contexts == nil ? 0 : ActivityContexts.levelGroups)).map {
            contexts?.segment(levelGroup: $0, bin: 0, split: 0) ?? 0
        }
        splits = contexts?.splits ?? 1
        // Every segment the contexts can name has a cursor: those the chunk lacks are empty.
        let counts =
            segments
            + Array(repeating: 0, count: max(0, (contexts?.segmentCount ?? 0) - segments.count))
        var start = 0
        var starts: [Int] = []
        for count in counts {
            starts.append(start)
            start += count
        }
        self.starts = starts
        ends = zip(starts, counts).map { $0 + $1 }
    }

    /// Whether every segment lies within a chunk of `count` symbols (the decoder reads them
    /// through unchecked pointers).
    func fits(symbolCount count: Int) -> Bool { ends.allSatisfy { $0 <= count } }

    /// The position of each segment's next symbol, for one pass over the chunk.
    struct Cursors {
        fileprivate let next: UnsafeMutablePointer<Int>
        fileprivate let ends: UnsafePointer<Int>
        /// The number of segments (a forged file's contexts cannot name one past them).
        fileprivate let count: Int
    }

    /// Runs `body` with cursors at the start of every segment.
    func withCursors<R>(_ body: (Cursors) -> R) -> R {
        let next = UnsafeMutablePointer<Int>.allocate(capacity: max(1, starts.count))
        defer { next.deallocate() }
        starts.withUnsafeBufferPointer { starts in
            if let base = starts.baseAddress { next.initialize(from: base, count: starts.count) }
        }
        return ends.withUnsafeBufferPointer { ends in
            body(
                Cursors(
                    next: next, ends: ends.baseAddress ?? UnsafePointer(next), count: ends.count))
        }
    }

    /// Whether `symbol` is the contexts' zero symbol.
    @inline(__always)
    func isZero(_ symbol: UInt32) -> Bool { symbol == zeroSymbol }

    /// The split of visit `t` at position `i` by its neighbours' symbols (by position, in
    /// `nonzero`: 1 where a symbol was not the zero symbol).
    @inline(__always)
    func split(_ t: Int, _ i: Int, _ nonzero: UnsafePointer<UInt8>) -> Int {
        guard let rule, let visits else { return 0 }
        return rule.split(fine: NeighbourRule.fineClass(t, i, order: visits, nonzero: nonzero))
    }

    /// How one level group's samples find their segment: its activity thresholds and its
    /// first segment (nil: symbols in visiting order).
    struct Selector {
        fileprivate let bins: ActivityBins
        fileprivate let first: Int
        fileprivate let splits: Int
    }

    /// The visiting positions of a chunk of `count` samples, split by level group, each with
    /// its selector: one range with none when the symbols are in visiting order.
    func groups(count: Int) -> [(range: Range<Int>, selector: Selector?)] {
        guard contexts != nil else { return [(0..<count, nil)] }
        return ContextTables.groupRanges(size: count, cuts: cuts).enumerated().map { group, range in
            (range, Selector(bins: bins[group], first: firstSegments[group], splits: splits))
        }
    }

    /// The index of visiting position `t`'s symbol in neighbour split `split` of `selector`'s
    /// level group, moving its segment's cursor past it, or nil when that segment has run out.
    @inline(__always)
    func index(_ t: Int, activity: Float, split: Int, _ selector: Selector?, _ cursors: Cursors)
        -> Int?
    {
        guard let selector else { return t }
        let k = selector.first + selector.bins.bin(activity) * selector.splits + split
        guard k >= 0, k < cursors.count else { return nil }
        let position = cursors.next[k]
        guard position < cursors.ends[k] else { return nil }
        cursors.next[k] = position + 1
        return position
    }
}
