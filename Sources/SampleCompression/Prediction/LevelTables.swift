import EntropyCoding
import Foundation

/// A frequency table per interpolation level (docs/formats.md, "Level tables").
///
/// Interpolation visits a chunk coarse to fine, so each level's symbols are consecutive in
/// the chunk, and their spread differs by far: at the finest level nearly every residual falls
/// in the zero cell, at the coarse ones they spread wide. One table for all pays for that
/// mixture; the container's segments (format version 3) code each level with its own table.
/// Segments, coarse to fine: every level coarser than the split ones together (with the first
/// sample), then one segment per level down to the finest. The number of segments is chosen by
/// the bits it costs: the symbols' entropy in their segments, the tables, and each extra
/// segment's framing and coder states in every chunk.
struct LevelTables {
    /// The models of the segments, coarse to fine (one: a single table).
    let tables: [FrequencyTable]
    /// Each chunk size's segment sample counts (empty with one table).
    let segmentsByChunkSize: [Int: [Int]]

    /// The most segments tried (the three finest levels each alone, and the rest).
    static let maximumSegments = 4

    /// The segments' sample counts for a chunk of `count` samples.
    func segments(ofChunk count: Int) -> [Int] { segmentsByChunkSize[count] ?? [count] }

    /// The bits per sample of the symbols under these tables' own statistics (no coding loss).
    let entropyBits: Double

    /// One table from `counts` (no segments).
    init(counts: [UInt64]) throws(EntropyCodingError) {
        tables = [try FrequencyTable(countsWeighingTableSize: counts)]
        segmentsByChunkSize = [:]
        entropyBits = FrequencyTable.entropyBits(counts: counts)
    }

    /// The tables for interpolation's `symbols` (in visiting order, chunk after chunk), or one
    /// table when segments do not pay.
    ///
    /// - Parameters:
    ///   - symbols: Every sample's symbol.
    ///   - alphabetSize: The tables' alphabet size (codewords, and the escape when used).
    ///   - order: The visiting order of a chunk of the given size.
    ///   - chunkSize: The file's chunk size.
    init(
        symbols: [UInt32], alphabetSize: Int, chunkSize: Int,
        order: (Int) -> InterpolationOrder
    ) throws(EntropyCodingError) {
        let n = symbols.count
        var boundaries: [Int: [Int]] = [:]
        let sizes = n >= chunkSize ? [chunkSize, n % chunkSize] : [n]
        for size in Set(sizes.filter { $0 > 0 }) {
            boundaries[size] = Self.boundaries(order(size), count: size)
        }
        var counts = Self.emptyGroups(alphabetSize: alphabetSize)
        var start = 0
        symbols.withUnsafeBufferPointer { symbols in
            while start < n {
                let size = min(chunkSize, n - start)
                Self.addGroups(
                    UnsafeBufferPointer(rebasing: symbols[start..<(start + size)]),
                    boundaries: boundaries[size] ?? [], to: &counts)
                start += size
            }
        }
        let chunks = Double((n + chunkSize - 1) / max(1, chunkSize))
        var best: (bits: Double, symbolBits: Double, groups: [[UInt64]], merged: Int)?
        for segments in 1...Self.maximumSegments {
            let merged = Self.maximumSegments - segments
            let groups = Self.segmentCounts(counts, segments: segments)
            guard groups.allSatisfy({ $0.contains { $0 > 0 } }) else { continue }
            let symbolBits = Self.symbolBits(groups)
            let tableBits = groups.reduce(0.0) { $0 + 8 * Double(Self.tableByteEstimate($1)) }
            let bits = symbolBits + tableBits + Self.framingBits(groups, chunks: chunks)
            if bits < best?.bits ?? .infinity { best = (bits, symbolBits, groups, merged) }
        }
        guard let best, best.groups.count > 1 else {
            self = try LevelTables(counts: Self.segmentCounts(counts, segments: 1)[0])
            return
        }
        tables = try best.groups.map { (group) throws(EntropyCodingError) in
            try FrequencyTable(countsWeighingTableSize: group)
        }
        var segments: [Int: [Int]] = [:]
        for (size, inner) in boundaries {
            let cuts = [0] + inner + [size]
            segments[size] =
                [cuts[best.merged + 1]]
                + ((best.merged + 1)..<Self.maximumSegments).map { cuts[$0 + 1] - cuts[$0] }
        }
        segmentsByChunkSize = segments
        entropyBits = best.symbolBits / Double(max(1, n))
    }

    /// Where the levels h = 4, 2 and 1 begin in a chunk of `count` samples visited in `order`;
    /// a level coarser than the chunk's coarsest is empty, where that one begins.
    static func boundaries(_ order: InterpolationOrder, count: Int) -> [Int] {
        let starts = order.levelStarts
        return (0..<(maximumSegments - 1)).reversed().map { k in
            k < starts.count ? starts[k] : starts.last ?? count
        }
    }

