import EntropyCoding
import ParallelLoops

/// The tables of an interpolation file whose symbols are split by activity as well as by level
/// (``ActivityContexts``), chosen by the bits they cost — or nil when no split by activity
/// pays, and ``LevelTables`` codes the file.
///
/// Each level group's activities are cut at their octiles (from a sample of at most 2^16 per
/// group); the symbols are counted per level group, octile and whether the symbol of the
/// sample's context neighbour (``InterpolationOrder``) was the most frequent one, and every way
/// of merging them — 1 to 4 level groups as
/// ``LevelTables`` forms them, times 1, 2, 4 or 8 bins at every octile, every second or every
/// fourth, split by the neighbour's symbol or not — is priced at the symbols' entropy in their
/// segments, the tables, each extra segment's framing in every chunk, and the field.
struct ContextTables {
    let contexts: ActivityContexts
    /// One table per segment, group after group, bin after bin.
    let tables: [FrequencyTable]
    /// Per chunk, the segments' sample counts.
    let chunkSegments: [[Int]]
    /// Bits per sample of the symbols under the tables' own statistics.
    let entropyBits: Double

    /// Fine bins counted: octiles.
    private static let fineBins = ActivityContexts.maximumBins
    private static let groups = ActivityContexts.levelGroups
    private static let classes = NeighbourRule.fineClasses
    /// Symbols are renumbered over those that occur when that divides the alphabet by at
    /// least this.
    private static let renumberingShrink = 2
    /// Activities per level group the octiles are taken from.
    private static let sampleLimit = 1 << 16

    /// Symbols per value beyond which the values are coded with one table: contexts cannot pay
    /// where nearly every symbol is unused, and weighing their merges costs time in the
    /// alphabet's size (three values under a maximum error of 2·10^-8, their quantiser's whole
    /// lattice of 5 million codewords kept, took 31 s).
    static let sparseAlphabet = 8

    /// Values per used symbol below which the values are coded with one table: where most
    /// symbols occur a few times, a table per context costs more than the contexts save, and
    /// weighing the merges over thousands of used symbols took most of the time of short data
    /// at high rates (8,192 values of a field at about 14 bits per value: 11.7 s of entropy
    /// coding across the outcomes compared, for one table in the end).
    static let sparseUse = 8

    /// The model for `symbols` and their `activities` (both in visiting order, chunk after
    /// chunk), with the symbols rearranged segment after segment in each chunk when it is
    /// chosen; nil (and `symbols` untouched) when one bin per group is best, the alphabet
    /// holds more than ``sparseAlphabet`` symbols per value, or fewer than ``sparseUse`` values
    /// come to a used symbol.
    ///
    /// `counts`, when given, are how often each symbol occurs (the coding's own tally), so that
    /// the symbols need not be counted again.
    static func make(
        symbols: inout [UInt32], activities: [Float], alphabetSize: Int, chunkSize: Int,
        order: (Int) -> InterpolationOrder, counts: [UInt64]? = nil
    ) throws(EntropyCodingError) -> ContextTables? {
        let n = symbols.count
        guard n > 0, activities.count == n, alphabetSize <= sparseAlphabet * n else { return nil }
        let counts =
            counts.map { $0.count == alphabetSize ? $0 : [] }
            ?? Self.symbolCounts(symbols, alphabetSize: alphabetSize)
        guard counts.count == alphabetSize else { return nil }
        let used = counts.count { $0 > 0 }
        guard used * sparseUse <= n else { return nil }
        let zero = Self.mostFrequent(counts: counts)
        let chunks = stride(from: 0, to: n, by: chunkSize).map { $0..<min(n, $0 + chunkSize) }
        // The merges are weighed over the symbols that occur (a short file's alphabet at high
        // rates holds thousands of codewords, a few hundred used), then mapped back; where most
        // of the alphabet occurs the renumbering would only copy the symbols (40 MB for 10^7).
        let model: Model
        let positions: [Int]
        if used * Self.renumberingShrink <= alphabetSize {
            let dense: [UInt32]
            (dense, positions) = Self.denselyNumbered(symbols, alphabetSize: alphabetSize)
            model = Self.model(
                dense, activities, alphabetSize: positions.count, chunks: chunks, order: order,
                file: (scale: 1, chunks: chunks.count), positions: positions,
                zero: positions.firstIndex(of: Int(zero)).map(UInt32.init))
        } else {
            positions = Array(0..<alphabetSize)
            model = Self.model(
                symbols, activities, alphabetSize: alphabetSize, chunks: chunks, order: order,
                file: (scale: 1, chunks: chunks.count), positions: positions, zero: zero)
        }
        var best = model.best
        best.counts = best.counts.map { counts in
            var full = [UInt64](repeating: 0, count: alphabetSize)
            for (k, count) in counts.enumerated() { full[positions[k]] = count }
            return full
        }
        let (octiles, cells, cutsBySize) = (model.octiles, model.cells, model.cuts)
        guard best.bins > 1 || best.rule != nil else { return nil }
        let step = fineBins / best.bins
        var contexts = ActivityContexts(
            groups: best.groups,
            thresholds: octiles.map { group in (1..<best.bins).map { group[$0 * step - 1] } })
        if let rule = best.rule {
            contexts.zeroSymbol = zero
            contexts.neighbours = rule
        }
        let tables = try best.counts.map { (counts) throws(EntropyCodingError) in
            // A segment no chunk uses still needs a table: one symbol.
            try FrequencyTable(
                countsWeighingTableSize: counts.contains { $0 > 0 }
                    ? counts : [1] + [UInt64](repeating: 0, count: alphabetSize - 1))
        }
        let segments = Self.arrange(
            &symbols, cells: cells, contexts: contexts, chunks: chunks, cuts: cutsBySize)
        return ContextTables(
            contexts: contexts, tables: tables, chunkSegments: segments,
            entropyBits: best.symbolBits / Double(n))
    }

