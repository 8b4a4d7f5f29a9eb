import Quantization

/// A sweep of the important samples' tolerance (`rdopt tolerance-sweep`): one design per
/// tolerance D′, and the measured price of fidelity between neighbouring tolerances.
public struct ToleranceSweepRun: Sendable {
    /// One tolerance and the design made for it.
    public struct Point: Sendable {
        /// D′, the per-sample tolerance of the important samples.
        public var tolerance: Double
        /// The design at that tolerance.
        public var report: DesignReport
        /// Wall-clock seconds of the design.
        public var seconds: Double
    }

    /// The points, by increasing tolerance.
    public var points: [Point]

    /// Designs `samples` at `targetDistortion` for each of `tolerances` (increasing), reporting
    /// each design's progress with the index of its tolerance.
    /// - Throws: the first design's error (`QuantizationError`).
    public init(
        designer: QuantizerDesigner, samples: TrainingSamples, targetDistortion: Double,
        tolerances: [Double],
        progress: ((_ index: Int, _ state: QuantizerDesigner.Progress) -> Void)? = nil
    ) throws(QuantizationError) {
        let clock = ContinuousClock()
        points = []
        for (index, tolerance) in tolerances.enumerated() {
            let started = clock.now
            let report = try designer.design(
                for: samples, targetDistortion: targetDistortion, importantTolerance: tolerance
            ) { state in progress?(index, state) }
            points.append(
                Point(
                    tolerance: tolerance, report: report,
                    seconds: (clock.now - started) / .seconds(1)))
        }
    }

    /// The measured price of fidelity at point `index`: `(H(D′_{i−1}) − H(D′_i)) / (D′_i −
    /// D′_{i−1})`, the bits saved per unit by which the tolerance grew since the previous point
    /// (nil for the first point). Designs are not exact optima, so it need not be monotone,
    /// nor even positive.
    public func measuredPrice(at index: Int) -> Double? {
        guard index > 0 else { return nil }
        let previous = points[index - 1]
        let point = points[index]
        return (previous.report.training.entropyBits - point.report.training.entropyBits)
            / (point.tolerance - previous.tolerance)
    }
}
