extension ClosedLoopEncoder {
    /// Codes the samples of one chunk.
    ///
    /// - Parameters:
    ///   - values: The chunk's samples.
    ///   - importance: One flag per sample of the chunk, or `nil`.
    ///   - start: The flat index of the chunk's first sample in the whole array.
    ///   - predictor: The prediction, restarted at `start`.
    ///   - residuals: When given, receives each sample's closed-loop residual (for design).
    ///   - reconstructions: When given, receives each sample's reconstruction (for design).
    /// - Complexity: O(n log m) for n samples and m codewords.
    func encode<P: NeighbourPrediction>(
        _ values: UnsafeBufferPointer<Double>, importance: UnsafeBufferPointer<Bool>?,
        start: Int, predictor: P, residuals: UnsafeMutablePointer<Double>? = nil,
        reconstructions: UnsafeMutablePointer<Double>? = nil
    ) -> Chunk {
        var predictor = predictor
        predictor.restart(at: start)
        let n = values.count
        var chunk = Chunk(symbols: [UInt32](repeating: 0, count: n))
        let reconstructed = UnsafeMutablePointer<Double>.allocate(capacity: max(1, n))
        defer { reconstructed.deallocate() }
        quantizer.codewords.withUnsafeBufferPointer { codewords in
            quantizer.thresholds.withUnsafeBufferPointer { thresholds in
                chunk.symbols.withUnsafeMutableBufferPointer { symbols in
                    for i in 0..<n {
                        let x = values[i]
                        let p = predictor.next(reconstructed, i)
                        let important = importance?[i] ?? false
                        let (j, y) = symbol(
                            for: x, prediction: p, important: important, codewords: codewords,
                            thresholds: thresholds)
                        symbols[i] = j
                        reconstructed[i] = y
                        residuals?[i] = x - p
                        let error = x - y
                        chunk.squaredErrorSum += error * error
                        chunk.maximumAbsoluteError = max(chunk.maximumAbsoluteError, abs(error))
                        if important {
                            chunk.importantCount += 1
                            chunk.importantMaximumSquaredError = max(
                                chunk.importantMaximumSquaredError, error * error)
                        }
                        if j == escapeSymbol { chunk.escapedValues.append(x) }
                    }
                }
            }
        }
        reconstructions?.update(from: reconstructed, count: n)
        return chunk
    }
}
