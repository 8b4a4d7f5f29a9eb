import Foundation

/// The uniform threshold quantiser with entropy coding: the simple practical baseline.
///
/// Thresholds lie on a grid anchored at ``origin``: a zero cell of width `z·Δ` centred on the
/// origin (`z` the dead-zone width in steps; `z = 1` is the plain mid-tread quantiser), then
/// cells of width `Δ` outwards; cells are half-open `(a, b]`. Each cell reconstructs at the
/// centroid of its samples, and the rate is the output entropy `H(Y)`, what an ideal entropy
/// coder achieves. At high rate it is within 0.254 bit of R(D) for smooth densities
/// (Gish & Pierce, "Asymptotically efficient quantizing", IEEE Trans. IT 14(5), 1968).
/// Vectors use the same grid on every coordinate (a cubic lattice).
///
/// The step for a target is found by a 1-D search: the distortion grows with `Δ` (not
/// strictly — centroids and cell edges move in steps), so the search brackets the target by
/// doubling or halving, bisects the bracket, then scans a fine grid of steps around the last
/// feasible one and keeps the lowest-entropy quantiser that meets the target.
public struct UniformThresholdQuantizer: Sendable, Equatable {
    /// The dead-zone widths `z ≥ 1` (in steps) to try; default `[1]`, no dead zone.
    public var deadZoneWidths: [Double]
    /// The centre of the zero cell (default 0).
    public var origin: Double
    /// Bisection steps on `Δ` after bracketing.
    public var bisectionSteps: Int
    /// The number of steps in the final fine grid.
    public var refinementPoints: Int
    /// The fine grid spans `Δ/s` to `Δ·s` around the last feasible step.
    public var refinementSpan: Double

    /// Creates a configuration.
    public init(
        deadZoneWidths: [Double] = [1], origin: Double = 0, bisectionSteps: Int = 40,
        refinementPoints: Int = 200, refinementSpan: Double = 1.1
    ) {
        self.deadZoneWidths = deadZoneWidths
        self.origin = origin
        self.bisectionSteps = bisectionSteps
        self.refinementPoints = refinementPoints
        self.refinementSpan = refinementSpan
    }

    /// The lowest-entropy uniform threshold quantiser found whose distortion on `samples` is
    /// at most `targetDistortion`.
    ///
    /// - Parameters:
    ///   - samples: the training samples (importance flags are ignored).
    ///   - targetDistortion: `D ≥ 0`, squared error per dimension.
    /// - Returns: the quantiser measured on every sample, with the lower convex hull of the
    ///   steps visited.
    /// - Throws: `QuantizationError.invalidTargetDistortion`, `.invalidParameter` for a bad
    ///   configuration, `.targetNotReached` when no step up to the data's resolution meets
    ///   the target (for instance `D = 0` on data with very close distinct values).
    /// - Complexity: scalars O(N log N) once, then O((range/Δ) log n) per step tried; vectors
    ///   O(N·k) per step tried. About `|deadZoneWidths|·(bisectionSteps + refinementPoints + 10)`
    ///   steps are tried.
    public func design(
        for samples: TrainingSamples, targetDistortion: Double
    ) throws(QuantizationError) -> BaselineResult {
        try validate(targetDistortion: targetDistortion)
        let evaluator = UniformEvaluator(samples: samples, origin: origin)
        return try evaluator.search(target: targetDistortion, configuration: self)
    }

    /// The uniform threshold quantiser with the given step and dead zone, measured on
    /// `samples`.
    ///
    /// - Parameters:
    ///   - samples: the training samples.
    ///   - step: `Δ > 0`.
    ///   - deadZoneWidth: `z ≥ 1`, the zero cell's width in steps.
    /// - Returns: the quantiser measured on every sample; its hull is its own point.
    /// - Throws: `QuantizationError.invalidParameter` for a bad step or dead zone, or a step
    ///   so fine for the data range that the grid would exceed 10^7 cells per coordinate.
    /// - Complexity: O(N log N) for scalars (sorting), O(N·k) for vectors.
    public func quantizer(
        for samples: TrainingSamples, step: Double, deadZoneWidth: Double = 1
    ) throws(QuantizationError) -> BaselineResult {
        guard step.isFinite, step > 0 else { throw .invalidParameter(name: "step", value: step) }
        guard deadZoneWidth.isFinite, deadZoneWidth >= 1 else {
            throw .invalidParameter(name: "deadZoneWidth", value: deadZoneWidth)
        }
        try validate()
        let evaluator = UniformEvaluator(samples: samples, origin: origin)
        guard evaluator.isUsable(step: step) else {
            throw .invalidParameter(name: "step", value: step)
        }
        return evaluator.result(step: step, deadZoneWidth: deadZoneWidth, hull: nil)
    }

    func validate() throws(QuantizationError) {
        guard !deadZoneWidths.isEmpty else {
            throw .invalidParameter(name: "deadZoneWidths.count", value: 0)
        }
        if let z = deadZoneWidths.first(where: { !($0.isFinite && $0 >= 1) }) {
            throw .invalidParameter(name: "deadZoneWidths", value: z)
        }
        guard origin.isFinite, abs(origin) <= TrainingSamples.largestMagnitude else {
            throw .invalidParameter(name: "origin", value: origin)
        }
        guard refinementSpan.isFinite, refinementSpan >= 1 else {
            throw .invalidParameter(name: "refinementSpan", value: refinementSpan)
        }
    }
}
