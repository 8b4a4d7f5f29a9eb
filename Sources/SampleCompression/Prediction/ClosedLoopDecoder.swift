/// Reconstructs one chunk coded by ``ClosedLoopEncoder``: each sample is the prediction from the
/// chunk's earlier reconstructions plus its symbol's codeword, or the next escaped value.
struct ClosedLoopDecoder {
    /// The residual codewords (increasing).
    let codewords: [Double]
    let roundsToFloat32: Bool

    /// The reconstruction of one chunk.
    ///
    /// - Parameters:
    ///   - symbols: The chunk's symbols; `codewords.count` is the escape.
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
        predictor.restart(at: start)
        let n = symbols.count
        let escape = UInt32(codewords.count)
        var offset = escapeOffset
        var failed = false
        let values = [Double](unsafeUninitializedCapacity: n) { output, initialized in
            guard let reconstructed = output.baseAddress else { return }
            codewords.withUnsafeBufferPointer { codewords in
                for i in 0..<n {
                    let p = predictor.next(reconstructed, i)
                    let symbol = symbols[i]
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
                    initialized = i + 1
                }
            }
        }
        guard !failed else { return nil }
        escapeOffset = offset
        return values
    }
}
