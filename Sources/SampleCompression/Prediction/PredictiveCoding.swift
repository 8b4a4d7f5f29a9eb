import EntropyCoding
import ParallelLoops

/// The closed-loop coding of a whole array with a designed predictor and quantiser: chunks of
/// the container's size, each coded on its own (prediction restarts), on all cores.
struct PredictiveCoding {
    /// The symbols of every sample, in order.
    var symbols: [UInt32]
    /// How often each symbol occurs; the last entry counts escapes.
    var counts: [UInt64]
    /// The escaped samples' exact values, in order.
    var escapedValues: [Double]
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
        symbols = [UInt32](unsafeUninitializedCapacity: n) { output, initialized in
            let base = output.baseAddress
            chunks = ParallelLoop.map(chunkCount) { c in
                let range = (c * chunkSize)..<min(n, (c + 1) * chunkSize)
                return predictor.accept(
                    ChunkEncoding(
                        encoder: encoder, values: UnsafeBufferPointer(rebasing: values[range]),
                        importance: importance.map { UnsafeBufferPointer(rebasing: $0[range]) },
                        start: range.lowerBound, symbols: base.unsafelyUnwrapped + range.lowerBound,
                        residuals: nil))
            }
            initialized = n
        }
        counts = [UInt64](repeating: 0, count: encoder.quantizer.count + 1)
        escapedValues = []
        (squaredErrorSum, maximumAbsoluteError) = (0, 0)
        (importantCount, importantMaximumSquaredError) = (0, 0)
        for chunk in chunks { add(chunk) }
    }

    private mutating func add(_ chunk: ClosedLoopEncoder.Chunk) {
        for (symbol, count) in chunk.counts.enumerated() { counts[symbol] &+= count }
        escapedValues += chunk.escapedValues
        squaredErrorSum += chunk.squaredErrorSum
        maximumAbsoluteError = max(maximumAbsoluteError, chunk.maximumAbsoluteError)
        importantCount += chunk.importantCount
        importantMaximumSquaredError = max(
            importantMaximumSquaredError, chunk.importantMaximumSquaredError)
    }

    /// Bits per sample: the symbols' entropy plus 64 bits per escaped value.
    var bits: Double {
        let n = Double(max(1, symbols.count))
        return FrequencyTable.entropyBits(counts: counts) + 64 * Double(escapedValues.count) / n
    }

    /// The symbol counts for the frequency table: without the escape when nothing escaped.
    var tableCounts: [UInt64] { escapedValues.isEmpty ? Array(counts.dropLast()) : counts }
}
