extension ResidualQuantizer {
    /// The quantiser with every codeword, threshold, edge and the half width multiplied by
    /// `factor` (> 0): its cells `factor` times as wide, so its error about `factor²` times.
    func scaled(by factor: Double) -> ResidualQuantizer {
        ResidualQuantizer(
            codewords: codewords.map { $0 * factor }, thresholds: thresholds.map { $0 * factor },
            halfWidth: halfWidth * factor, lowestEdge: lowestEdge * factor,
            highestEdge: highestEdge * factor)
    }
}