    /// What the choice of contexts rests on: the best merge, the octiles, the zero symbol,
    /// each sample's fine cell (``fineCounts(_:_:splits:alphabetSize:chunks:cuts:octiles:)``)
    /// and the level cuts by chunk size.
    private struct Model {
        var best: Merge
        var octiles: [[Double]]
        var zero: UInt32
        var cells: [UInt8]
        var cuts: [Int: [Int]]
    }

    /// The contexts' statistics of `symbols` coded in `chunks` (consecutive ranges covering
    /// them all, each restarting the visiting order), and the cheapest merge for a file of
    /// `file.scale` times as many symbols in `file.chunks` chunks.
    private static func model(
        _ symbols: [UInt32], _ activities: [Float], alphabetSize: Int, chunks: [Range<Int>],
        order: (Int) -> InterpolationOrder, file: (scale: Double, chunks: Int),
        positions: [Int]? = nil, zero: UInt32? = nil
    ) -> Model {
        var cutsBySize: [Int: [Int]] = [:]
        for chunk in chunks where cutsBySize[chunk.count] == nil {
            cutsBySize[chunk.count] = ActivityContexts.cuts(order(chunk.count), count: chunk.count)
        }
        let octiles = Self.octiles(activities, chunks: chunks, cuts: cutsBySize)
        let zero =
            zero
            ?? Self.mostFrequent(counts: Self.symbolCounts(symbols, alphabetSize: alphabetSize))
        let splits = Self.neighbourSplits(symbols, zero: zero, chunks: chunks, order: order)
        let (fine, cells) = Self.fineCounts(
            symbols, activities, splits: splits, alphabetSize: alphabetSize, chunks: chunks,
            cuts: cutsBySize, octiles: octiles)
        let best = Self.bestMerge(
            fine, alphabetSize: alphabetSize, chunks: file.chunks, scale: file.scale,
            positions: positions)
        return Model(best: best, octiles: octiles, zero: zero, cells: cells, cuts: cutsBySize)
    }

