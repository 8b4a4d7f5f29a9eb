extension ClosedLoopEncoder {
    /// Codes the samples of one chunk.
    ///
    /// - Parameters:
    ///   - values: The chunk's samples.
    ///   - importance: One flag per sample of the chunk, or `nil`.
    ///   - start: The flat index of the chunk's first sample in the whole array.
    ///   - predictor: The prediction, restarted at `start`; the symbols are in its visiting
    ///     order, the residuals and reconstructions in the chunk's.
    ///   - symbols: Receives the chunk's `values.count` symbols (in visiting order).
    ///   - residuals: When given, receives each sample's closed-loop residual over its level's
    ///     scale (what the residual quantiser sees; for design).
    ///   - reconstructions: When given, receives each sample's reconstruction (for design).
    ///   - activities: When given, receives each sample's activity (``ActivityContexts``), in
    ///     visiting order.
    /// - Complexity: O(n log m) for n samples and m codewords.
    func encode<P: NeighbourPrediction>(
        _ values: UnsafeBufferPointer<Double>, importance: UnsafeBufferPointer<Bool>?,
        start: Int, predictor: P, symbols: UnsafeMutablePointer<UInt32>,
        residuals: UnsafeMutablePointer<Double>? = nil,
        reconstructions: UnsafeMutablePointer<Double>? = nil,
        activities: UnsafeMutablePointer<Float>? = nil
    ) -> Chunk {
        var predictor = predictor
        let n = values.count
        predictor.restart(at: start, count: n)
        let step = escapeStep
        var chunk = Chunk(
            counts: [UInt64](repeating: 0, count: quantizer.count + 1),
            escapes: ResidualEscapes(step: step))
        // The reconstructions go straight to the caller's buffer when there is one.
        let scratch =
            reconstructions == nil
            ? UnsafeMutablePointer<Double>.allocate(capacity: max(1, n)) : nil
        defer { scratch?.deallocate() }
        let reconstructed = reconstructions ?? scratch.unsafelyUnwrapped
        var totals = Totals()
        quantizer.codewords.withUnsafeBufferPointer { codewords in
            quantizer.thresholds.withUnsafeBufferPointer { thresholds in
                quantizer.grid.withTable { grid in
                    chunk.counts.withUnsafeMutableBufferPointer { counts in
                        let escape = UInt32(codewords.count)
                        for t in 0..<n {
                            let i = predictor.position(t)
                            let x = values[i]
                            let p = predictor.next(reconstructed, i)
                            activities?[t] = Float(predictor.activity)
                            let important = importance?[i] ?? false
                            let scale = predictor.residualScale
                            var (j, y) = symbol(
                                for: x, prediction: p, scale: scale, important: important,
                                codewords: codewords, thresholds: thresholds, grid: grid)
                            if j == escape {
                                let k: Int64
                                (k, y) = self.escape(
                                    x, prediction: p, important: important, step: step)
                                chunk.escapes.multiples.append(k)
                                if k == ResidualEscapes.exact {
                                    chunk.escapes.exactValues.append(x)
                                }
                            }
                            symbols[t] = j
                            counts[Int(j)] &+= 1
                            reconstructed[i] = y
                            residuals?[i] = scale == 1 ? x - p : (x - p) / scale
                            totals.add(error: x - y, important: important)
                        }
                    }
                }
            }
        }
        totals.store(in: &chunk)
        return chunk
    }
}

/// A chunk's error figures, kept in registers while the loop runs.
private struct Totals {
    var squaredErrorSum = 0.0
    var maximumAbsoluteError = 0.0
    var importantCount = 0
    var importantMaximumSquaredError = 0.0

    @inline(__always)
    mutating func add(error: Double, important: Bool) {
        let squared = error * error
        squaredErrorSum += squared
        maximumAbsoluteError = max(maximumAbsoluteError, abs(error))
        if important {
            importantCount += 1
            importantMaximumSquaredError = max(importantMaximumSquaredError, squared)
        }
    }

    func store(in chunk: inout ClosedLoopEncoder.Chunk) {
        chunk.squaredErrorSum = squaredErrorSum
        chunk.maximumAbsoluteError = maximumAbsoluteError
        chunk.importantCount = importantCount
        chunk.importantMaximumSquaredError = importantMaximumSquaredError
    }
}
