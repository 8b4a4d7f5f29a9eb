/// A deployable quantiser: the hard encoding rule of docs/quantiser-design.md,
///
///     j(x) = argmin_j  [ −log q_j + s · d(x, y_j) ]   subject to d(x, y_j) ≤ D' for important x,
///
/// with squared error per dimension, `d(x, y) = (1/k) Σ_c (x_c − y_c)²`. It generalises to
/// samples never seen in training; importance is decided by the caller (a flag per sample),
/// so the rule that marks samples important lives with the data, not here.
public struct Quantizer: Sendable, Equatable {
    /// The dimension k of samples and codewords.
    public let dimension: Int
    /// Codewords y_j, flat row-major (m × k).
    public let codebook: [Double]
    /// The output law q_j used by the rule (positive, summing to 1).
    public let probabilities: [Double]
    /// The slope s (nats per unit of distortion).
    public let slope: Double
    /// The per-sample tolerance D' for important samples, or nil.
    public let importantTolerance: Double?

    /// Creates a quantiser.
    /// - Throws: ``QuantizationError`` if the sizes disagree, a probability is not positive, a
    ///   value is not finite, or the slope or tolerance is negative.
    public init(
        dimension: Int, codebook: [Double], probabilities: [Double], slope: Double,
        importantTolerance: Double?
    ) throws(QuantizationError) {
        guard dimension >= 1 else { throw .invalidDimension(dimension) }
        guard !codebook.isEmpty, codebook.count == probabilities.count * dimension else {
            throw .invalidParameter(name: "codebook", value: Double(codebook.count))
        }
        for value in codebook where !value.isFinite {
            throw .invalidParameter(name: "codebook", value: value)
        }
        for value in probabilities where !(value > 0 && value.isFinite) {
            throw .invalidParameter(name: "probabilities", value: value)
        }
        guard slope.isFinite, slope >= 0 else {
            throw .invalidParameter(name: "slope", value: slope)
        }
        if let tolerance = importantTolerance, !(tolerance.isFinite && tolerance >= 0) {
            throw .invalidParameter(name: "tolerance", value: tolerance)
        }
        let total = probabilities.reduce(0, +)
        self.dimension = dimension
        self.codebook = codebook
        self.probabilities = probabilities.map { $0 / total }
        self.slope = slope
        self.importantTolerance = importantTolerance
    }

    /// The number of codewords m.
    public var count: Int { probabilities.count }

    /// Codeword j's coordinates.
    public func codeword(_ j: Int) -> ArraySlice<Double> {
        codebook[j * dimension..<(j + 1) * dimension]
    }
}
