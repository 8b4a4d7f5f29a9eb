#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The outcome of ``IntervalProgramme/design(for:targetDistortion:importantTolerance:)``: an
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
        var slope = Double.ln2 / max(lambda, .leastNormalMagnitude)
        for _ in 0..<64 {
            if let weights = ruleWeights(slope: slope) {
                return try Quantizer(dimension: 1, codebook: codewords, probabilities: weights, slope: slope,
                                     importantTolerance: importantTolerance)
            }
            slope /= 16
        }
        throw .invalidParameter(name: "slope", value: slope)
    }

    /// `q_j ∝ exp(−a_j)` with `a_{j+1} = a_j + s [(t_j − y_j)² − (t_j − y_{j+1})²]`, anchored to
    /// the masses; nil if a weight underflows or overflows at this slope.
    private func ruleWeights(slope: Double) -> [Double]? {
        guard count > 1 else { return [1] }
        var a = [Double](repeating: 0, count: count)
        for j in 0..<(count - 1) {
            let t = thresholds[j]
            let left = t - codewords[j], right = t - codewords[j + 1]
            a[j + 1] = a[j] + slope * (left * left - right * right)
        }
        var offset = 0.0
        for j in 0..<count { offset += masses[j] * (-log(masses[j]) - a[j]) }
        var weights = a.map { exp(-($0 + offset)) }
        let total = weights.reduce(0, +)
        guard total.isFinite, total > 0 else { return nil }
        weights = weights.map { $0 / total }
        guard weights.allSatisfy({ $0 > 0 && $0.isNormal }) else { return nil }
        return weights
    }
}