    /// The bits per sample of `symbols` (in visiting order, `chunks` after one another: a
    /// design's blocks) under the contexts and tables
    /// ``make(symbols:activities:alphabetSize:chunkSize:order:)`` would choose for a file of
    /// `fileSamples` in `fileChunks` chunks with the same statistics, counting the symbols'
    /// entropy only (what a design compares predictors by). The merge is priced for the file:
    /// priced for the blocks alone, each block's framing would rule out the contexts.
    static func symbolBits(
        _ symbols: [UInt32], activities: [Float], alphabetSize: Int, chunks: [Range<Int>],
        order: (Int) -> InterpolationOrder, fileSamples: Int, fileChunks: Int
    ) -> Double {
        guard !symbols.isEmpty, activities.count == symbols.count else { return 0 }
        // A probe's alphabet has thousands of codewords, a few dozen used.
        let (renumbered, positions) = Self.denselyNumbered(symbols, alphabetSize: alphabetSize)
        let model = Self.model(
            renumbered, activities, alphabetSize: positions.count, chunks: chunks, order: order,
            file: (Double(max(fileSamples, 1)) / Double(symbols.count), max(1, fileChunks)),
            positions: positions)
        return model.best.estimatedBits / Double(symbols.count)
    }

    /// `symbols` renumbered densely over those that occur, in their order, so that every merge
    /// sums few counts; and each one's place in the alphabet (for the estimate's bins).
    private static func denselyNumbered(_ symbols: [UInt32], alphabetSize: Int) -> (
        symbols: [UInt32], positions: [Int]
    ) {
        var dense = [UInt32](repeating: UInt32.max, count: alphabetSize)
        for symbol in symbols { dense[Int(symbol)] = 0 }
        var positions: [Int] = []
        for symbol in dense.indices where dense[symbol] == 0 {
            dense[symbol] = UInt32(positions.count)
            positions.append(symbol)
        }
        var renumbered = symbols
        for t in renumbered.indices { renumbered[t] = dense[Int(renumbered[t])] }
        return (renumbered, positions)
    }

    /// The level group of visiting position `t` for a chunk whose level cuts are `cuts`.
    @inline(__always)
    static func levelGroup(_ t: Int, cuts: [Int]) -> Int {
        t < cuts[0] ? 0 : t < cuts[1] ? 1 : t < cuts[2] ? 2 : 3
    }

    /// Each level group's activity octiles (seven non-decreasing thresholds; zeros for a group
    /// without samples), from every k-th sample of the group.
    private static func octiles(_ activities: [Float], chunks: [Range<Int>], cuts: [Int: [Int]])
        -> [[Double]]
    {
        let n = activities.count
        let stride = max(1, n / sampleLimit)
        var samples = [[Float]](repeating: [], count: groups)
        for chunk in chunks {
            let (start, size) = (chunk.lowerBound, chunk.count)
            let chunkCuts = cuts[size] ?? []
            for t in Swift.stride(from: 0, to: size, by: stride) {
                samples[levelGroup(t, cuts: chunkCuts)].append(activities[start + t])
            }
        }
        return samples.map { values in
            // Activities are not negative (sums of magnitudes): their bit patterns order as they
            // do, and integers compare faster than floats.
            var keys = values.map(\.bitPattern)
            guard !keys.isEmpty else { return [Double](repeating: 0, count: fineBins - 1) }
            let ranks = (1..<fineBins).map { $0 * keys.count / fineBins }
            // In their short form (what the file stores) before any sample is binned by them.
            return OrderStatistics.select(&keys, ranks: ranks).map {
                ActivityThreshold.rounded(Double(Float(bitPattern: $0)))
            }
        }
    }

    /// `count` zero bytes, their pages advised before they are zeroed (``HugePages``).
    private static func zeroedBytes(_ count: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { bytes, initialized in
            HugePages.advise(bytes)
            bytes.initialize(repeating: 0)
            initialized = count
        }
    }

    /// How often each of the alphabet's symbols occurs in `symbols`.
    private static func symbolCounts(_ symbols: [UInt32], alphabetSize: Int) -> [UInt64] {
        var counts = [UInt64](repeating: 0, count: alphabetSize)
        for symbol in symbols { counts[Int(symbol)] &+= 1 }
        return counts
    }

    /// The most frequent symbol (the smallest on a tie; 0 for none).
    private static func mostFrequent(counts: [UInt64]) -> UInt32 {
        let largest = counts.max() ?? 0
        return UInt32(counts.firstIndex(of: largest) ?? 0)
    }

