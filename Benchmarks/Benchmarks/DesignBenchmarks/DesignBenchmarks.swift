import Benchmark
import Foundation
import Quantization

/// Issue 4: quantiser design from 10^6 samples in under 10 s, each stage timed, and the
/// baselines on the same samples no slower.

/// SplitMix64 (Steele, Lea & Flood, OOPSLA 2014): the samples are the same on every run.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// `count` standard normal samples (Box–Muller) from a fixed seed.
func gaussianSamples(count: Int, seed: UInt64 = 2024) throws -> TrainingSamples {
    var rng = SplitMix64(seed: seed)
    let values = (0..<count).map { _ in
        let u = Double.random(in: Double.ulpOfOne..<1, using: &rng)
        let v = Double.random(in: 0..<1, using: &rng)
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
    return try TrainingSamples(scalars: values)
}

let sampleCount = 1_000_000
let targetDistortion = 0.1

/// The steps of ``DesignReport/timings``, each reported as a custom metric in milliseconds.
/// A step's metric is its name up to the first " (": "relaxation (τ = 1, certified)" → "relaxation".
let designSteps = ["source and grid", "relaxation", "annealing", "hard rule", "hard Lloyd polish", "repair and measurement"]

func stepMetric(_ step: String) -> BenchmarkMetric {
    .custom("step \(step) (ms)", polarity: .prefersSmaller, useScalingFactor: false)
}

/// Each run takes seconds: three runs, no warm-up, times in milliseconds.
func slowRuns(extraMetrics: [BenchmarkMetric] = []) -> Benchmark.Configuration {
    .init(metrics: [.wallClock, .cpuTotal, .peakMemoryResident] + extraMetrics, timeUnits: .milliseconds,
          warmupIterations: 0, scalingFactor: .one, maxDuration: .seconds(60), maxIterations: 3)
}

let benchmarks: @Sendable () -> Void = {
    // `rdopt design x --target-distortion 0.1`: QuantizerDesigner's defaults (24 stages, grid
    // chosen from D, certified τ = 1 relaxation), no importance class.
    Benchmark("design 10^6 gaussian D=0.1", configuration: slowRuns(extraMetrics: designSteps.map(stepMetric))) { benchmark in
        let samples = try gaussianSamples(count: sampleCount)
        benchmark.startMeasurement()
        let report = try QuantizerDesigner().design(for: samples, targetDistortion: targetDistortion)
        benchmark.stopMeasurement()
        for (step, seconds) in report.timings {
            let name = step.components(separatedBy: " (").first ?? step
            benchmark.measurement(stepMetric(name), Int((seconds * 1000).rounded()))
        }
        blackHole(report)
    }

    // `rdopt baseline x --target-distortion 0.1 [--method …]` on the same samples.
    Benchmark("baseline ecsq 10^6 gaussian D=0.1", configuration: slowRuns()) { benchmark in
        let samples = try gaussianSamples(count: sampleCount)
        var rng = SplitMix64(seed: 1)
        benchmark.startMeasurement()
        blackHole(try EntropyConstrainedLloyd().design(for: samples, targetDistortion: targetDistortion, using: &rng))
    }

    Benchmark("baseline uniform 10^6 gaussian D=0.1", configuration: slowRuns()) { benchmark in
        let samples = try gaussianSamples(count: sampleCount)
        benchmark.startMeasurement()
        blackHole(try UniformThresholdQuantizer().design(for: samples, targetDistortion: targetDistortion))
    }

    Benchmark("baseline lloyd-max 10^6 gaussian D=0.1", configuration: slowRuns()) { benchmark in
        let samples = try gaussianSamples(count: sampleCount)
        benchmark.startMeasurement()
        blackHole(try LloydMax().design(for: samples, targetDistortion: targetDistortion))
    }
}
