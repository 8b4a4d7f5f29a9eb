extension PredictiveCoding {
    /// Drops the codewords no sample used from `quantizer` and renumbers the symbols (the
    /// escape too), so that the file stores only codewords it needs; returns the smaller
    /// quantiser. The reconstructions are unchanged: the decoder only ever looks up the
    /// codewords of the symbols it reads. The returned quantiser's thresholds are the
    /// midpoints of its codewords, for reports only (this coding is not run again).
    ///
    /// With level scales the coarse levels' residuals spread over many cells that few samples
    /// use: on a 96 × 96 field 195 codewords took 1.6 KB of a 2 KB file.
    mutating func droppingUnusedCodewords(of quantizer: ResidualQuantizer) -> ResidualQuantizer {
        let codewordCounts = counts.dropLast()
        guard codewordCounts.contains(0), codewordCounts.contains(where: { $0 > 0 }) else {
            return quantizer
        }
        var renumbered = [UInt32](repeating: 0, count: counts.count)
        var kept: [Double] = []
        var keptCounts: [UInt64] = []
        for (j, count) in codewordCounts.enumerated() where count > 0 {
            renumbered[j] = UInt32(kept.count)
            kept.append(quantizer.codewords[j])
            keptCounts.append(count)
        }
        renumbered[counts.count - 1] = UInt32(kept.count)
        keptCounts.append(counts[counts.count - 1])
        symbols.withUnsafeMutableBufferPointer { symbols in
            for t in symbols.indices { symbols[t] = renumbered[Int(symbols[t])] }
        }
        counts = keptCounts
        chunkResults = chunkResults.map { chunk in
            var renumbered = chunk
            renumbered.counts =
                codewordCounts.indices.filter { codewordCounts[$0] > 0 }.map {
                    chunk.counts[$0]
                } + [chunk.counts[chunk.counts.count - 1]]
            return renumbered
        }
        let midpoints = zip(kept, kept.dropFirst()).map { ($0 + $1) / 2 }
        return ResidualQuantizer(
            codewords: kept, thresholds: midpoints, halfWidth: quantizer.halfWidth,
            lowestEdge: quantizer.lowestEdge, highestEdge: quantizer.highestEdge)
    }
}
