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

    /// Codes `values` in chunks of `chunkSize`.
    init(
        values: UnsafeBufferPointer<Double>, importance: UnsafeBufferPointer<Bool>?,
        predictor: Predictor, encoder: ClosedLoopEncoder, chunkSize: Int
    ) {
        let n = values.count
        let chunkCount = (n + chunkSize - 1) / chunkSize
        // Every chunk writes its symbols into its own part of one array (no copies).
        var chunks: [ClosedLoopEncoder.Chunk] = []
        var activities =
            ActivityContexts.apply(to: predictor) ? [Float](repeating: 0, count: n) : nil
        symbols = [UInt32](unsafeUninitializedCapacity: n) { output, initialized in
            let base = output.baseAddress
            chunks = Self.withBase(of: &activities) { activityBase in
                func buffers(_ c: Int) -> ClosedLoopEncoder.ChunkBuffers {
                    let range = (c * chunkSize)..<min(n, (c + 1) * chunkSize)
                    var chunk = ClosedLoopEncoder.ChunkBuffers(
                        values: UnsafeBufferPointer(rebasing: values[range]),
                        importance: importance.map { UnsafeBufferPointer(rebasing: $0[range]) },
                        start: range.lowerBound,
                        symbols: base.unsafelyUnwrapped + range.lowerBound)
                    chunk.activities = activityBase.map { $0 + range.lowerBound }
                    return chunk
                }
                // Chunks are coded two at a time (their closed loops overlap on one core) when
                // that still leaves every core a pair; otherwise one at a time.
                let paired = (chunkCount + 1) / 2 >= ParallelLoop.activeCores
                let perTask = paired ? 2 : 1
                return ParallelLoop.map((chunkCount + perTask - 1) / perTask) { task in
                    let c = perTask * task
                    guard paired, c + 1 < chunkCount else {
                        return [
                            predictor.accept(ChunkEncoding(encoder: encoder, chunk: buffers(c)))
                        ]
                    }
                    return predictor.accept(
                        ChunkPairEncoding(
                            encoder: encoder, first: buffers(c), second: buffers(c + 1)))
                }.flatMap { $0 }
            }
            initialized = n
        }
        self.activities = activities
        counts = [UInt64](repeating: 0, count: encoder.quantizer.count + 1)
        escapes = ResidualEscapes(step: encoder.escapeStep)
        float32 = encoder.roundsToFloat32
        (squaredErrorSum, maximumAbsoluteError) = (0, 0)
        (importantCount, importantMaximumSquaredError) = (0, 0)
        for chunk in chunks { add(chunk) }
    }

    /// Runs `body` with the address of `array`'s elements, or nil without an array.
    private static func withBase<R>(
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