    /// For every sample (in visiting order, chunk after chunk), its fine class
    /// (``NeighbourRule/fineClass(_:_:order:nonzero:)``) with `zero` the zero symbol.
    private static func neighbourSplits(
        _ symbols: [UInt32], zero: UInt32, chunks: [Range<Int>],
        order: (Int) -> InterpolationOrder
    ) -> [UInt8] {
        let n = symbols.count
        var splits = zeroedBytes(n)
        splits.withUnsafeMutableBufferPointer { splits in
            let output = splits.baseAddress.unsafelyUnwrapped
            ParallelLoop.forEach(chunks.count) { c in
                let (start, size) = (chunks[c].lowerBound, chunks[c].count)
                let visits = order(size)
                if symbols.withUnsafeBufferPointer({ symbols in
                    Self.oneRowClasses(
                        symbols.baseAddress.unsafelyUnwrapped + start, zero: zero,
                        order: visits, into: output + start)
                }) {
                    return
                }
                // The chunk's symbols by position: whether each is not `zero`.
                var nonzero = [UInt8](repeating: 0, count: size)
                for t in 0..<size {
                    nonzero[Int(visits.positions[t])] = symbols[start + t] == zero ? 0 : 1
                }
                nonzero.withUnsafeBufferPointer { nonzero in
                    let map = nonzero.baseAddress.unsafelyUnwrapped
                    for t in 0..<size {
                        output[start + t] = UInt8(
                            NeighbourRule.fineClass(
                                t, Int(visits.positions[t]), order: visits, nonzero: map))
                    }
                }
            }
        }
        return splits
    }

    /// The fine classes (``NeighbourRule/fineClass(_:_:order:nonzero:)``) of a chunk of one
    /// row (or one column) visited in `order`, from its `symbols` in visiting order, written to
    /// `classes`: each visit's weight (``InterpolationOrder/rowClassWeights``) where the visit
    /// before it has a symbol other than `zero`, else 0. False (and nothing written) for an
    /// order without those weights.
    static func oneRowClasses(
        _ symbols: UnsafePointer<UInt32>, zero: UInt32, order: InterpolationOrder,
        into classes: UnsafeMutablePointer<UInt8>
    ) -> Bool {
        guard let weights = order.rowClassWeights else { return false }
        guard !weights.isEmpty else { return true }
        classes[0] = 0
        weights.withUnsafeBufferPointer { weights in
            for t in 1..<weights.count {
                classes[t] = symbols[t &- 1] == zero ? 0 : weights[t]
            }
        }
        return true
    }

    /// Symbol counts per level group, octile and neighbours' fine class, in one flat array
    /// (group after group, octile after octile, class after class, `alphabetSize` each); and
    /// each sample's fine cell,
    /// `octile × classes + class`, from which ``arrange(_:cells:contexts:chunks:cuts:)`` takes
    /// its segment without comparing its activity again (a coarser bin at thresholds taken
    /// from the octiles is the octile divided by the bins' step: the octiles do not decrease).
    private static func fineCounts(
        _ symbols: [UInt32], _ activities: [Float], splits: [UInt8], alphabetSize: Int,
        chunks: [Range<Int>], cuts: [Int: [Int]], octiles: [[Double]]
    ) -> (counts: [UInt64], cells: [UInt8]) {
        let bins = octiles.map(ActivityBins.init)
        var cells = zeroedBytes(symbols.count)
        var total = [UInt64](repeating: 0, count: groups * fineBins * classes * alphabetSize)
        // As many chunks at a time as there are cores: each chunk's counts are as large as the
        // alphabet, and at high rates (tens of thousands of codewords) holding every chunk's
        // at once took hundreds of megabytes.
        let batch = ParallelLoop.activeCores
        for first in stride(from: 0, to: chunks.count, by: batch) {
            let batchChunks = Array(chunks[first..<min(chunks.count, first + batch)])
            let partial = Self.chunkCounts(
                symbols, activities, splits: splits, alphabetSize: alphabetSize,
                chunks: batchChunks, cuts: cuts, bins: bins, cells: &cells)
            for counts in partial { for i in total.indices { total[i] += UInt64(counts[i]) } }
        }
        return (total, cells)
    }

