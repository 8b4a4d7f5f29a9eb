import EntropyCoding
import Foundation

/// One closed-loop run of a predictor and a residual quantiser over the design blocks: the
/// rate it measures and the residuals it produces (for the next design round).
struct DesignTrial {
    /// Bits per sample: the entropy of the symbols (escape included) plus the escapes' field.
    var bits: Double
    /// The mean squared error.
    var distortion: Double
    /// The closed-loop residuals, block after block.
    var residuals: [Double]
    /// The residuals' importance flags, or `nil`.
    var importance: [Bool]?
    /// The number of escaped samples.
    var escapedCount: Int
    /// How many symbols (the escape included) occur at least once.
    var usedSymbols: Int
    /// The bytes the codebook of the codewords used takes in a file (``LatticeCodebook``; the
    /// file drops the others).
    var codebookBytes: Int
    /// The closed-loop reconstructions, block after block (as ``residuals``).
    var reconstructions: [Double]
    /// The trial with ``contextBits`` as its ``bits`` (what probes rank predictors by).
    var pricedUnderContexts: DesignTrial {
        var priced = self
        priced.bits = contextBits
        return priced
    }

    /// With `contexts` asked for and an interpolation predictor: bits per sample of the
    /// symbols under the activity and neighbour contexts the file would choose
    /// (``ContextTables``), plus the escapes' field; otherwise ``bits``.
    var contextBits: Double

    /// The share of important samples in the blocks (0 without an important subset).
    var importantShare = 0.0
    /// The mean code length of an important sample's symbol and of another's, under the
    /// blocks' symbol frequencies (one table), in bits.
    var importantCodeLength = 0.0
    var otherCodeLength = 0.0
    /// The escapes' field, bits per sample of the blocks.
    var escapeBits = 0.0

    /// ``bits`` as they would be with important samples making up `share` of the data instead
    /// of ``importantShare``: the symbols' part scaled by the mean code lengths, the escapes'
    /// field (an important subset's escapes) in proportion to the share. The design blocks
    /// need not hold the data's share: on a photograph with its values beyond 1.5σ important
    /// (7.7 % of them), the blocks held about a third, and a design for the mean error alone,
    /// which escapes most important samples, was priced at 3.66 bits per value where the data
    /// would have taken about 1.3.
    func bits(atImportantShare share: Double) -> Double {
        let blocksShare = importantShare
        guard blocksShare > 0, blocksShare < 1, share >= 0 else { return bits }
        let mean = { (f: Double) in f * importantCodeLength + (1 - f) * otherCodeLength }
        let symbolBits = bits - escapeBits
        let scale = mean(blocksShare) > 0 ? mean(share) / mean(blocksShare) : 1
        return symbolBits * scale + escapeBits * share / blocksShare
    }