    /// Symbol counts per level group, `[coarse, h = 4, h = 2, h = 1]`, all zero.
    static func emptyGroups(alphabetSize: Int) -> [[UInt64]] {
        [[UInt64]](repeating: [UInt64](repeating: 0, count: alphabetSize), count: maximumSegments)
    }

    /// Adds one chunk's symbols (in visiting order) to the level groups' counts.
    static func addGroups(
        _ symbols: UnsafeBufferPointer<UInt32>, boundaries: [Int], to counts: inout [[UInt64]]
    ) {
        let cuts = [0] + boundaries + [symbols.count]
        for group in 0..<maximumSegments {
            for t in cuts[group]..<cuts[group + 1] { counts[group][Int(symbols[t])] += 1 }
        }
    }

    /// The level groups' counts as `segments` segments: the coarsest groups merged into the
    /// first, the finer ones each alone.
    static func segmentCounts(_ counts: [[UInt64]], segments: Int) -> [[UInt64]] {
        let merged = maximumSegments - segments
        let first = counts[0...merged].reduce(
            [UInt64](repeating: 0, count: counts[0].count)
        ) { zip($0, $1).map { $0 + $1 } }
        return [first] + counts[(merged + 1)...]
    }

    /// The bits the symbols counted take with a table per group (their empirical entropy).
    static func symbolBits(_ groups: [[UInt64]]) -> Double {
        groups.reduce(0.0) {
            $0 + FrequencyTable.entropyBits(counts: $1) * Double($1.reduce(0, +))
        }
    }

    /// The bits the symbols counted take with a table per group, estimated for the data they
    /// are a sample of when `binning` is set (``TableEstimate``; the empirical entropy while
    /// few symbols are used), else their empirical entropy; `positions` places the counts'
    /// symbols in the alphabet when they are renumbered densely.
    static func estimatedBits(_ groups: [[UInt64]], binning: Bool, positions: [Int]? = nil)
        -> Double
    {
        groups.reduce(0.0) {
            $0 + TableEstimate(counts: $1, positions: positions, binning: binning).bits
        }
    }

    /// The fewest bits the grouped symbols take with a table per segment, over the ways of
    /// merging the coarse groups, estimated as ``estimatedBits(_:binning:positions:)`` (no
    /// table or framing cost: the design's ranking).
    static func leastSymbolBits(_ counts: [[UInt64]], binning: Bool) -> Double {
        (1...maximumSegments).map {
            estimatedBits(segmentCounts(counts, segments: $0), binning: binning)
        }.min() ?? 0
    }

    /// The visiting order of a chunk of a given size for an interpolation predictor, else nil.
    static func order(for predictor: Predictor) -> ((Int) -> InterpolationOrder)? {
        guard predictor.kind.interpolates else { return nil }
        if predictor.kind.interpolatesFields {
            return {
                InterpolationOrderCache.shared.order(
                    count: $0, rowLength: predictor.extents[1], planeRows: predictor.extents[0])
            }
        }
        return {
            InterpolationOrderCache.shared.order(count: $0, rowLength: predictor.extents[0])
        }
    }

    /// The bits the segments of `groups` (symbol counts, `scale` times over for the whole
    /// file) take in `chunks` chunks of a version 5 file: each chunk's count of every segment
    /// but the last, and the coder states — one 8-byte state for all the segments shorter than
    /// `CompressedFileFormat.singleStateLimit`, eight states and a 4-byte length for each
    /// longer one (``CompressedFileFormat/segmentOverheadByteCount(segments:sampleCount:)``).
    static func framingBits(_ groups: [[UInt64]], chunks: Double, scale: Double = 1) -> Double {
        let totals = groups.map { Double($0.reduce(0, +)) * scale }
        let samples = UInt64(min(totals.reduce(0, +), 1e18))
        let perChunk = totals.map { Int(min($0 / chunks, 1e15)) }
        return chunks * 8
            * Double(
                CompressedFileFormat.segmentOverheadByteCount(
                    segments: perChunk, sampleCount: samples))
    }

    /// About the bytes a table of these counts (`scale` times over in the file) takes in the
    /// header: two per used symbol; or, when the used symbols are many (64 or more) and more
    /// than an eighth of the file's (a sparse table, which the file stores binned), two per
    /// used bin (``TableEstimate``).
    static func tableByteEstimate(_ counts: [UInt64], scale: Double = 1, positions: [Int]? = nil)
        -> Int
    {
        let used = counts.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
        let total = Double(counts.reduce(0, +)) * max(1, scale)
        guard used >= FrequencyTable.binningAlphabet, Double(8 * used) > total else {
            return 4 + 2 * used
        }
        return 4 + 2 * TableEstimate(counts: counts, positions: positions, scale: scale).usedBins
    }
}
