extension ResidualQuantizer {
    /// The uniform quantiser of codewords `k · step` for `|k| ≤ side`, each cell half a step
    /// either side of its codeword (the probe's, and the grid's with a step of whole grid
    /// points).
    init(uniformStep step: Double, side: Int) {
        let codewords = (-side...side).map { Double($0) * step }
        let thresholds = (-side..<side).map { (Double($0) + 0.5) * step }
        self.init(
            codewords: codewords, thresholds: thresholds, halfWidth: step / 2,
            lowestEdge: codewords[0] - step / 2, highestEdge: codewords[2 * side] + step / 2)
    }

    /// The codewords a side a uniform quantiser of `step` needs to reach `reach` (at least 1,
    /// at most `limit`).
    static func uniformSide(step: Double, reach: Double, limit: Int) -> Int {
        Int(min(Double(limit), max(1, (reach / step).rounded(.up))))
    }
}
