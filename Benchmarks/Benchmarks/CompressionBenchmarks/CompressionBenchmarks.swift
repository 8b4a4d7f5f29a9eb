import Benchmark
import Foundation
import Quantization
import RDInterchange
import SampleCompression

/// Compression with prediction (design included) and decompression of 10^7 values, the speed
/// issue 16 asks of one core (run under `taskset -c 0` for that): a speech-like signal, whose
/// interpolation's closed loop is coded level by level as a wavefront, and an AR(1) signal,
/// coded by a sequential linear predictor. Both in memory: no file is read or written.

// Samples come from Quantization's seeded SplitMix64, the same on every run.

/// A speech-like signal of `count` integer samples: an AR(2) process driven by Student-t
/// innovations (3 degrees of freedom), scaled to a standard deviation near 3,000 and rounded,
/// like 16-bit audio.
func speechLike(count: Int) -> [Double] {
    var rng = SplitMix64(seed: 11)
    var (previous, older) = (0.0, 0.0)
    return (0..<count).map { _ in
        let z = rng.nextGaussian()
        var chi = 0.0
        for _ in 0..<3 {
            let g = rng.nextGaussian()
            chi += g * g
        }
        let x = 1.6 * previous - 0.8 * older + 400 * z / (chi / 3).squareRoot()
        (older, previous) = (previous, x)
        return x.rounded()
    }
}

/// An AR(1) signal of `count` values with coefficient 0.95 and unit innovations.
func autoregressive(count: Int) -> [Double] {
    var rng = SplitMix64(seed: 12)
    var x = 0.0
    return (0..<count).map { _ in
        x = 0.95 * x + rng.nextGaussian()
        return x
    }
}

func variance(_ values: [Double]) -> Double {
    let mean = values.reduce(0, +) / Double(values.count)
    return values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
}

/// Each run takes a second or so: three runs, no warm-up, times in milliseconds.
func runs() -> Benchmark.Configuration {
    .init(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident], timeUnits: .milliseconds,
        warmupIterations: 0, scalingFactor: .one, maxDuration: .seconds(60), maxIterations: 3)
}

let benchmarks: @Sendable () -> Void = {
    let count = 10_000_000
    let signals: [(name: String, values: [Double], divisor: Double)] = [
        ("speech-like", speechLike(count: count), 1_000),
        ("AR(1)", autoregressive(count: count), 100),
    ]
    for signal in signals {
        let samples = SampleSet(dimension: 1, values: signal.values)
        let settings = PredictiveSettings(
            targetDistortion: variance(signal.values) / signal.divisor)
        let label = "10^7 \(signal.name) values, MSE ≤ var/\(Int(signal.divisor))"
        Benchmark("compress \(label)", configuration: runs()) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try SampleCompression.compressPredicted(samples, settings: settings))
            }
        }
        Benchmark("decompress \(label)", configuration: runs()) { benchmark in
            let (bytes, _) = try SampleCompression.compressPredicted(samples, settings: settings)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(try SampleDecompression.reconstruction(of: bytes))
            }
            benchmark.stopMeasurement()
        }
    }
}
