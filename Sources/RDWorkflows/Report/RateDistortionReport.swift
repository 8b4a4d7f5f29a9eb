import RDInterchange
import RDPlot
import SampleCompression

/// The content of an rdopt report (`rdopt demo`, `rdopt design --report`): the certified
/// relaxation, the R(D) curve, the designed quantiser, the baselines and the compression, each
/// optional, assembled into one self-contained `HTMLReport` with five figures:
/// (a) the R–D curve, (b) the annealing path, (c) fidelity prices, (d) the quantiser map and
/// (e) the bit accounting. A figure whose data is absent is left out.
public struct RateDistortionReport: Sendable {
    /// The certified convex relaxation at the target distortion (all rates in bits per sample).
    public struct Relaxation: Sendable, Equatable {
        public var rateBits: Double
        public var lowerBoundBits: Double
        public var distortion: Double
        /// The slope s = −R′(D) in nats per unit of distortion.
        public var slope: Double
        /// Constrained elements whose bound is exceeded (0 for a certified solution).
        public var violations: Int

        /// Creates the relaxation's figures.
        public init(
            rateBits: Double, lowerBoundBits: Double, distortion: Double, slope: Double,
            violations: Int = 0
        ) {
            self.rateBits = rateBits
            self.lowerBoundBits = lowerBoundBits
            self.distortion = distortion
            self.slope = slope
            self.violations = violations
        }

        /// The duality gap in bits.
        public var gapBits: Double { max(0, rateBits - lowerBoundBits) }
    }

    /// A hard quantiser measured on the data: the designed one or a baseline.
    public struct MeasuredQuantizer: Sendable, Equatable {
        /// The name, e.g. `designed (hard rule)` or `ECSQ Lloyd`.
        public var name: String
        /// H(Y) of the output indices, bits per sample.
        public var entropyBits: Double
        /// Mean squared error per dimension.
        public var distortion: Double
        /// Codewords used.
        public var codewords: Int
        /// Important samples outside their tolerance, if the method honours one (nil: ignores it).
        public var violations: Int?
        /// The largest squared error among important samples.
        public var importantMaxDistortion: Double?
        /// The method's lower convex hull of (distortion, bits), for the R–D figure.
        public var hull: [PlotPoint]

        /// Creates a measured quantiser.
        public init(
            name: String, entropyBits: Double, distortion: Double, codewords: Int,
            violations: Int? = nil,
            importantMaxDistortion: Double? = nil, hull: [PlotPoint] = []
        ) {
            self.name = name
            self.entropyBits = entropyBits
            self.distortion = distortion
            self.codewords = codewords
            self.violations = violations
            self.importantMaxDistortion = importantMaxDistortion
            self.hull = hull
        }
    }

    /// A compress → decompress round trip.
    public struct Compression: Sendable, Equatable {
        public var samples: Int
        public var bytes: Int
        public var bitsPerSample: Double
        public var distortion: Double
        /// Whether the decoded indices equal the encoded ones.
        public var isRoundTripExact: Bool

        /// Creates the round trip's figures.
        public init(
            samples: Int, bytes: Int, bitsPerSample: Double, distortion: Double,
            isRoundTripExact: Bool
        ) {
            self.samples = samples
            self.bytes = bytes
            self.bitsPerSample = bitsPerSample
            self.distortion = distortion
            self.isRoundTripExact = isRoundTripExact
        }
    }

    /// The page title.
    public var title: String
    /// A line under the title.
    public var subtitle: String?
    /// Paragraphs describing the data.
    public var dataDescription: [String]
    /// The target distortion D.
    public var targetDistortion: Double?
    /// The per-sample tolerance D' of important samples, if any.
    public var importantTolerance: Double?
    /// The certified relaxation at the target.
    public var relaxation: Relaxation?
    /// The traced R(D) curve.
    public var curve: [RateDistortionCurvePoint]
    /// The designed quantiser, measured on the data.
    public var designed: MeasuredQuantizer?
    /// How the designed quantiser was made (shown under its figures).
    public var designNote: String?
    /// Annealing stages of the design, if it annealed.
    public var stages: [AnnealingStage]
    /// The quantiser map, for scalar data.
    public var map: QuantizerMapData?
    /// Fidelity prices per class.
    public var prices: [FidelityPriceSet]
    /// Baselines on the same data.
    public var baselines: [MeasuredQuantizer]
    /// The compression round trip.
    public var compression: Compression?
    /// The options of the run.
    public var settings: [ReportRow]
    /// The command that reproduces the report.
    public var command: String?
    /// Small print.
    public var footer: String?
    /// The certified lower bound on `H(Y)` of every interval quantiser of the samples meeting
    /// the bounds (scalar designs), bits per sample.
    public var intervalBoundBits: Double? = nil
    /// The certified lower bound on R(D) of the samples over every reconstruction (any real
    /// numbers), when computed.
    public var dataBoundBits: Double? = nil

    /// Creates a report; everything but the title is optional.
    public init(
        title: String, subtitle: String? = nil, dataDescription: [String] = [],
        targetDistortion: Double? = nil,
        importantTolerance: Double? = nil, relaxation: Relaxation? = nil,
        curve: [RateDistortionCurvePoint] = [],
        designed: MeasuredQuantizer? = nil, designNote: String? = nil,
        stages: [AnnealingStage] = [],
        map: QuantizerMapData? = nil, prices: [FidelityPriceSet] = [],
        baselines: [MeasuredQuantizer] = [],
        compression: Compression? = nil, settings: [ReportRow] = [], command: String? = nil,
        footer: String? = nil
    ) {
        self.title = title
        self.subtitle = subtitle
        self.dataDescription = dataDescription
        self.targetDistortion = targetDistortion
        self.importantTolerance = importantTolerance
        self.relaxation = relaxation
        self.curve = curve
        self.designed = designed
        self.designNote = designNote
        self.stages = stages
        self.map = map
        self.prices = prices
        self.baselines = baselines
        self.compression = compression
        self.settings = settings
        self.command = command
        self.footer = footer
    }
}
