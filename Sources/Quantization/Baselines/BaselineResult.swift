/// A baseline quantiser designed on samples, with its measured rate and distortion and the
/// lower convex hull of the operating points its search visited.
///
/// `entropyBits` and `distortion` are measured by applying the quantiser's own encoding
/// rule to every sample (`H(Y)` of the output indices, and the mean squared error per
/// dimension), not on a histogram.
public struct BaselineResult: Sendable, Equatable {
    /// The baseline methods of docs/quantiser-design.md.
    public enum Method: String, Sendable, Equatable, CaseIterable {
        /// Entropy-constrained Lloyd (Chou, Lookabaugh & Gray 1989).
        case entropyConstrainedLloyd = "ecsq"
        /// Uniform threshold quantiser with entropy coding.
        case uniformThreshold = "uniform"
        /// Fixed-rate Lloyd–Max (Lloyd 1982; Max 1960).
        case lloydMax = "lloyd-max"
    }

    /// The parameters of the encoding rule, enough to apply the quantiser to new samples.
    public enum EncodingRule: Sendable, Equatable {
        /// `j(x) = argmin_j d(x, y_j) + λ·(−log2 q_j)`.
        case entropyConstrained(lagrangeMultiplier: Double)
        /// Thresholds on a grid anchored at `origin`: a zero cell of width
        /// `deadZoneWidth·step` centred on `origin`, then cells of width `step`, each
        /// coordinate on its own (a cubic lattice for vectors). Cells are `(a, b]`.
        case uniform(step: Double, deadZoneWidth: Double, origin: Double)
        /// Nearest codeword: `j(x) = argmin_j d(x, y_j)`.
        case nearestNeighbour
    }

    /// How the quantiser was made.
    public let method: Method
    /// The number of coordinates of a codeword, `k`.
    public let dimension: Int
    /// The codewords (reconstruction points), row-major `m × k`, each its cell's centroid.
    public let codebook: [Double]
    /// The output law `q_j` on the samples (every entry positive).
    public let probabilities: [Double]
    /// The encoding rule that maps a sample to a codeword index.
    public let rule: EncodingRule
    /// `H(Y)` in bits of the output indices over the samples.
    public let entropyBits: Double
    /// Mean squared error per dimension over the samples.
    public let distortion: Double
    /// The lower convex hull of the operating points the method found, distortion ascending.
    public let hull: [OperatingPoint]

    /// The number of codewords, `m`.
    public var codewordCount: Int { probabilities.count }

    /// This quantiser's operating point.
    public var operatingPoint: OperatingPoint {
        OperatingPoint(distortion: distortion, entropyBits: entropyBits)
    }

    /// Creates a result; `codebook.count` must be `probabilities.count × dimension`.
    public init(
        method: Method, dimension: Int, codebook: [Double], probabilities: [Double],
        rule: EncodingRule, entropyBits: Double, distortion: Double, hull: [OperatingPoint]
    ) {
        precondition(codebook.count == probabilities.count * dimension, "codebook size mismatch")
        self.method = method
        self.dimension = dimension
        self.codebook = codebook
        self.probabilities = probabilities
        self.rule = rule
        self.entropyBits = entropyBits
        self.distortion = distortion
        self.hull = hull
    }
}