    /// The fine counts of each of `chunks` (in parallel), and their samples' fine cells.
    private static func chunkCounts(
        _ symbols: [UInt32], _ activities: [Float], splits: [UInt8], alphabetSize: Int,
        chunks: [Range<Int>], cuts: [Int: [Int]], bins: [ActivityBins], cells: inout [UInt8]
    ) -> [[UInt32]] {
        cells.withUnsafeMutableBufferPointer { cellBuffer in
            let cellOutput = cellBuffer.baseAddress
            return ParallelLoop.map(chunks.count) { c in
                // 32-bit counts (a chunk holds at most 2^22 samples): half the table, which the
                // increments hit at random, stays in the first-level cache for larger alphabets.
                var counts = [UInt32](
                    repeating: 0, count: groups * fineBins * classes * alphabetSize)
                let (start, size) = (chunks[c].lowerBound, chunks[c].count)
                let ranges = groupRanges(size: size, cuts: cuts[size] ?? [])
                guard let cellOutput else { return counts }
                counts.withUnsafeMutableBufferPointer { counts in
                    symbols.withUnsafeBufferPointer { symbols in
                        activities.withUnsafeBufferPointer { activities in
                            splits.withUnsafeBufferPointer { splits in
                                for (group, range) in ranges.enumerated() {
                                    let cut = bins[group]
                                    let base = group * fineBins
                                    for t in range {
                                        let bin = cut.bin(activities[start &+ t])
                                        let symbol = Int(symbols[start &+ t])
                                        let cell = bin &* classes &+ Int(splits[start &+ t])
                                        cellOutput[start &+ t] = UInt8(truncatingIfNeeded: cell)
                                        counts[
                                            (base &* classes &+ cell) &* alphabetSize &+ symbol] &+=
                                            1
                                    }
                                }
                            }
                        }
                    }
                }
                return counts
            }
        }
    }

    /// A merge of the fine counts: its level groups, bins and splits, its segments' counts and
    /// the symbols' bits.
    private struct Merge {
        var groups: Int
        var bins: Int
        /// The split by the neighbours' symbols, or nil.
        var rule: NeighbourRule?
        var counts: [[UInt64]]
        /// The symbols' empirical entropy in their tables, in all.
        var symbolBits: Double
        /// The same estimated for the file's data
        /// (``LevelTables/estimatedBits(_:binning:positions:)``).
        var estimatedBits: Double
    }

    /// The cheapest merge of the fine counts, their symbols' bits taken `scale` times (the file
    /// they stand for), with the tables, the field and each segment's framing in `chunks`
    /// chunks.
    private static func bestMerge(
        _ flat: [UInt64], alphabetSize: Int, chunks: Int, scale: Double, positions: [Int]?
    ) -> Merge {
        var best: (bits: Double, merge: Merge)?
        let rules: [NeighbourRule?] = [nil] + NeighbourRule.allCases
        // The fine counts come in one flat array, cell after cell, so that each merge sums them
        // with plain loops (indexing nested arrays per count took most of the time).
        for groupCount in 1...groups {
            for bins in [1, 2, 4, 8] {
                for rule in rules {
                    let splits = rule?.splits ?? 1
                    guard groupCount * bins * splits <= CompressedFileFormat.maximumTableCount
                    else { continue }
                    let merged = groups - groupCount
                    var sums = [UInt64](
                        repeating: 0, count: groupCount * bins * splits * alphabetSize)
                    flat.withUnsafeBufferPointer { flat in
                        sums.withUnsafeMutableBufferPointer { sums in
                            var cell = 0
                            for g in 0..<groups {
                                for b in 0..<fineBins {
                                    let unsplit = max(0, g - merged) * bins + b / (fineBins / bins)
                                    for fineClass in 0..<classes {
                                        let segment =
                                            unsplit * splits + (rule?.split(fine: fineClass) ?? 0)
                                        let target = segment * alphabetSize
                                        let source = cell * alphabetSize
                                        for s in 0..<alphabetSize {
                                            sums[target &+ s] &+= flat[source &+ s]
                                        }
                                        cell += 1
                                    }
                                }
                            }
                        }
                    }
                    let counts = (0..<(groupCount * bins * splits)).map {
                        Array(sums[($0 * alphabetSize)..<(($0 + 1) * alphabetSize)])
                    }
                    let estimatedBits = LevelTables.estimatedBits(
                        counts, binning: scale > 1, positions: positions)
                    let tableBits = counts.reduce(0.0) {
                        $0
                            + 8
                            * Double(
                                LevelTables.tableByteEstimate(
                                    $1, scale: scale, positions: positions))
                    }
                    let framingBits = LevelTables.framingBits(
                        counts, chunks: Double(chunks), scale: scale)
                    // The thresholds take two bytes each (``ActivityThreshold``).
                    let fieldBits =
                        bins > 1 || rule != nil
                        ? 8 * Double(2 + 2 * groups * (bins - 1) + (rule != nil ? 2 : 0)) : 0
                    let bits = scale * estimatedBits + tableBits + framingBits + fieldBits
                    if best == nil || bits < best?.bits ?? .infinity {
                        best = (
                            bits,
                            Merge(
                                groups: groupCount, bins: bins, rule: rule, counts: counts,
                                symbolBits: LevelTables.symbolBits(counts),
                                estimatedBits: estimatedBits)
                        )
                    }
                }
            }
        }
        // The first merge tried (one group, one bin, no split) is always taken.
        return best.unsafelyUnwrapped.merge
    }

