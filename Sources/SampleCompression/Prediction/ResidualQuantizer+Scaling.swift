extension ResidualQuantizer {
    /// The quantiser with every codeword, threshold, edge and the half width multiplied by
    /// `factor` (> 0): its cells `factor` times as wide, so its error about `factor²` times.
    /// The codewords are moved onto the lattice of the new half width
    /// (``latticeUnit(halfWidth:)``), and the half width grows by that unit to cover the move.
    func scaled(by factor: Double) -> ResidualQuantizer {
        let e = halfWidth * factor
        guard e.isFinite, e > 0 else {
            return ResidualQuantizer(
                codewords: codewords.map { $0 * factor },
                thresholds: thresholds.map { $0 * factor },
                halfWidth: e, lowestEdge: lowestEdge * factor, highestEdge: highestEdge * factor)
        }
        let u = Self.latticeUnit(halfWidth: e)
        return ResidualQuantizer(
            codewords: Self.onLattice(codewords.map { $0 * factor }, unit: u),
            thresholds: thresholds.map { $0 * factor }, halfWidth: e + u,
            lowestEdge: lowestEdge * factor, highestEdge: highestEdge * factor)
    }
}
