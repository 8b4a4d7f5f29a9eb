extension BaselineResult {
    /// The baseline as a deployable ``Quantizer`` (what `rdopt baseline --output` writes), so that
    /// a baseline can be checked and compressed with like a design:
    /// - entropy-constrained: `d + λ·(−log2 q_j)` is the rule's cost scaled by `λ/ln 2`, so
    ///   the codebook and law with `s = ln 2/λ` (λ = 0: nearest codeword);
    /// - nearest neighbour (Lloyd–Max): equal weights, so the rule picks the nearest codeword;
    /// - uniform, scalar: the interval cells of the grid (``Quantizer/init(intervalCells:thresholds:masses:slope:importantTolerance:)``),
    ///   with a boundary midway across any run of empty grid cells.
    /// The rule's ties may differ from the baseline's own at exact ties; measure the quantizer
    /// on the samples for its figures.
    /// - Throws: ``QuantizationError/invalidParameter(name:value:)`` for a uniform vector
    ///   quantiser (its lattice cells are not the rule's).
    public func quantizer() throws(QuantizationError) -> Quantizer {
        let m = codewordCount
        let equal = [Double](repeating: 1 / Double(m), count: m)
        switch rule {
        case .entropyConstrained(let lambda) where lambda > 0:
            return try Quantizer(
                dimension: dimension, codebook: codebook, probabilities: probabilities,
                slope: Double.ln2 / lambda, importantTolerance: nil)
        case .entropyConstrained, .nearestNeighbour:
            return try Quantizer(
                dimension: dimension, codebook: codebook, probabilities: equal, slope: 1,
                importantTolerance: nil)
        case .uniform(let step, let deadZoneWidth, let origin):
            guard dimension == 1 else {
                throw .invalidParameter(
                    name: "dimension of a uniform quantizer", value: Double(dimension))
            }
            let order = codebook.indices.sorted { codebook[$0] < codebook[$1] }
            let h = deadZoneWidth * step / 2
            // The upper and lower edges of the grid cell holding x (cells are (a, b]).
            func edges(_ x: Double) -> (lower: Double, upper: Double) {
                let u = x - origin
                if u > h {
                    let k = ((u - h) / step).rounded(.up)
                    return (origin + h + (k - 1) * step, origin + h + k * step)
                }
                if u <= -h {
                    let k = ((-h - u) / step).rounded(.down)
                    return (origin - h - (k + 1) * step, origin - h - k * step)
                }
                return (origin - h, origin + h)
            }
            var thresholds: [Double] = []
            for (j, l) in zip(order, order.dropFirst()) {
                thresholds.append((edges(codebook[j]).upper + edges(codebook[l]).lower) / 2)
            }
            return try Quantizer(
                intervalCells: order.map { codebook[$0] }, thresholds: thresholds,
                masses: order.map { probabilities[$0] }, slope: 1 / (step * step),
                importantTolerance: nil)
        }
    }
}