    /// Rearranges each chunk's symbols segment after segment (visiting order within each) and
    /// returns every chunk's segment counts; each sample's segment follows from its level
    /// group and fine cell (``fineCounts(_:_:splits:alphabetSize:chunks:cuts:octiles:)``)
    /// through a table per group.
    private static func arrange(
        _ symbols: inout [UInt32], cells: [UInt8], contexts: ActivityContexts,
        chunks: [Range<Int>], cuts: [Int: [Int]]
    ) -> [[Int]] {
        let segmentCount = contexts.segmentCount
        let step = fineBins / contexts.bins
        let rule = contexts.zeroSymbol == nil ? nil : contexts.neighbours
        // segmentOf[group][cell]: the segment of a sample of that group and fine cell.
        let segmentOf = (0..<groups).map { group in
            (0..<(fineBins * classes)).map { cell in
                UInt8(
                    truncatingIfNeeded: contexts.segment(
                        levelGroup: group, bin: cell / classes / step,
                        split: rule?.split(fine: cell % classes) ?? 0))
            }
        }
        return symbols.withUnsafeMutableBufferPointer { all in
            let base = all.baseAddress.unsafelyUnwrapped
            return ParallelLoop.map(chunks.count) { c in
                let (start, size) = (chunks[c].lowerBound, chunks[c].count)
                let segment = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, size))
                let original = UnsafeMutablePointer<UInt32>.allocate(capacity: max(1, size))
                let next = UnsafeMutablePointer<Int>.allocate(capacity: segmentCount)
                defer {
                    segment.deallocate()
                    original.deallocate()
                    next.deallocate()
                }
                next.initialize(repeating: 0, count: segmentCount)
                let ranges = groupRanges(size: size, cuts: cuts[size] ?? [])
                cells.withUnsafeBufferPointer { cells in
                    for (group, range) in ranges.enumerated() {
                        segmentOf[group].withUnsafeBufferPointer { table in
                            for t in range {
                                let k = table[Int(cells[start &+ t])]
                                segment[t] = k
                                next[Int(k)] &+= 1
                            }
                        }
                    }
                }
                let counts = Array(UnsafeBufferPointer(start: next, count: segmentCount))
                // Each segment's first place, then a stable scatter of the chunk's symbols.
                var place = 0
                for k in 0..<segmentCount {
                    next[k] = place
                    place &+= counts[k]
                }
                original.initialize(from: base + start, count: size)
                for t in 0..<size {
                    let k = Int(segment[t])
                    base[start &+ next[k]] = original[t]
                    next[k] &+= 1
                }
                return counts
            }
        }
    }
}
