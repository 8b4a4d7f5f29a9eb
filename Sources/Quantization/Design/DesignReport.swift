/// The outcome of ``QuantizerDesigner/design(for:targetDistortion:importantTolerance:progress:)``.
public struct DesignReport: Sendable {
    /// One annealing stage, recorded when it converged (docs/quantiser-design.md).
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
        /// Whether the stage settled: its best `F_τ` stopped improving by the stage tolerance.
        /// False when it ended at the iteration cap instead, or was stopped.
        public var settled: Bool
        /// The relative fall of the best `F_τ` per iteration over the stage's last iterations:
        /// how far from settled a stage that did not settle still was.
        public var finalRelativeFall: Double
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
        /// Why there is no rate without the class although there is a class (nil otherwise).
        public var classCostUnavailable: String?
        /// The class's tolerance price in the relaxation: the rate saved per unit by which the
        /// tolerance is relaxed, bits per unit of distortion (nil without a class).
        public var tolerancePriceBits: Double?
        /// Whether the solver closed the gap; false when its time budget ran out first (the
        /// lower bound is certified either way, only looser).
        public var isOptimal: Bool = true
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
        /// The (weighted) mean distortion of the important samples (0 without any).
        public var importantMeanDistortion: Double = 0
    }

    /// Which stage produced the deployed quantiser.
    public enum DeployedStage: String, Sendable, Equatable {
        /// ``IntervalProgramme`` (scalar data).
        case intervalProgramme = "interval programme"
        /// Deterministic annealing, the hard rule and its polish.
        case annealing
    }

    /// The hard rule deployed: the better (fewer bits, every bound met) of the interval
    /// programme and annealing.
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
    /// `H(Y)` of the hard rule minus the annealed `F_τ` at τ_min, bits (docs/quantiser-design.md).
    public var roundingCostBits: Double
    /// How the samples were turned into atoms.
    public var sourceSummary: String
    /// The initial grid size (including ``importantGridCodewords`` and ``averageGridCodewords``).
    public var initialCodewords: Int
    /// Whether the initial codebook was given by the caller rather than built as a grid.
    public var initialCodebookIsGiven = false
    /// Codewords added to the initial grid at important samples it could not serve within their
    /// tolerance (so that the τ = 1 program is feasible on the grid).
    public var importantGridCodewords: Int = 0
    /// Codewords added to the initial grid at atoms it served worst, so that it can reach the
    /// target on average (only for a grid too coarse for the target).
    public var averageGridCodewords = 0
    /// For a class-average bound (``QuantizerDesigner/design(for:targetDistortion:classAverageTolerance:progress:)``):
    /// how the rule meets it; nil for per-sample bounds.
    public var classAverage: ClassAverage?
    /// Codewords added at the end so that every important sample meets its tolerance.
    public var repairedCodewords: Int
    /// The stage that produced ``quantizer``.
    public var deployed: DeployedStage = .annealing
    /// The interval programme's design and the certified bound on every interval quantiser
    /// (nil for vector data, or when it was not run; see ``intervalUnavailable``).
    public var interval: IntervalDesign? = nil
    /// Why there is no interval design (e.g. vector data), or nil.
    public var intervalUnavailable: String? = nil
    /// The figures of annealing + hard rule + polish on the training samples (nil when annealing
    /// was skipped or reached no quantiser meeting the bounds; see ``annealingUnavailable``).
    public var annealed: Measurement? = nil
    /// Why annealing produced no candidate, or nil.
    public var annealingUnavailable: String? = nil
    /// The certified bound on R(D) of the data over every reconstruction (``RealLineBound``),
    /// when the designer was asked for it (`design --data-bound`) and the data is scalar.
    public var dataBound: DataBound? = nil
    /// Why the bound over every reconstruction was asked for but is missing, or nil.
    public var dataBoundUnavailable: String? = nil

    /// The figures of a ``RealLineBound`` kept in a design report.
    public struct DataBound: Sendable, Equatable {
        /// R(D) of the data ≥ this, reconstructions anywhere (bits per sample).
        public var lowerBoundBits: Double
        /// The rate of a feasible encoder onto the bound's grid (bits per sample).
        public var upperBoundBits: Double
        /// The bound's grid size.
        public var codewords: Int
    }
    /// Named steps with their wall-clock seconds, in order.
    public var timings: [(step: String, seconds: Double)]

    /// How a design meets a class-average bound: the rule holds every important sample to
    /// one tolerance T ≥ D′, the loosest found that keeps their mean within D′.
    public struct ClassAverage: Sendable, Equatable {
        /// D′, the bound on the important samples' mean distortion.
        public var tolerance: Double
        /// T, the per-sample tolerance of the deployed rule.
        public var ruleTolerance: Double
        /// Designs tried in the search for T.
        public var designsTried: Int
    }
}
