import Benchmark
import Foundation
import Quantization

/// Quantiser design from 10^6 samples, each stage timed, and the baselines on the same samples;
/// the mixed-fidelity cases of the interval programme (heavy tails held to D/10, an integer
/// speech-like signal).

// Samples come from Quantization's seeded SplitMix64, the same on every run.

/// `count` standard normal samples (Box–Muller) from a fixed seed.
func gaussianSamples(count: Int, seed: UInt64 = 2024) throws -> TrainingSamples {
    var rng = SplitMix64(seed: seed)
    return try TrainingSamples(scalars: (0..<count).map { _ in rng.nextGaussian() })
}

/// `count` Student-t samples with `degrees` degrees of freedom (normal over the root of a
/// scaled chi-square built from `degrees` squared normals; `degrees` a small integer).
func studentSamples(count: Int, degrees: Int = 4, seed: UInt64 = 7) -> [Double] {
    var rng = SplitMix64(seed: seed)
    func normal() -> Double { rng.nextGaussian() }
    return (0..<count).map { _ in
        let z = normal()
        var chi = 0.0
        for _ in 0..<degrees {
            let g = normal()
            chi += g * g
        }
        return z / (chi / Double(degrees)).squareRoot()
    }
}

/// A speech-like signal: 546,687 integer samples of an AR(2) process driven by Student-t
/// innovations, scaled to a standard deviation near 3,000 and rounded (like 16-bit audio:
/// a few tens of thousands of distinct values, heavy tails).
func speechLikeSamples(count: Int = 546_687) -> [Double] {
    let innovations = studentSamples(count: count, degrees: 3, seed: 11)
    var previous = 0.0
    var older = 0.0
    return innovations.map { e in
        let x = 1.6 * previous - 0.8 * older + 400 * e
        older = previous
        previous = x
        return x.rounded()
    }
}

/// Flags |x − mean| > 4σ, the important samples of the mixed-fidelity cases.
func tailFlags(_ values: [Double]) -> [Bool] {
    let mean = values.reduce(0, +) / Double(values.count)
    let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
    return values.map { abs($0 - mean) > 4 * variance.squareRoot() }
}

func variance(_ values: [Double]) -> Double {
    let mean = values.reduce(0, +) / Double(values.count)
    return values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
}

let sampleCount = 1_000_000
let targetDistortion = 0.1

/// The steps of ``DesignReport/timings``, each reported as a custom metric in milliseconds.
/// A step's metric is its name up to the first " (": "relaxation (τ = 1, certified)" → "relaxation".
let designSteps = [
    "source and grid", "relaxation", "annealing", "hard rule", "hard Lloyd polish",
    "repair and measurement",
    "interval programme", "waiting for annealing", "waiting for the relaxation without the class",
    "stopped annealing",
]

/// Runs a design and records its steps as custom metrics.
func measureDesign(
    _ benchmark: Benchmark, _ designer: QuantizerDesigner, _ samples: TrainingSamples,
    target: Double, tolerance: Double? = nil
) throws {
    benchmark.startMeasurement()
    let report = try designer.design(
        for: samples, targetDistortion: target, importantTolerance: tolerance)
    benchmark.stopMeasurement()
    for (step, seconds) in report.timings {
        let name = step.components(separatedBy: " (").first ?? step
        benchmark.measurement(stepMetric(name), Int((seconds * 1000).rounded()))
    }
    blackHole(report)
}

func stepMetric(_ step: String) -> BenchmarkMetric {
    .custom("step \(step) (ms)", polarity: .prefersSmaller, useScalingFactor: false)
}

/// Each run takes seconds: three runs, no warm-up, times in milliseconds.
func slowRuns(extraMetrics: [BenchmarkMetric] = []) -> Benchmark.Configuration {
    .init(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident] + extraMetrics,
        timeUnits: .milliseconds,
        warmupIterations: 0, scalingFactor: .one, maxDuration: .seconds(60), maxIterations: 3)
}

let benchmarks: @Sendable () -> Void = {
    // `rdopt design x --target-distortion 0.1`: QuantizerDesigner's defaults (24 stages, grid
    // chosen from D, certified τ = 1 relaxation), no importance class.
    let steps = slowRuns(extraMetrics: designSteps.map(stepMetric))
    Benchmark("design 10^6 gaussian D=0.1", configuration: steps) { benchmark in
        try measureDesign(
            benchmark, QuantizerDesigner(), try gaussianSamples(count: sampleCount),
            target: targetDistortion)
    }

    // The interval programme alone (sort, λ search, cut polish, certified bound).
    Benchmark("interval programme 10^6 gaussian D=0.01", configuration: slowRuns()) { benchmark in
        let samples = try gaussianSamples(count: sampleCount)
        benchmark.startMeasurement()
        blackHole(try IntervalProgramme().design(for: samples, targetDistortion: 0.01))
    }

    // Heavy tails (10^6 Student-t, 4 degrees of freedom) and an integer speech-like signal, each
    // at D = var/100, plain and with the samples beyond 4σ held to D/10 each.
    let cases = [
        ("10^6 student-t4", studentSamples(count: sampleCount)),
        ("speech-like", speechLikeSamples()),
    ]
    for (name, values) in cases {
        let target = variance(values) / 100
        for withTails in [false, true] {
            let label = "design \(name) D=var/100" + (withTails ? " tails>4σ at D/10" : "")
            Benchmark(label, configuration: steps) { benchmark in
                let samples = try TrainingSamples(
                    scalars: values, importance: withTails ? tailFlags(values) : nil)
                try measureDesign(
                    benchmark, QuantizerDesigner(), samples, target: target,
                    tolerance: withTails ? target / 10 : nil)
            }
        }
    }

    // `rdopt baseline x --target-distortion 0.1 [--method …]` on the same samples.
    // The certified bound on R(D) over every reconstruction (`rdopt bound`): solve on the
    // atoms, carry to the 10^6 distinct values, supremum over the real line.
    Benchmark("R(D) bound over the real line 10^6 gaussian D=0.01", configuration: slowRuns()) {
        benchmark in
        let samples = try gaussianSamples(count: sampleCount)
        benchmark.startMeasurement()
        blackHole(try RealLineBound.compute(samples, target: 0.01, tolerance: nil))
    }

    Benchmark("baseline ecsq 10^6 gaussian D=0.1", configuration: slowRuns()) { benchmark in
        let samples = try gaussianSamples(count: sampleCount)
        var rng = SplitMix64(seed: 1)
        benchmark.startMeasurement()
        blackHole(
            try EntropyConstrainedLloyd().design(
                for: samples, targetDistortion: targetDistortion, using: &rng))
    }

    Benchmark("baseline uniform 10^6 gaussian D=0.1", configuration: slowRuns()) { benchmark in
        let samples = try gaussianSamples(count: sampleCount)
        benchmark.startMeasurement()
        blackHole(
            try UniformThresholdQuantizer().design(for: samples, targetDistortion: targetDistortion)
        )
    }

    Benchmark("baseline lloyd-max 10^6 gaussian D=0.1", configuration: slowRuns()) { benchmark in
        let samples = try gaussianSamples(count: sampleCount)
        benchmark.startMeasurement()
        blackHole(try LloydMax().design(for: samples, targetDistortion: targetDistortion))
    }
}
