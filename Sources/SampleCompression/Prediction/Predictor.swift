/// How `rdopt compress` predicts each sample from already reconstructed neighbours before the
/// residual is quantised (closed-loop prediction, docs/formats.md, "Prediction").
///
/// A neighbour is *available* when it lies inside the array and inside the same chunk of the
/// `.rdq` file (prediction restarts at every chunk, so chunks decode independently); an
/// unavailable neighbour counts as ``origin``. Every prediction is computed in double
/// precision by the same sequence of operations in the encoder and the decoder.
public struct Predictor: Sendable, Equatable {
    /// The family of the prediction.
    public enum Kind: UInt8, Sendable, CaseIterable {
        /// Every sample is predicted as ``Predictor/origin`` (no prediction).
        case none = 0
        /// The previous sample (Lorenzo of order 1): `r[i−1]`.
        case previous = 1
        /// Lorenzo of order 2: `2 r[i−1] − r[i−2]`.
        case lorenzo2 = 2
        /// Lorenzo of order 3: `3 r[i−1] − 3 r[i−2] + r[i−3]`.
        case lorenzo3 = 3
        /// Lorenzo on a 2-D array of rows of ``Predictor/extents``[0] values:
        /// `W + N − NW`.
        case lorenzo2D = 4
        /// Lorenzo on a 3-D array of planes of ``Predictor/extents`` = `[rows, row length]`:
        /// `W + N + U − NW − NU − WU + NWU`.
        case lorenzo3D = 5
        /// Least-squares linear prediction: `origin + Σ_k a_k (r[i−k] − origin)`.
        case linear = 6
        /// Linear prediction on chosen lags (for a 2-D array: west, north and their
        /// neighbours): `origin + Σ_k a_k (r[i−lag_k] − origin)`.
        case linearStencil = 7
        /// Multilevel interpolation, coarse to fine, along a signal or the rows and columns of
        /// a 2-D array of rows of ``Predictor/extents``[0] values (1 for a signal): cubic
        /// `(−a′ + 9a + 9b − b′) / 16` from the reconstructed samples on both sides.
        case interpolation = 8
        /// Multilevel interpolation across the planes, rows and columns of a field of planes of
        /// ``Predictor/extents`` = `[rows, row length]`, with the same formulas.
        case interpolation3D = 9
        /// ``interpolation`` with the midpoint `(a + b) / 2` of the two nearest neighbours
        /// (`a` with no right neighbour): on noisy or sharp-edged data the cubic's far
        /// neighbours add more error than they remove.
        case linearInterpolation = 10
        /// ``interpolation3D`` with the midpoint of the two nearest neighbours.
        case linearInterpolation3D = 11

        /// Whether the kind is multilevel interpolation (cubic or linear, 2-D or 3-D).
        public var interpolates: Bool { rawValue >= Self.interpolation.rawValue }

        /// Whether the kind interpolates across the planes of a field as well.
        public var interpolatesFields: Bool {
            self == .interpolation3D || self == .linearInterpolation3D
        }

        /// Whether the kind interpolates with the midpoint (linear) instead of the cubic.
        public var interpolatesLinearly: Bool {
            self == .linearInterpolation || self == .linearInterpolation3D
        }

        /// The name `rdopt compress --predictor` takes and reports.
        public var name: String {
            switch self {
            case .none: "none"
            case .previous: "previous"
            case .lorenzo2: "lorenzo2"
            case .lorenzo3: "lorenzo3"
            case .lorenzo2D: "lorenzo-2d"
            case .lorenzo3D: "lorenzo-3d"
            case .linear: "linear"
            case .linearStencil: "linear-stencil"
            case .interpolation: "interpolation"
            case .interpolation3D: "interpolation-3d"
            case .linearInterpolation: "interpolation-linear"
            case .linearInterpolation3D: "interpolation-3d-linear"
            }
        }
    }

