import ArgumentParser
import SampleCompression

extension Predictor.Kind: ExpressibleByArgument {
    public init?(argument: String) {
        guard let kind = Self.allCases.first(where: { $0.name == argument }) else { return nil }
        self = kind
    }

    /// The names, not the raw values, in `--help` and in the message for a bad value.
    public static var allValueStrings: [String] { allCases.map(\.name) }

    public var defaultValueDescription: String { name }

    /// One line per predictor in `--help` (without it the list showed each name with an empty
    /// description).
    public static var allValueDescriptions: [String: String] {
        Dictionary(uniqueKeysWithValues: allCases.map { ($0.name, $0.summary) })
    }

    /// What the predictor does, in a few words.
    var summary: String {
        switch self {
        case .none: "no prediction: every value coded alone"
        case .previous: "the previous value"
        case .lorenzo2: "Lorenzo of order 2 (linear extrapolation from two values)"
        case .lorenzo3: "Lorenzo of order 3 (quadratic extrapolation from three values)"
        case .lorenzo2D: "west + north − north-west, on a 2-D array"
        case .lorenzo3D: "the 3-D Lorenzo stencil, on a field's last three axes"
        case .linear: "least-squares linear prediction from the previous values"
        case .linearStencil: "least squares on the neighbours to the west and north (and above)"
        case .interpolation: "coarse to fine, cubic from reconstructions on both sides"
        case .linearInterpolation: "coarse to fine, the midpoint of the two nearest"
        case .interpolation3D: "interpolation across a field's planes too, cubic"
        case .linearInterpolation3D: "interpolation across a field's planes too, midpoint"
        }
    }
}

/// `compress`'s bounds and predictor when it designs the residual quantiser itself.
struct PredictiveOptions: ParsableArguments {
    @Option(help: "The bound on the mean squared error of the reconstruction.")
    var targetDistortion: Double?

    @Option(help: "The bound on every sample's absolute error (a strict pointwise bound).")
    var maxError: Double?

    @Option(
        help:
            "The bound on every sample's absolute error as a fraction of the data's value range (max − min); with --max-error the tighter of the two holds."
    )
    var relativeError: Double?

    @Option(
        help:
            "The bound on every important sample's squared error, with --important (default: D/10, or E²/10 with --max-error alone)."
    )
    var tolerance: Double?

    @Option(
        help: ArgumentHelp(
            "The predictor: none, previous, lorenzo2, lorenzo3, lorenzo-2d, lorenzo-3d, linear, linear-stencil, interpolation, interpolation-linear, interpolation-3d or interpolation-3d-linear (default: the one of least measured rate).",
            discussion:
                "lorenzo-2d and linear-stencil apply to 2-D .npy arrays (and CSV rows), lorenzo-3d and interpolation-3d(-linear) to .npy fields of 3 or more dimensions (their last three axes), lorenzo2 and lorenzo3 to signals only (one value a row: on arrays lorenzo-2d and lorenzo-3d take their place); interpolation visits the values coarse to fine (on a 2-D array along both axes), predicting each from reconstructions on both sides by a cubic, or with -linear by the midpoint of the nearest two; the others predict along the values in file order."
        ))
    var predictor: Predictor.Kind?

    /// Whether any of these options was given.
    var isGiven: Bool {
        targetDistortion != nil || maxError != nil || relativeError != nil || tolerance != nil
            || predictor != nil
    }

    /// Whether a bound for a design was given.
    var hasBound: Bool { targetDistortion != nil || maxError != nil || relativeError != nil }

    func validate() throws {
        if let targetDistortion, !(targetDistortion.isFinite && targetDistortion > 0) {
            throw ValidationError("--target-distortion must be finite and > 0")
        }
        if let maxError, !(maxError.isFinite && maxError > 0) {
            throw ValidationError("--max-error must be finite and > 0")
        }
        if let relativeError, !(relativeError.isFinite && relativeError > 0) {
            throw ValidationError("--relative-error must be finite and > 0")
        }
        if let tolerance, !(tolerance.isFinite && tolerance >= 0) {
            throw ValidationError("--tolerance must be finite and ≥ 0")
        }
    }

    /// The settings for data spanning `range` (max − min); the tolerance applies when samples
    /// are marked important.
    func settings(hasImportance: Bool, range: Double) -> PredictiveSettings {
        .resolving(
            targetDistortion: targetDistortion, maximumError: maxError,
            relativeError: relativeError, tolerance: tolerance, range: range,
            hasImportance: hasImportance, predictor: predictor)
    }
}
