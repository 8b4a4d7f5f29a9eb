import EntropyCoding
import ParallelLoops

/// The closed-loop coding of a whole array with a designed predictor and quantiser: chunks of
/// the container's size, each coded on its own (prediction restarts), on all cores.
struct PredictiveCoding {
    /// The symbols of every sample, in order.
    var symbols: [UInt32]
    /// How often each symbol occurs; the last entry counts escapes.
    var counts: [UInt64]
    /// The escaped samples, in order.
    var escapes: ResidualEscapes
    /// Whether the escapes' exact values are stored as float32.
    let float32: Bool
    /// Every sample's activity in visiting order, chunk after chunk, for predictors with
    /// activity contexts (interpolation); nil for the others.
    var activities: [Float]?
    var squaredErrorSum: Double
    var maximumAbsoluteError: Double
    var importantCount: Int
    var importantMaximumSquaredError: Double
    /// How many chunks were taken from the chunks coded ahead instead of coded.
    private(set) var reusedChunkCount = 0
    /// Each chunk's figures, in order.
    var chunkResults: [ClosedLoopEncoder.Chunk] = []

    /// Codes `values` in chunks of `chunkSize`; the chunks of `precoded` are taken from it
    /// instead when it was coded with the same predictor, encoder and chunk size (a
    /// calibration's chunks, ``CodedChunks``), and coded again otherwise.
    init(
        values: UnsafeBufferPointer<Double>, importance: UnsafeBufferPointer<Bool>?,
        predictor: Predictor, encoder: ClosedLoopEncoder, chunkSize: Int,
        reusing precoded: CodedChunks? = nil
    ) {
        let n = values.count
        let chunkCount = (n + chunkSize - 1) / chunkSize
        let reused =
            precoded.map {
                $0.matches(predictor: predictor, encoder: encoder, chunkSize: chunkSize)
            }
                == true ? precoded : nil
        let reusedChunks = Set(reused?.indices ?? [])
        // Every chunk writes its symbols into its own part of one array (no copies).
        var chunks = [ClosedLoopEncoder.Chunk?](repeating: nil, count: chunkCount)
        // Every chunk writes every one of its activities (coded or copied), so the array is
        // not zeroed first (40 MB for 10^7 values, each page touched twice).
        var activities =
            ActivityContexts.apply(to: predictor)
            ? [Float](unsafeUninitializedCapacity: n) { activities, initialized in
                HugePages.advise(activities)
                initialized = n
            } : nil
        symbols = [UInt32](unsafeUninitializedCapacity: n) { output, initialized in
            HugePages.advise(output)
            let base = output.baseAddress.unsafelyUnwrapped
            Self.withBase(of: &activities) { activityBase in
                let coding = ChunkCoding(
                    values: values, importance: importance, predictor: predictor,
                    encoder: encoder, chunkSize: chunkSize)
                let coded = (0..<chunkCount).filter { !reusedChunks.contains($0) }
                let results = coding.code(coded, symbols: base, activities: activityBase) {
                    $0 * chunkSize
                }
                for (c, result) in zip(coded, results) { chunks[c] = result }
                if let reused {
                    for (k, c) in reused.indices.enumerated() {
                        reused.copy(
                            k, symbols: base + c * chunkSize,
                            activities: activityBase.map { $0 + c * chunkSize })
                        chunks[c] = reused.results[k]
                    }
                }
            }
            initialized = n
        }
        self.activities = activities
        reusedChunkCount = reusedChunks.count
        counts = []
        escapes = ResidualEscapes(step: encoder.escapeStep)
        float32 = encoder.roundsToFloat32
        (squaredErrorSum, maximumAbsoluteError) = (0, 0)
        (importantCount, importantMaximumSquaredError) = (0, 0)
        total(chunks.map(\.unsafelyUnwrapped), alphabetSize: encoder.quantizer.count + 1)
    }

    /// Sets the figures to the sums of `chunks` (in order), symbols `0 ..< alphabetSize`.
    mutating func total(_ chunks: [ClosedLoopEncoder.Chunk], alphabetSize: Int) {
        counts = [UInt64](repeating: 0, count: alphabetSize)
        escapes = ResidualEscapes(step: escapes.step)
        (squaredErrorSum, maximumAbsoluteError) = (0, 0)
        (importantCount, importantMaximumSquaredError) = (0, 0)
        for chunk in chunks { add(chunk) }
        chunkResults = chunks
    }

    /// Runs `body` with the address of `array`'s elements, or nil without an array.
    static func withBase<R>(
        of array: inout [Float]?, _ body: (UnsafeMutablePointer<Float>?) -> R
    ) -> R {
        guard var values = array else { return body(nil) }
        array = nil
        defer { array = values }
        return values.withUnsafeMutableBufferPointer { body($0.baseAddress) }
    }

    private mutating func add(_ chunk: ClosedLoopEncoder.Chunk) {
        for (symbol, count) in chunk.counts.enumerated() { counts[symbol] &+= count }
        escapes.append(chunk.escapes)
        squaredErrorSum += chunk.squaredErrorSum
        maximumAbsoluteError = max(maximumAbsoluteError, chunk.maximumAbsoluteError)
        importantCount += chunk.importantCount
        importantMaximumSquaredError = max(
            importantMaximumSquaredError, chunk.importantMaximumSquaredError)
    }

    /// Bits per sample: the symbols' entropy plus the escapes' field.
    var bits: Double {
        let n = Double(max(1, symbols.count))
        return FrequencyTable.entropyBits(counts: counts)
            + 8 * Double(escapes.escapeByteCount(float32: float32)) / n
    }

    /// The symbol counts for the frequency table: without the escape when nothing escaped.
    var tableCounts: [UInt64] { escapes.count == 0 ? Array(counts.dropLast()) : counts }
}
