/// Designs a deployable quantiser from training samples by the pipeline of docs/quantiser-design.md:
/// a fine initial grid, deterministic annealing of `F_τ = H(Y) − τ H(Y|X)` from τ = 1 (the
/// convex program) to ``finalTemperature`` with soft-centroid codebook refinement at every
/// iteration, pruning and merging of codewords of negligible mass, the hard rule
/// `j(x) = argmin −log q_j + s d(x, y_j)` (with `d ≤ D'` for important samples) re-tuned on the
/// real samples, and a final hard Lloyd polish (rule ↔ centroids, entropy term kept).
///
/// Guarantees of the result (measured by applying the final rule to every training sample):
/// the average squared error per dimension is at most the target, and every important sample
/// is within its tolerance (codewords are added at the end for any sample that no codeword
/// meets, so there are zero violations).
///
/// References: K. Rose, "Deterministic annealing for clustering, compression, classification,
/// regression, and related optimization problems", Proc. IEEE 86 (1998); P. A. Chou,
/// T. Lookabaugh, R. M. Gray, "Entropy-constrained vector quantization", IEEE Trans. ASSP 37 (1989).
public struct QuantizerDesigner: Sendable {
    /// Annealing stages K (τ runs geometrically from 1 to ``finalTemperature``; default 24).
    public var stageCount: Int
    /// τ_min (default 1e-3).
    public var finalTemperature: Double
    /// A stage stops when `F_τ` changes by less than this, relatively (default 1e-7).
    public var stageTolerance: Double
    /// The most iterations in one stage (default ``defaultStageIterationCap``; a damped Newton
    /// step counts one per slope fit, `Annealer+StageNewton.swift`).
    public var maximumIterationsPerStage: Int
    /// The initial grid size; nil chooses it from the target (a few hundred to two thousand points).
    public var initialCodewords: Int?
    /// A user-given initial codebook (one codeword per row, the samples' dimension) used in
    /// place of the grid; nil builds the grid. Codewords are still added at important samples
    /// it cannot serve within the tolerance. It takes precedence over ``initialCodewords``.
    public var initialCodebook: TrainingSamples?
    /// Codewords with mass below this are pruned (default 1e-9).
    public var pruningThreshold: Double
    /// Whether to solve the τ = 1 convex program with the certified solver (default true).
    public var computesRelaxation: Bool
    /// Wall-clock seconds the τ = 1 relaxation may take, both solves together (default 10; nil:
    /// no limit). When it runs out the bound certified so far is reported, marked as such.
    public var relaxationTimeLimit: Double?
    /// How the samples become atoms.
    public var sourceOptions: EmpiricalSource.Options
    /// The most hard-Lloyd polish iterations per round (default 40).
    public var polishIterations: Int
    /// The exact scalar stage run beside annealing (nil: not run). Scalar data only.
    public var intervalProgramme: IntervalProgramme?
    /// Whether to anneal (default true): the path of I, H(Y), H(Y|X) over τ and a second
    /// candidate; the deployed quantiser is the better of the two.
    public var anneals: Bool
    /// Whether annealing may start beside a relaxation still running after a quarter of its
    /// budget (default true; docs/quantiser-design.md, "Steps and their order"). False always
    /// anneals after the relaxation, from its law: slower when the relaxation is long, but then
    /// the machine's speed reaches the design only through the relaxation's own budget.
    public var mayAnnealBesideRelaxation = true
    /// Whether to certify the bound on R(D) of the data over every reconstruction
    /// (``RealLineBound``, scalar data; default false: it costs about as much as the relaxation).
    public var computesDataBound = false

    /// The default cap on one stage's iterations: about twice the most any stage needed to
    /// settle in the designs measured in docs/quantiser-design.md ("Stages that do not
    /// settle"), 446 on 20,000 Laplace samples with |x| > 2 held to D/10 at D = 0.001. A stage
    /// that reaches it is reported as not settled.
    public static let defaultStageIterationCap = 1000