    /// The family.
    public var kind: Kind
    /// The value that stands for every unavailable neighbour (and the prediction of `none`).
    public var origin: Double
    /// The inner extents of the array: `[row length]` for 2-D, `[rows, row length]` for 3-D
    /// (Lorenzo 3-D and 3-D interpolation); empty otherwise.
    public var extents: [Int]
    /// The coefficients `a_1 … a_p` of a linear predictor; empty otherwise.
    public var coefficients: [Double]
    /// The lags of a stencil's terms (``Kind/linearStencil``); empty otherwise.
    public var lags: [Int] = []
    /// For interpolation: the factor `levelScales[k]` on the residual codewords of level
    /// h = 2^k (levels beyond the list take its last entry); empty: 1 at every level. Coarse
    /// levels get finer codewords, since their errors feed every finer level's prediction
    /// (docs/formats.md, "Level scales").
    public var levelScales: [Double] = []
    /// When set, every prediction is rounded to the multiples of `2^gridExponent`, the grid the
    /// data's values lie on (`GridSnappedPrediction`): a file written without loss on that
    /// grid (docs/formats.md, "Prediction"). Nil: predictions are used as computed.
    public var gridExponent: Int? = nil
    /// The row of the activity of a sequential predictor's values (``ActivityContexts/row(extents:)``,
    /// from the data's shape; not stored in the file): 0 for a signal.
    var activityRow = 0
    /// Whether a sequential predictor's codings collect each value's activity for the
    /// contexts (not stored in the file): the design clears it when the contexts did not pay
    /// on its blocks, so that long stationary data is not slowed by them (10^7 values of an
    /// AR(1) signal: 0.66 s without, 0.95 s with, for the same file).
    var tracksActivity = true

    /// With ``gridExponent``: the data's values are whole multiples of `1/gridDivisor`, and
    /// the predictor codes them multiplied by it (whole numbers, on the grid of
    /// `2^gridExponent`); the decoder divides each reconstruction by it
    /// (docs/formats.md, "Data on a scaled grid"). Nil: the values are coded as they are.
    public var gridDivisor: Int? = nil
    /// How the decoder divides by ``gridDivisor``: by it, or by multiplying by its inverse.
    var gridDivision = ScaledGrid.Division.divide

    /// The grid's unit in the data's own values: `2^gridExponent`, divided by the
    /// ``gridDivisor`` when there is one.
    public var gridUnit: Double? {
        gridExponent.map {
            Double(sign: .plus, exponent: $0, significand: 1) / Double(gridDivisor ?? 1)
        }
    }

    /// The lag of each linear term: `1 … p` for ``Kind/linear``, ``lags`` for a stencil.
    var termLags: [Int] { kind == .linear ? Array(1...max(1, coefficients.count)) : lags }

    /// Creates a predictor (`PredictionField` checks the fields of one read from a file).
    public init(
        kind: Kind, origin: Double = 0, extents: [Int] = [], coefficients: [Double] = [],
        lags: [Int] = []
    ) {
        self.kind = kind
        self.origin = origin
        self.extents = extents
        self.coefficients = coefficients
        self.lags = lags
    }

    /// A short description: the name, with the extents or the order.
    public var description: String {
        guard let gridExponent else { return descriptionWithoutGrid }
        let unit = (0..<63).contains(gridExponent) ? "\(1 << gridExponent)" : "2^\(gridExponent)"
        guard let gridDivisor else {
            return "\(descriptionWithoutGrid), rounded to the grid of \(unit)"
        }
        return "\(descriptionWithoutGrid), rounded to the grid of \(unit)/\(gridDivisor)"
    }

    /// The description without the grid.
    var descriptionWithoutGrid: String {
        switch kind {
        case .lorenzo2D, .lorenzo3D:
            "\(kind.name) \(extents.map(String.init).joined(separator: "×"))"
        case .interpolation where (extents.first ?? 1) > 1:
            "\(kind.name) 2-D, rows of \(extents[0])"
        case .linearInterpolation where (extents.first ?? 1) > 1:
            "linear interpolation 2-D, rows of \(extents[0])"
        case .linearInterpolation: "linear interpolation"
        case .interpolation3D, .linearInterpolation3D:
            "\(kind.interpolatesLinearly ? "linear " : "")interpolation 3-D, planes of \(extents.map(String.init).joined(separator: "×"))"
        case .linear: "\(kind.name) order \(coefficients.count)"
        case .linearStencil: "\(kind.name) lags \(lags.map(String.init).joined(separator: ","))"
        default: kind.name
        }
    }

    /// The most coefficients a linear predictor may have.
    public static let maximumLinearOrder = 64

    public static func == (a: Self, b: Self) -> Bool {
        a.kind == b.kind && a.origin.bitPattern == b.origin.bitPattern && a.extents == b.extents
            && a.coefficients.map(\.bitPattern) == b.coefficients.map(\.bitPattern)
            && a.lags == b.lags
            && a.levelScales.map(\.bitPattern) == b.levelScales.map(\.bitPattern)
            && a.gridExponent == b.gridExponent && a.gridDivisor == b.gridDivisor
            && a.gridDivision == b.gridDivision
    }
}
