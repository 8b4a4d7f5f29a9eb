import Foundation
import Quantization

/// The README's baseline table: ECSQ-Lloyd, uniform threshold and Lloyd–Max on 100,000
/// Gaussian or Laplace samples.
func baselineTable(source: String) throws {
    var rng = SplitMix64(seed: 1)
    let values = (0..<100_000).map { _ in
        source == "gaussian" ? rng.nextGaussian() : rng.nextLaplace()
    }
    let samples = try TrainingSamples(scalars: values)
    var lines = [
        "\(source), 100,000 samples: D target | ½log2(σ²/D) | ECSQ-Lloyd H, D, m, s"
            + " | uniform H, D, s | Lloyd–Max H, D, m, s"
    ]
    for target in [0.3, 0.1, 0.03, 0.01] {
        var rng = SplitMix64(seed: 7)
        var ecsq: BaselineResult?
        var uniform: BaselineResult?
        var lloydMax: BaselineResult?
        let ecsqTime = try seconds {
            ecsq = try EntropyConstrainedLloyd().design(
                for: samples, targetDistortion: target, using: &rng)
        }
        let uniformTime = try seconds {
            uniform = try UniformThresholdQuantizer().design(
                for: samples, targetDistortion: target)
        }
        let lloydMaxTime = try seconds {
            lloydMax = try LloydMax().design(for: samples, targetDistortion: target)
        }
        guard let ecsq, let uniform, let lloydMax else { return }
        let bound = 0.5 * log2(samples.variancePerDimension / target)
        lines.append(
            String(
                format:
                    "%.2f | %.4f | %.4f %.5f %d %.2f | %.4f %.5f %.2f | %.4f %.5f %d %.2f",
                target, bound, ecsq.entropyBits, ecsq.distortion, ecsq.codewordCount,
                ecsqTime, uniform.entropyBits, uniform.distortion, uniformTime,
                lloydMax.entropyBits, lloydMax.distortion, lloydMax.codewordCount,
                lloydMaxTime))
    }
    print(lines.joined(separator: "\n"))
}

/// Baseline timings on 10^6 Gaussian samples.
func baselineTimings() throws {
    let values = gaussian(1_000_000, seed: 2)
    let samples = try TrainingSamples(scalars: values)
    var rng = SplitMix64(seed: 3)
    var result: BaselineResult?
    let ecsq = try seconds {
        result = try EntropyConstrainedLloyd().design(
            for: samples, targetDistortion: 0.1, using: &rng)
    }
    print(
        String(
            format: "ECSQ-Lloyd 1e6 @ D=0.1: %.2f s (H %.4f, D %.5f)", ecsq,
            result?.entropyBits ?? .nan, result?.distortion ?? .nan))
    let uniform = try seconds {
        result = try UniformThresholdQuantizer().design(for: samples, targetDistortion: 0.1)
    }
    print(
        String(
            format: "uniform 1e6 @ D=0.1: %.2f s (H %.4f, D %.5f)", uniform,
            result?.entropyBits ?? .nan, result?.distortion ?? .nan))
    let lloydMax = try seconds {
        result = try LloydMax().design(for: samples, targetDistortion: 0.1)
    }
    print(
        String(
            format: "Lloyd-Max 1e6 @ D=0.1: %.2f s (H %.4f, D %.5f)", lloydMax,
            result?.entropyBits ?? .nan, result?.distortion ?? .nan))
    let fine = try seconds {
        result = try EntropyConstrainedLloyd().design(
            for: samples, targetDistortion: 0.01, using: &rng)
    }
    print(
        String(
            format: "ECSQ-Lloyd 1e6 @ D=0.01: %.2f s (H %.4f, D %.5f)", fine,
            result?.entropyBits ?? .nan, result?.distortion ?? .nan))
    let source = try seconds {
        _ = try EmpiricalSource(samples)
    }
    print(String(format: "EmpiricalSource 1e6: %.2f s", source))

}

/// Correlated pairs (ρ = 0.9): vector ECSQ against one scalar ECSQ per coordinate, beside R(D)
/// by reverse water-filling.
func correlatedPairs() throws {
    var rng = SplitMix64(seed: 4)
    var values: [Double] = []
    for _ in 0..<100_000 {
        let u = rng.nextGaussian()
        let v = rng.nextGaussian()
        values += [u, 0.9 * u + (1 - 0.81).squareRoot() * v]
    }
    let pairs = try TrainingSamples(values: values, dimension: 2)
    let first = try TrainingSamples(
        scalars: stride(from: 0, to: values.count, by: 2).map { values[$0] })
    for target in [0.3, 0.1, 0.03] {
        var result: BaselineResult?
        let time = try seconds {
            result = try EntropyConstrainedLloyd.vectorDefault.design(
                for: pairs, targetDistortion: target, using: &rng)
        }
        let scalar = try EntropyConstrainedLloyd().design(
            for: first, targetDistortion: target, using: &rng)
        // R(D) per dimension by reverse water-filling on the eigenvalues 1.9 and 0.1.
        let rate =
            target <= 0.1
            ? 0.25 * log2(1.9 * 0.1 / (target * target)) : 0.25 * log2(1.9 / (2 * target - 0.1))
        print(
            String(
                format:
                    "2-D rho=0.9 D=%.2f: R(D) %.4f; ECVQ %.4f bit/dim (D %.5f, m %d) in %.2f s;"
                    + " scalar ECSQ %.4f", target, rate, (result?.entropyBits ?? .nan) / 2,
                result?.distortion ?? .nan, result?.codewordCount ?? 0, time,
                scalar.entropyBits))
    }

}
