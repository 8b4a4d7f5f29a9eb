import ArgumentParser
import SampleCompression

extension Predictor.Kind: ExpressibleByArgument {
    public init?(argument: String) {
        guard let kind = Self.allCases.first(where: { $0.name == argument }) else { return nil }
        self = kind
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
            "The bound on every important sample's squared error, with --important (default: D/10, or E²/10 with --max-error alone)."
    )
    var tolerance: Double?

    @Option(
        help: ArgumentHelp(
            "The predictor: none, previous, lorenzo2, lorenzo3, lorenzo-2d or linear (default: the one of least measured rate).",
            discussion:
                "lorenzo-2d applies to 2-D .npy arrays (and CSV rows); the others predict along the values in file order."
        ))
    var predictor: Predictor.Kind?

    /// Whether any of these options was given.
    var isGiven: Bool {
        targetDistortion != nil || maxError != nil || tolerance != nil || predictor != nil
    }

    /// Whether a bound for a design was given.
    var hasBound: Bool { targetDistortion != nil || maxError != nil }

    func validate() throws {
        if let targetDistortion, !(targetDistortion.isFinite && targetDistortion > 0) {
            throw ValidationError("--target-distortion must be finite and > 0")
        }
        if let maxError, !(maxError.isFinite && maxError > 0) {
            throw ValidationError("--max-error must be finite and > 0")
        }
        if let tolerance, !(tolerance.isFinite && tolerance >= 0) {
            throw ValidationError("--tolerance must be finite and ≥ 0")
        }
    }

    /// The settings; the tolerance applies when samples are marked important.
    func settings(hasImportance: Bool) -> PredictiveSettings {
        let reference = targetDistortion ?? maxError.map { $0 * $0 } ?? 0
        return PredictiveSettings(
            targetDistortion: targetDistortion, maximumError: maxError,
            importantTolerance: hasImportance ? (tolerance ?? reference / 10) : nil,
            predictor: predictor)
    }
}