    /// Runs `predictor` with `encoder` over `blocks` of `values`, and prices its symbols under
    /// the file's contexts too when `contexts` is set.
    /// The file's chunk size `chunkSize` prices the contexts' framing.
    init(
        predictor: Predictor, encoder: ClosedLoopEncoder, values: UnsafeBufferPointer<Double>,
        importance: UnsafeBufferPointer<Bool>?, blocks: [Range<Int>], contexts: Bool = false,
        chunkSize: Int = CompressedFileFormat.defaultChunkSize
    ) {
        let n = blocks.reduce(0) { $0 + $1.count }
        let order = ActivityContexts.order(for: predictor)
        let keepsContexts = contexts
        var allSymbols = [UInt32](repeating: 0, count: keepsContexts ? n : 0)
        var activities = [Float](repeating: 0, count: keepsContexts ? n : 0)
        var counts = [UInt64](repeating: 0, count: encoder.quantizer.count + 1)
        // Interpolation's levels are coded with a table each where that pays (LevelTables):
        // rank it by the entropy it will have.
        let levelOrder = LevelTables.order(for: predictor)
        var levelCounts = LevelTables.emptyGroups(alphabetSize: counts.count)
        var squaredError = 0.0
        var escapes = 0
        var escapeBytes = 0
        var flags: [Bool] = []
        // The symbols of important samples, counted apart (for ``bits(atImportantShare:)``).
        var importantCounts = [UInt64](repeating: 0, count: counts.count)
        var reconstructions = [Double](repeating: 0, count: n)
        let symbols = UnsafeMutablePointer<UInt32>.allocate(
            capacity: max(1, blocks.map(\.count).max() ?? 0))
        defer { symbols.deallocate() }
        let residuals = [Double](unsafeUninitializedCapacity: n) { output, initialized in
            var offset = 0
            for block in blocks {
                var buffers = ClosedLoopEncoder.ChunkBuffers(
                    values: UnsafeBufferPointer(rebasing: values[block]),
                    importance: importance.map { UnsafeBufferPointer(rebasing: $0[block]) },
                    start: block.lowerBound, symbols: symbols)
                buffers.residuals = output.baseAddress.map { $0 + offset }
                let chunk = reconstructions.withUnsafeMutableBufferPointer { kept in
                    buffers.reconstructions = kept.baseAddress.map { $0 + offset }
                    return activities.withUnsafeMutableBufferPointer { activities in
                        if keepsContexts {
                            buffers.activities = activities.baseAddress.map { $0 + offset }
                        }
                        return predictor.accept(
                            ChunkEncoding(encoder: encoder, chunk: buffers),
                            activity: keepsContexts)
                    }
                }
                if keepsContexts {
                    for t in 0..<block.count { allSymbols[offset + t] = symbols[t] }
                }
                for (symbol, count) in chunk.counts.enumerated() { counts[symbol] += count }
                if let levelOrder {
                    LevelTables.addGroups(
                        UnsafeBufferPointer(start: symbols, count: block.count),
                        boundaries: LevelTables.boundaries(
                            levelOrder(block.count), count: block.count),
                        to: &levelCounts)
                }
                squaredError += chunk.squaredErrorSum
                escapes += chunk.escapes.count
                escapeBytes += chunk.escapes.escapeByteCount(float32: encoder.roundsToFloat32)
                if let importance {
                    flags += importance[block]
                    // The symbols are in visiting order (interpolation's differs from the
                    // values' order): symbol t belongs to the value at the visit's position.
                    let visits = levelOrder.map { $0(block.count) }
                    for t in 0..<block.count {
                        let position = visits.map { Int($0.positions[t]) } ?? t
                        if importance[block.lowerBound + position] {
                            importantCounts[Int(symbols[t])] += 1
                        }
                    }
                }
                offset += block.count
            }
            initialized = n
        }
        self.residuals = residuals
        self.reconstructions = reconstructions
        self.importance = importance == nil ? nil : flags
        escapedCount = escapes
        usedSymbols = counts.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
        var codebook: [UInt8] = []
        LatticeCodebook.append(
            zip(encoder.quantizer.codewords, counts).filter { $0.1 > 0 }.map(\.0), to: &codebook)
        codebookBytes = codebook.count
        distortion = n > 0 ? squaredError / Double(n) : 0
        // Estimated for the data the blocks stand for when they are a sample of it
        // (``TableEstimate``): their own entropy falls short by far when a fine quantiser's
        // symbols rarely repeat.
        let sampled = values.count > n
        let symbolBits =
            (levelOrder == nil
                ? TableEstimate(counts: counts, binning: sampled).bits
                : LevelTables.leastSymbolBits(levelCounts, binning: sampled)) / Double(max(1, n))
        let escapeBits = 8 * Double(escapeBytes) / Double(max(1, n))
        bits = symbolBits + escapeBits
        contextBits = bits
        self.escapeBits = escapeBits
        if importance != nil, n > 0 {
            let (important, other) = Self.codeLengths(counts, importantCounts)
            importantShare = Double(importantCounts.reduce(0, +)) / Double(n)
            (importantCodeLength, otherCodeLength) = (important, other)
        }
        if keepsContexts {
            var chunks: [Range<Int>] = []
            var start = 0
            for block in blocks {
                chunks.append(start..<(start + block.count))
                start += block.count
            }
            contextBits =
                ContextTables.symbolBits(
                    allSymbols, activities: activities, alphabetSize: counts.count,
                    chunks: chunks, order: order, fileSamples: values.count,
                    fileChunks: (values.count + chunkSize - 1) / max(1, chunkSize))
                + escapeBits
        }
    }

    /// The mean code length, under the frequencies `counts`, of the symbols counted in
    /// `important` and of the rest.
    static func codeLengths(_ counts: [UInt64], _ important: [UInt64]) -> (Double, Double) {
        let total = Double(counts.reduce(0, +))
        var sums = (important: 0.0, other: 0.0)
        var numbers = (important: 0.0, other: 0.0)
        for (symbol, count) in counts.enumerated() where count > 0 {
            let length = -log2(Double(count) / total)
            let i = Double(important[symbol])
            sums.important += i * length
            sums.other += (Double(count) - i) * length
            numbers.important += i
            numbers.other += Double(count) - i
        }
        return (
            numbers.important > 0 ? sums.important / numbers.important : 0,
            numbers.other > 0 ? sums.other / numbers.other : 0
        )
    }
}
