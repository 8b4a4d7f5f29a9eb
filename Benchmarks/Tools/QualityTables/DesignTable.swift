import Foundation
import Quantization

/// The README's design quality table: designed H(Y) against ECSQ-Lloyd and ½log2(σ²/D), the
/// relaxation, the class cost, per-step and per-stage timings.
/// `RDOPT_DESIGN_SAMPLES` overrides the sample count (default 100,000) and
/// `RDOPT_DESIGN_TARGETS` the targets (default 0.3,0.1,0.03,0.01).
func designTable(source: String) throws {
    let environment = ProcessInfo.processInfo.environment
    let sampleCount = Int(environment["RDOPT_DESIGN_SAMPLES"] ?? "") ?? 100_000
    let targets = (environment["RDOPT_DESIGN_TARGETS"] ?? "0.3,0.1,0.03,0.01")
        .split(separator: ",").compactMap { Double($0) }
    var rng = SplitMix64(seed: 1)
    let laplace = source.hasPrefix("laplace")
    let values = (0..<sampleCount).map { _ in
        laplace ? rng.nextLaplace() : rng.nextGaussian()
    }
    let important = source.hasSuffix("important") ? values.map { abs($0) > 2.5 } : nil
    let samples = try TrainingSamples(scalars: values, importance: important)
    var lines = [
        "\(source), \(samples.count) samples: D | ½log2(σ²/D) | designed H, D̂ | ECSQ H, D | H − ECSQ | H − R(D) | relaxation R, LB | class cost (design, R predicted, price bound) | violations | seconds"
    ]
    for target in targets {
        var report: DesignReport?
        let time = try seconds {
            report = try QuantizerDesigner().design(
                for: samples, targetDistortion: target,
                importantTolerance: important == nil ? nil : target / 10)
        }
        var ecsqRng = SplitMix64(seed: 7)
        let ecsq = try EntropyConstrainedLloyd().design(
            for: samples, targetDistortion: target, using: &ecsqRng)
        guard let report else { return }
        check(report.training.distortion <= target * (1 + 1e-12), "D̂ must meet the target")
        check(report.training.importantViolations == 0, "no important sample may be violated")
        var classCost = "–"
        if important != nil {
            let free = try QuantizerDesigner(computesRelaxation: false).design(
                for: try TrainingSamples(scalars: values), targetDistortion: target)
            let r = report.relaxation
            classCost = String(
                format: "%.4f, %.4f, %.4f",
                report.training.entropyBits - free.training.entropyBits,
                (r?.rateBits ?? .nan) - (r?.rateWithoutClassBits ?? .nan),
                r?.priceEstimateBits ?? .nan)
        }
        let bound = 0.5 * log2(samples.variancePerDimension / target)
        lines.append(
            String(
                format:
                    "%.2f | %.4f | %.4f %.5f | %.4f %.5f | %+.4f | %+.4f | %.4f %.4f | %@ | %d | %.2f",
                target, bound, report.training.entropyBits, report.training.distortion,
                ecsq.entropyBits, ecsq.distortion,
                report.training.entropyBits - ecsq.entropyBits,
                report.training.entropyBits - bound, report.relaxation?.rateBits ?? .nan,
                report.relaxation?.lowerBoundBits ?? .nan, classCost,
                report.training.importantViolations, time))
        lines.append(
            "    steps: "
                + report.timings.map { String(format: "%@ %.2fs", $0.step, $0.seconds) }.joined(
                    separator: ", "))
        lines.append(
            "    stages: "
                + report.stages.map {
                    String(
                        format: "τ=%.3g H=%.3f D=%.4f m=%d it=%d %.2fs", $0.temperature,
                        $0.outputEntropyBits, $0.distortion, $0.liveCodewords, $0.iterations,
                        $0.seconds)
                }.joined(separator: "; "))
    }
    print(lines.joined(separator: "\n"))
}
