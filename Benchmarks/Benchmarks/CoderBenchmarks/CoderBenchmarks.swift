import Benchmark
import EntropyCoding
import Foundation
import Quantization

/// `count` quantised standard Gaussian draws, `round(g / step)` clamped to ±5σ and shifted to
/// start at 0 (as in Scripts/compare-rans-htscodecs.sh, whose harness draws the same uniforms
/// from SplitMix64 with seed 12345): step 2 gives H ≈ 1.24 bits over 7 symbols, step 0.049 gives
/// H ≈ 6.40 bits over 207.
func quantisedGaussian(count: Int, step: Double) -> [UInt32] {
    var generator = SplitMix64(seed: 12345)
    let half = Int((5 / step).rounded(.up))
    return (0..<count).map { _ in
        let radius = (-2 * log(generator.nextUnit())).squareRoot()
        let g = radius * cos(2 * Double.pi * generator.nextUnit())
        return UInt32(max(-half, min(half, Int((g / step).rounded()))) + half)
    }
}

/// The coder built from the symbols' own counts.
func codec(for symbols: [UInt32]) throws -> RANSCodec {
    let alphabet = Int(symbols.max() ?? 0) + 1
    let counts = try FrequencyTable.histogram(of: symbols, alphabetSize: alphabet)
    return RANSCodec(table: try FrequencyTable(counts: counts))
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .throughput, .mallocCountTotal],
        maxDuration: .seconds(5))
    let count = 10_000_000
    // One core; compare with Scripts/compare-rans-htscodecs.sh, which also runs htscodecs.
    for (label, step) in [("H 1.2 bits, 7 symbols", 2.0), ("H 6.4 bits, 207 symbols", 0.049)] {
        Benchmark("rANS encode 10^7 symbols, \(label)", configuration: .init(scalingFactor: .one)) {
            benchmark in
            let symbols = quantisedGaussian(count: count, step: step)
            let codec = try codec(for: symbols)
            let scratch = UnsafeMutableRawBufferPointer.allocate(
                byteCount: RANSCodec.maximumPayloadByteCount(symbolCount: count), alignment: 8)
            defer { scratch.deallocate() }
            try symbols.withUnsafeBufferPointer { input in
                benchmark.startMeasurement()
                for _ in benchmark.scaledIterations {
                    blackHole(try codec.encode(input, intoEndOf: scratch))
                }
            }
        }
        Benchmark("rANS decode 10^7 symbols, \(label)", configuration: .init(scalingFactor: .one)) {
            benchmark in
            let symbols = quantisedGaussian(count: count, step: step)
            let codec = try codec(for: symbols)
            let payload = try codec.encode(symbols)
            var output = [UInt32](repeating: 0, count: count)
            try payload.withUnsafeBytes { bytes in
                try output.withUnsafeMutableBufferPointer { buffer in
                    benchmark.startMeasurement()
                    for _ in benchmark.scaledIterations {
                        try codec.decode(bytes, filling: buffer)
                    }
                }
            }
            blackHole(output)
        }
    }
}
