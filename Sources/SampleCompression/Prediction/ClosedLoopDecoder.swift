/// Reconstructs one chunk coded by ``ClosedLoopEncoder``: each sample is the prediction from the
/// chunk's earlier reconstructions plus its symbol's codeword, or the next escape.
struct ClosedLoopDecoder {
    /// The residual codewords (increasing).
    let codewords: [Double]
    let roundsToFloat32: Bool

    /// The reconstruction of one chunk.
    ///
    /// - Parameters:
    ///   - symbols: The chunk's symbols, in the predictor's visiting order; `codewords.count`
    ///     is the escape.
    ///   - start: The flat index of the chunk's first sample.
    ///   - predictor: The prediction, restarted at `start`.
    ///   - order: Where each sample's symbol is in `symbols` (segments by activity).
    ///   - escapes: The file's escapes; this chunk's start at `position`.
    ///   - position: Advanced past the escapes used.
    /// - Returns: The values, or `nil` when the chunk has more escape symbols than escapes
    ///   left, or a segment fewer symbols than its samples.
    func decode<P: NeighbourPrediction>(
        _ symbols: [UInt32], start: Int, predictor: P, order: SymbolOrder,
        escapes: ResidualEscapes, position: inout EscapePosition
    ) -> [Double]? {
        var order = order
        var predictor = predictor
        let n = symbols.count
        predictor.restart(at: start, count: n)
        let escape = UInt32(codewords.count)
        var next = position
        var failed = false
        // Whether each sample's symbol (by position) is not the contexts' zero symbol.
        let nonzero = UnsafeMutablePointer<UInt8>.allocate(
            capacity: order.splitsByNeighbour ? n : 0)
        nonzero.initialize(repeating: 0, count: order.splitsByNeighbour ? n : 0)
        defer { nonzero.deallocate() }
        let values = [Double](unsafeUninitializedCapacity: n) { output, initialized in
            guard let reconstructed = output.baseAddress else { return }
            codewords.withUnsafeBufferPointer { codewords in
                for t in 0..<n {
                    let i = predictor.position(t)
                    let p = predictor.next(reconstructed, i)
                    let split = order.splitsByNeighbour ? order.split(t, i, nonzero) : 0
                    guard
                        let index = order.index(
                            t, activity: Float(predictor.activity), split: split)
                    else {
                        failed = true
                        break
                    }
                    let symbol = symbols[index]
                    if order.splitsByNeighbour { nonzero[i] = order.isZero(symbol) ? 0 : 1 }
                    if symbol == escape {
                        guard
                            let value = escapes.value(
                                at: &next, prediction: p, float32: roundsToFloat32)
                        else {
                            failed = true
                            break
                        }
                        reconstructed[i] = value
                    } else {
                        reconstructed[i] = ClosedLoopEncoder.reconstruction(
                            p, codewords[Int(symbol)] * predictor.residualScale,
                            float32: roundsToFloat32)
                    }
                }
            }
            // Samples are written in the predictor's visiting order: all of them, or (on a
            // failure, whose values are discarded) none counted.
            initialized = failed ? 0 : n
        }
        guard !failed else { return nil }
        position = next
        return values
    }
}

/// Where the symbol of each visited sample is in a chunk's decoded symbols: at its visiting
/// position, or — with activity contexts — next in the segment its level group and activity
/// (and, split by the neighbour's symbol, its context neighbour's symbol) name (segments
/// stored one after another, each in visiting order).
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
    /// Per segment, the position of its next symbol, and where it ends.
    private var next: [Int]
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
        var start = 0
        var next: [Int] = []
        for count in segments {
            next.append(start)
            start += count
        }
        self.next = next
        ends = zip(next, segments).map { $0 + $1 }
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

    /// The index of visiting position `t`'s symbol in neighbour split `split`, or nil when its
    /// segment has run out.
    @inline(__always)
    mutating func index(_ t: Int, activity: Float, split: Int) -> Int? {
        guard let contexts else { return t }
        let group = ContextTables.levelGroup(t, cuts: cuts)
        let bin = bins[group].bin(activity)
        let k = firstSegments[group] + bin * contexts.splits + split
        guard next[k] < ends[k] else { return nil }
        defer { next[k] += 1 }
        return next[k]
    }
}
