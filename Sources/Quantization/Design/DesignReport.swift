/// The outcome of ``QuantizerDesigner/design(for:targetDistortion:importantTolerance:progress:)``.
public struct DesignReport: Sendable {
    /// One annealing stage, recorded when it converged (DESIGN.md §4).
    public struct Stage: Sendable, Equatable {
        /// τ.
        public var temperature: Double
        /// `I(X;Y)` in bits of the soft encoder on the atoms.
        public var mutualInformationBits: Double
        /// `H(Y)` in bits.
        public var outputEntropyBits: Double
        /// `H(Y|X)` in bits.
        public var conditionalEntropyBits: Double
        /// The average distortion (at most the target).
        public var distortion: Double
        /// The slope s in nats per unit of distortion.
        public var slope: Double
        /// Codewords with positive mass after pruning and merging.
        public var liveCodewords: Int
        /// Iterations spent.
        public var iterations: Int
        /// Wall-clock seconds spent in the stage.
        public var seconds: Double
    }

    /// The τ = 1 convex program on the same atoms and the initial grid, by the certified solver.
    public struct Relaxation: Sendable, Equatable {
        /// `I(X;Y)` of the solver's encoder, bits.
        public var rateBits: Double
        /// The certified lower bound, bits.
        public var lowerBoundBits: Double
        /// The rate of the same program without the importance class (nil without one), bits:
        /// `rateBits − rateWithoutClassBits` is the predicted rate cost of the class.
        public var rateWithoutClassBits: Double?
        /// `Σ_i μ_i · D'`: the dual prices' first-order estimate of the class's cost, bits.
        public var priceEstimateBits: Double?
    }

    /// Figures measured by applying the final rule to every training sample.
    public struct Measurement: Sendable, Equatable {
        /// N.
        public var samples: Int
        /// `H(Y)` of the output indices, bits.
        public var entropyBits: Double
        /// Mean squared error per dimension.
        public var distortion: Double
        /// Important samples.
        public var importantCount: Int
        /// The largest distortion of an important sample (0 without any).
        public var importantMaxDistortion: Double
        /// Important samples beyond the tolerance.
        public var importantViolations: Int
    }

    /// The hard rule.
    public var quantizer: Quantizer
    /// Training figures of the hard rule.
    public var training: Measurement
    /// The τ = 1 relaxation, if computed.
    public var relaxation: Relaxation?
    /// Why the relaxation was asked for but is missing (e.g. the importance tolerance is out of
    /// the initial grid's reach, so the convex program has no feasible point); nil otherwise.
    public var relaxationUnavailable: String? = nil
    /// The annealing stages, τ = 1 first.
    public var stages: [Stage]
    /// `H(Y)` of the hard rule minus the annealed `F_τ` at τ_min, bits (DESIGN.md §4).
    public var roundingCostBits: Double
    /// How the samples were turned into atoms.
    public var sourceSummary: String
    /// The initial grid size.
    public var initialCodewords: Int
    /// Codewords added at the end so that every important sample meets its tolerance.
    public var repairedCodewords: Int
    /// Named steps with their wall-clock seconds, in order.
    public var timings: [(step: String, seconds: Double)]
}
