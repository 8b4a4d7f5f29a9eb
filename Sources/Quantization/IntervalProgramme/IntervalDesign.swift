/// The outcome of ``IntervalProgramme/design(for:targetDistortion:importantTolerance:progress:)``: an
/// interval quantiser of the training samples and the certified bound on every other.
public struct IntervalDesign: Sendable, Equatable {
    /// Cell boundaries, increasing: cell j holds the values in `[thresholds[j−1], thresholds[j])`
    /// (`m − 1` entries; each sits midway between the neighbouring training values).
    public var thresholds: [Double]
    /// One codeword per cell, increasing.
    public var codewords: [Double]
    /// The fraction of training samples in each cell.
    public var masses: [Double]
    /// The mean squared error on the training samples.
    public var distortion: Double
    /// `H(Y)` of the cells, bits per sample.
    public var entropyBits: Double
    /// The Lagrange multiplier (distortion per bit) the design was found at.
    public var lambda: Double
    /// A certified lower bound on `H(Y)` of every interval quantiser of these samples with
    /// distortion at most the target that meets the tolerance: `max_λ (V(λ) − D)/λ` over the
    /// multipliers tried, with a rounding allowance (see ``IntervalProgramme``).
    public var lowerBoundBits: Double
    /// Whether every distinct value was a candidate cut (the search was exact).
    public var isExact: Bool
    /// The number of candidate cut positions (bins).
    public var candidateCount: Int
    /// The number of distinct training values.
    public var distinctValues: Int
    /// Programme solutions computed (for λ and for the bound).
    public var programmeSolutions: Int
    /// Cells evaluated by all of them.
    public var cellEvaluations: Int

    /// The number of cells m.
    public var count: Int { codewords.count }

    /// The deployable rule for this partition (``Quantizer``): the rule
    /// `argmin_j −log q_j + s (x − y_j)²` places the boundary between neighbouring codewords
    /// where their costs meet, so with `s = ln 2/λ` and weights `q_j` chosen cell by cell to
    /// make each meeting point the threshold, the rule reproduces the cells exactly (the
    /// weights stay close to the cell masses, which would place the boundaries where an
    /// entropy-coded Lloyd step puts them). An important sample is served by its own cell's
    /// codeword, which is within its tolerance and wins among all codewords.
    /// - Throws: ``QuantizationError`` if the weights cannot be represented (extreme data).
    public func quantizer(importantTolerance: Double?) throws(QuantizationError) -> Quantizer {
        try Quantizer(
            intervalCells: codewords, thresholds: thresholds, masses: masses,
            slope: Double.ln2 / max(lambda, .leastNormalMagnitude),
            importantTolerance: importantTolerance)
    }
}