    /// The relaxation's default time budget in seconds.
    public static let defaultRelaxationSeconds = 10.0

    /// Creates a designer with the defaults of docs/quantiser-design.md.
    public init(
        stageCount: Int = 24, finalTemperature: Double = 1e-3, stageTolerance: Double = 1e-7,
        maximumIterationsPerStage: Int = QuantizerDesigner.defaultStageIterationCap,
        initialCodewords: Int? = nil,
        pruningThreshold: Double = 1e-9,
        computesRelaxation: Bool = true, sourceOptions: EmpiricalSource.Options = .init(),
        polishIterations: Int = 40, intervalProgramme: IntervalProgramme? = IntervalProgramme(),
        anneals: Bool = true,
        relaxationTimeLimit: Double? = QuantizerDesigner.defaultRelaxationSeconds
    ) {
        self.relaxationTimeLimit = relaxationTimeLimit
        self.intervalProgramme = intervalProgramme
        self.anneals = anneals
        self.stageCount = stageCount
        self.finalTemperature = finalTemperature
        self.stageTolerance = stageTolerance
        self.maximumIterationsPerStage = maximumIterationsPerStage
        self.initialCodewords = initialCodewords
        self.pruningThreshold = pruningThreshold
        self.computesRelaxation = computesRelaxation
        self.sourceOptions = sourceOptions
        self.polishIterations = polishIterations
    }

    /// The most codewords a design may start from (``initialCodewords``, `--codewords`):
    /// 65,536, thirty times the default grid; each annealing pass costs O(n·m).
    public static let maximumInitialCodewords = 1 << 16

    /// The most annealing stages (``stageCount``, `--stages`): 10,000.
    public static let maximumStageCount = 10_000

    /// The steps of a design, in the words a progress line shows (`rawValue`).
    public enum Phase: String, Sendable, CaseIterable {
        /// Building the atoms and the initial grid.
        case source
        /// The interval programme (scalar data).
        case intervalProgramme = "interval programme"
        /// The certified τ = 1 relaxation.
        case relaxation
        /// Deterministic annealing.
        case annealing
        /// The certified bound on R(D) over every reconstruction.
        case dataBound = "bound over every reconstruction"
        /// The hard rule's slope on the samples, and the polish.
        case hardRule = "hard rule"
    }

    /// Progress of a design, for a CLI progress line.
    public struct Progress: Sendable {
        /// The step running.
        public var phase: Phase
        /// The annealing stage (0-based) or nil.
        public var stage: Int?
        /// The current temperature, if annealing.
        public var temperature: Double?
        /// Live codewords.
        public var liveCodewords: Int
    }

    /// Rejects a target, tolerance or setting out of range (each named in the error).
    /// - Throws: ``QuantizationError/invalidTargetDistortion(_:)`` or
    ///   ``QuantizationError/invalidParameter(name:value:)``.
    func validate(targetDistortion: Double, importantTolerance: Double?) throws(QuantizationError) {
        guard targetDistortion.isFinite, targetDistortion > 0 else {
            throw .invalidTargetDistortion(targetDistortion)
        }
        if let t = importantTolerance, !(t.isFinite && t >= 0) {
            throw .invalidParameter(name: "tolerance", value: t)
        }
        guard (1...Self.maximumStageCount).contains(stageCount) else {
            throw .invalidParameter(name: "stageCount", value: Double(stageCount))
        }
        guard finalTemperature > 0, finalTemperature <= 1 else {
            throw .invalidParameter(name: "finalTemperature", value: finalTemperature)
        }
        if let m = initialCodewords, !(1...Self.maximumInitialCodewords).contains(m) {
            throw .invalidParameter(name: "codewords", value: Double(m))
        }
        if let t = relaxationTimeLimit, !(t > 0) {
            throw .invalidParameter(name: "relaxationTimeLimit", value: t)
        }
    }
}
