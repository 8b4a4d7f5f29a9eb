/// The dual certificate of a solution (docs/mathematics.md, “The certificate”, and docs/formats.md): from these numbers alone anyone
/// rebuilds every row slope `s_i = s + μ_i/p_i + Σ_k ν_k` and the lower bound in one O(n·m)
/// pass, without iterating (``Certificate/recomputedLowerBound(for:)``).
public struct Certificate: Sendable, Equatable {
    /// The prices of one fidelity class.
    public enum Prices: Sendable, Equatable {
        /// `μ_i` per member (in the class's member order); nil for a member at its
        /// hard-assignment limit, whose slope is infinite.
        case perElement([Double?])
        /// The class-average price ν (nil when the class sits at its hard-assignment limit).
        case classAverage(Double?)
    }

    /// The average-distortion multiplier s (nats per unit of distortion); nil when the average
    /// bound sits at its hard-assignment limit (every row is then assigned to its nearest codewords).
    public var slope: Double?
    /// One entry per fidelity class of the problem, in its order.
    public var prices: [(name: String, prices: Prices)]
    /// The output law q used to build the rows.
    public var outputProbabilities: [Double]
    /// The distortion D the bound is stated for (the target, or the achieved distortion in slope mode).
    public var distortion: Double
    /// The claimed lower bound on R(D), in nats.
    public var lowerBoundNats: Double
    /// Which reconstructions the bound covers: the problem's codebook (the default), or every
    /// real number (scalar source and codebook under squared or absolute error; docs/mathematics.md,
    /// “A bound over every reconstruction”).
    public var reconstructions: Reconstructions = .codebook

    /// The reconstructions a bound holds for.
    public enum Reconstructions: String, Sendable, Equatable {
        /// Encoders onto the problem's codebook.
        case codebook
        /// Encoders onto any real numbers: a bound on R(D) of the source itself.
        case realLine = "real-line"
    }

    /// Creates a certificate.
    public init(
        slope: Double?, prices: [(name: String, prices: Prices)], outputProbabilities: [Double],
        distortion: Double, lowerBoundNats: Double
    ) {
        self.slope = slope
        self.prices = prices
        self.outputProbabilities = outputProbabilities
        self.distortion = distortion
        self.lowerBoundNats = lowerBoundNats
    }

    public static func == (a: Certificate, b: Certificate) -> Bool {
        a.slope == b.slope && a.outputProbabilities == b.outputProbabilities
            && a.distortion == b.distortion
            && a.lowerBoundNats == b.lowerBoundNats && a.reconstructions == b.reconstructions
            && a.prices.count == b.prices.count
            && zip(a.prices, b.prices).allSatisfy { $0.name == $1.name && $0.prices == $1.prices }
    }

    /// Whether `recomputed` confirms the claim: `recomputed ≥ claimed − 1e-12·max(1, |claimed|)`.
    public func isConfirmed(by recomputed: Double) -> Bool {
        recomputed >= lowerBoundNats - 1e-12 * max(1, abs(lowerBoundNats))
    }
}
