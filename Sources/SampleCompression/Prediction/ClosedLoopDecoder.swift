import EntropyCoding

/// Reconstructs one chunk coded by ``ClosedLoopEncoder``: each sample is the prediction from the
/// chunk's earlier reconstructions plus its symbol's codeword, or the next escape.
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
    ///   - order: Where each sample's symbol is in `symbols` (segments by activity).
    ///   - escapes: The file's escapes; this chunk's start at `position`.
    ///   - position: Advanced past the escapes used.
    /// - Returns: The values, or `nil` when the chunk has more escape symbols than escapes
    ///   left, a segment fewer symbols than its samples, or segments beyond its symbols.
    func decode<P: NeighbourPrediction>(
        _ symbols: [UInt32], start: Int, predictor: P, order: SymbolOrder,
        escapes: ResidualEscapes, position: inout EscapePosition
    ) -> [Double]? {
        var predictor = predictor
        let n = symbols.count
        guard order.fits(symbolCount: n) else { return nil }
        predictor.restart(at: start, count: n)
        let escape = UInt32(codewords.count)
        var next = position
        var failed = false
        let splits = order.splitsByNeighbour
        // Whether each sample's symbol (by position) is not the contexts' zero symbol.
        let nonzero = UnsafeMutablePointer<UInt8>.allocate(capacity: splits ? n : 0)
        nonzero.initialize(repeating: 0, count: splits ? n : 0)
        defer { nonzero.deallocate() }
        let values = [Double](unsafeUninitializedCapacity: n) { output, initialized in
            guard let reconstructed = output.baseAddress else { return }
            HugePages.advise(output)
            order.withCursors { cursors in
                codewords.withUnsafeBufferPointer { codewords in
                    symbols.withUnsafeBufferPointer { symbols in
                        for (range, selector) in order.groups(count: n) where !failed {
                            for t in range {
                                let i = predictor.position(t)
                                let p = predictor.next(reconstructed, i)
                                let split = splits ? order.split(t, i, nonzero) : 0
                                guard
                                    let index = order.index(
                                        t, activity: Float(predictor.activity), split: split,
                                        selector, cursors)
                                else {
                                    failed = true
                                    break
                                }
                                let symbol = symbols[index]
                                if splits { nonzero[i] = order.isZero(symbol) ? 0 : 1 }
                                if symbol == escape {
                                    guard
                                        let value = escapes.value(
                                            at: &next, prediction: p, float32: roundsToFloat32)
                                    else {
                                        failed = true
                                        break
                                    }
                                    reconstructed[i] = value
                                } else {
                                    reconstructed[i] = ClosedLoopEncoder.reconstruction(
                                        p, codewords[Int(symbol)] * predictor.residualScale,
                                        float32: roundsToFloat32)
                                }
                            }
                        }
                    }
                }
            }
            // Samples are written in the predictor's visiting order: all of them, or (on a
            // failure, whose values are discarded) none counted.
            initialized = failed ? 0 : n
        }
        guard !failed else { return nil }
        position = next
        return values
    }
}
