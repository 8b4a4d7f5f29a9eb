import EntropyCoding

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

    /// Runs `predictor` with `encoder` over `blocks` of `values`, and prices its symbols under
    /// the file's contexts too when `contexts` is set.
    /// The file's chunk size `chunkSize` prices the contexts' framing.
    init(
        predictor: Predictor, encoder: ClosedLoopEncoder, values: UnsafeBufferPointer<Double>,
        importance: UnsafeBufferPointer<Bool>?, blocks: [Range<Int>], contexts: Bool = false,
        chunkSize: Int = CompressedFileFormat.defaultChunkSize
    ) {
        let n = blocks.reduce(0) { $0 + $1.count }
        let order = LevelTables.order(for: predictor)
        let keepsContexts = contexts && order != nil
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
                        return predictor.accept(ChunkEncoding(encoder: encoder, chunk: buffers))
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
                if let importance { flags += importance[block] }
                offset += block.count
            }
            initialized = n
        }
        self.residuals = residuals
        self.reconstructions = reconstructions
        self.importance = importance == nil ? nil : flags
        escapedCount = escapes
        usedSymbols = counts.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
        distortion = n > 0 ? squaredError / Double(n) : 0
        let symbolBits =
            levelOrder == nil
            ? FrequencyTable.entropyBits(counts: counts)
            : LevelTables.leastSymbolBits(levelCounts) / Double(max(1, n))
        let escapeBits = 8 * Double(escapeBytes) / Double(max(1, n))
        bits = symbolBits + escapeBits
        contextBits = bits
        if keepsContexts, let order {
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

}
