extension PredictiveCoding {
    /// This coding's data coded again with its quantiser trimmed to codewords `kept`
    /// (``ResidualQuantizer/keeping(_:)``, whose closed loop `encoder` runs), coding again only
    /// the chunks in which a sample used a dropped codeword or escaped.
    ///
    /// In any other chunk every residual falls in a kept cell, which keeps its thresholds and
    /// codeword (and lies within the trimmed edges: each cell is within a half width of its
    /// codeword), so its closed loop is the same sample for sample and only its symbols move
    /// down by `kept.lowerBound`. Trimming drops codewords a few samples use in all, so most
    /// chunks are renumbered instead of coded (10^7 values: a whole coding pass, about 0.1 s,
    /// for a few of its ten chunks).
    ///
    /// - Parameters: as ``init(values:importance:predictor:encoder:chunkSize:reusing:)``, which
    ///   this coding came from with the untrimmed quantiser.
    func trimmed(
        to kept: ClosedRange<Int>, values: UnsafeBufferPointer<Double>,
        importance: UnsafeBufferPointer<Bool>?, predictor: Predictor, encoder: ClosedLoopEncoder,
        chunkSize: Int
    ) -> PredictiveCoding {
        let escape = counts.count - 1
        precondition(
            kept.lowerBound >= 0 && kept.upperBound < escape
                && encoder.quantizer.count == kept.count, "a trim of this coding's quantiser")
        let recoded = chunkResults.indices.filter { c in
            let used = chunkResults[c].counts
            return used[escape] > 0 || used[..<kept.lowerBound].contains { $0 > 0 }
                || used[(kept.upperBound + 1)..<escape].contains { $0 > 0 }
        }
        var renumbered = [UInt32](repeating: UInt32(kept.count), count: counts.count)
        for j in kept { renumbered[j] = UInt32(j - kept.lowerBound) }
        var results = chunkResults.map { chunk in
            var renumberedChunk = chunk
            renumberedChunk.counts = Array(chunk.counts[kept]) + [0]
            return renumberedChunk
        }
        var result = self
        var symbols = result.symbols
        var activities = result.activities
        result.symbols = []
        result.activities = nil
        symbols.withUnsafeMutableBufferPointer { symbols in
            let base = symbols.baseAddress.unsafelyUnwrapped
            var next = 0
            for c in chunkResults.indices {
                let range = (c * chunkSize)..<min(symbols.count, (c + 1) * chunkSize)
                if next < recoded.count, recoded[next] == c {
                    next += 1
                    continue
                }
                for t in range { base[t] = renumbered[Int(base[t])] }
            }
            Self.withBase(of: &activities) { activityBase in
                let coding = ChunkCoding(
                    values: values, importance: importance, predictor: predictor,
                    encoder: encoder, chunkSize: chunkSize)
                let coded = coding.code(recoded, symbols: base, activities: activityBase) {
                    $0 * chunkSize
                }
                for (c, chunk) in zip(recoded, coded) { results[c] = chunk }
            }
        }
        result.symbols = symbols
        result.activities = activities
        result.total(results, alphabetSize: kept.count + 1)
        return result
    }
}
