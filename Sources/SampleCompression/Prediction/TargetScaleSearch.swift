/// The search for the scale on a predicted design's distortion target that brings the whole
/// data's mean squared error close under the target (``PredictivePlan``).
///
/// The error is a step function of the scale (the interval programme picks one quantiser from
/// a discrete family, and the closed loop over the whole data drifts from the design blocks):
/// on a speech signal at var/100, scales 0.99 and 1.03 gave 0.83 and 1.03 of the target. So
/// the next scale is the secant guess `scale · 0.99 · target / mse` only while it falls inside
/// the bracket of the largest scale that met the target and the smallest that did not, and
/// their geometric mean otherwise.
struct TargetScaleSearch {
    let target: Double
    /// The largest scale whose error met the target, and the smallest whose error did not.
    private var met = 0.0
    private var missed = Double.infinity

    init(target: Double) { self.target = target }

    /// Records the error `mse` of a design at `scale`; returns the scale to try next.
    mutating func next(after scale: Double, mse: Double) -> Double {
        if mse <= target { met = max(met, scale) } else { missed = min(missed, scale) }
        // Never so large that the design's step, √(12 · scale · target), overflows: a target
        // far above the data's variance (10^300 on speech) is met by any design, and the
        // secant guess grew by 10^293 a retry.
        let guess = min(scale * 0.99 * target / mse, Self.largestScale(target: target))
        guard met > 0, missed.isFinite else { return guess }
        let inside = guess > met * Self.bracketMargin && guess < missed / Self.bracketMargin
        return inside ? guess : (met * missed).squareRoot()
    }

    /// How far inside the bracket a secant guess must fall (relative) to be taken.
    static let bracketMargin = 1.001

    /// The largest scale on `target` whose design step stays finite (at most 10^6).
    static func largestScale(target: Double) -> Double {
        min(1e6, .greatestFiniteMagnitude / (16 * max(target, 1)))
    }
}
