import Foundation

extension UniformEvaluator {
    /// The step search of ``UniformThresholdQuantizer/design(for:targetDistortion:)``.
    func search(
        target: Double, configuration: UniformThresholdQuantizer
    ) throws(QuantizationError) -> BaselineResult {
        typealias Setting = (step: Double, deadZoneWidth: Double)
        let acceptance = UniformThresholdQuantizer.acceptance(for: target)
        var outcome = LagrangianSearch.Outcome<Setting>()
        func evaluate(_ step: Double, _ z: Double) -> Bool {
            let point = self.point(step: step, deadZoneWidth: z)
            outcome.consider(
                .init(lagrangeMultiplier: 0, point: point, payload: (step, z)), target: acceptance)
            return point.distortion <= acceptance
        }
        // A zero cell holding every sample: zero rate, the variance as distortion.
        let reach =
            (0..<dimension).map { max(abs(upper[$0] - origin), abs(lower[$0] - origin)) }
            .max() ?? 0
        let z0 = configuration.deadZoneWidths[0]
        let wholeStep = max(2 * reach / z0 * (1 + 1e-9), Double.leastNormalMagnitude)
        if target >= variance || reach == 0 {
            _ = evaluate(wholeStep, z0)
        }
        let range = (0..<dimension).map { upper[$0] - lower[$0] }.max() ?? 0
        let start = target > 0 ? (12 * target).squareRoot() : max(range, 1)
        for z in configuration.deadZoneWidths where outcome.best?.point.entropyBits != 0 {
            var low: Double?
            var high: Double?
            var step = start
            for _ in 0..<200 {
                if !isUsable(step: step) { break }
                if evaluate(step, z) {
                    low = step
                    if high != nil || step > wholeStep { break }
                    step *= 2
                } else {
                    high = step
                    if low != nil { break }
                    step /= 2
                }
            }
            guard var lowStep = low else { continue }
            if var highStep = high {
                for _ in 0..<max(0, configuration.bisectionSteps) {
                    let middle = (lowStep * highStep).squareRoot()
                    if evaluate(middle, z) { lowStep = middle } else { highStep = middle }
                }
            }
            let points = configuration.refinementPoints
            if points > 1 {
                for t in 0..<points {
                    let exponent = -1 + 2 * Double(t) / Double(points - 1)
                    let step = lowStep * pow(configuration.refinementSpan, exponent)
                    if isUsable(step: step) { _ = evaluate(step, z) }
                }
            }
        }
        let (best, hull) = try outcome.chosen(target: target, unreached: variance)
        return result(
            step: best.payload.step, deadZoneWidth: best.payload.deadZoneWidth, hull: hull)
    }
}
