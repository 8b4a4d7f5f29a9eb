/// Reconstructs one chunk coded by ``ClosedLoopEncoder``: each sample is the prediction from the
/// chunk's earlier reconstructions plus its symbol's codeword, or the next escaped value.
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
    ///   - escapedValues: The file's escaped values; those of this chunk start at `escapeOffset`.
    ///   - escapeOffset: Advanced past the escaped values used.
    /// - Returns: The values, or `nil` when the chunk has more escape symbols than values left.
    func decode<P: NeighbourPrediction>(
        _ symbols: [UInt32], start: Int, predictor: P, escapedValues: [Double],
        escapeOffset: inout Int
    ) -> [Double]? {
        var predictor = predictor
        let n = symbols.count
        predictor.restart(at: start, count: n)
        let escape = UInt32(codewords.count)
        var offset = escapeOffset
        var failed = false
        let values = [Double](unsafeUninitializedCapacity: n) { output, initialized in
            guard let reconstructed = output.baseAddress else { return }
            codewords.withUnsafeBufferPointer { codewords in
                for t in 0..<n {
                    let i = predictor.position(t)
                    let p = predictor.next(reconstructed, i)
                    let symbol = symbols[t]
                    if symbol == escape {
                        guard offset < escapedValues.count else {
                            failed = true
                            break
                        }
                        reconstructed[i] = escapedValues[offset]
                        offset += 1
                    } else {
                        reconstructed[i] = ClosedLoopEncoder.reconstruction(
                            p, codewords[Int(symbol)], float32: roundsToFloat32)
                    }
                }
            }
            // Samples are written in the predictor's visiting order: all of them, or (on a
            // failure, whose values are discarded) none counted.
            initialized = failed ? 0 : n
        }
        guard !failed else { return nil }
        escapeOffset = offset
        return values
    }
}
