import Foundation
import Testing
import _TestSupport

@testable import Quantization

/// The fast scalar search and batch encoding against the definitional scan
/// (`Quantizer.encode(_:isImportant:)`), which they must equal exactly (same index for every
/// sample, ties included).
@Suite("the quantizer encoder")
struct QuantizerEncoderTests {
    /// A random quantiser: m codewords of dimension k, optionally with repeated codewords and
    /// equal probabilities so that ties occur.
    static func quantizer(
        m: Int, k: Int, slope: Double, tolerance: Double?, withTies: Bool,
        using rng: inout SplitMix64
    ) throws -> Quantizer {
        var codebook: [Double] = []
        for _ in 0..<(m * k) {
            codebook.append(
                withTies
                    ? Double(Int.random(in: -4...4, using: &rng)) * 0.5 : rng.nextGaussian() * 2)
        }
        let probabilities = (0..<m).map { _ in
            withTies
                ? [0.25, 0.5, 1][Int.random(in: 0...2, using: &rng)]
                : Double.random(in: 0.01...1, using: &rng)
        }
        return try Quantizer(
            dimension: k, codebook: codebook, probabilities: probabilities, slope: slope,
            importantTolerance: tolerance)
    }

    /// Samples: Gaussian, exact codewords, midpoints between codewords, and far outliers.
    static func samples(for quantizer: Quantizer, count: Int, using rng: inout SplitMix64)
        -> [Double]
    {
        let k = quantizer.dimension
        var values: [Double] = []
        for i in 0..<count {
            let a = Int.random(in: 0..<quantizer.count, using: &rng)
            let b = Int.random(in: 0..<quantizer.count, using: &rng)
            for c in 0..<k {
                let ya = quantizer.codebook[a * k + c]
                let yb = quantizer.codebook[b * k + c]
                switch i % 5 {
                case 0: values.append(ya)
                case 1: values.append((ya + yb) / 2)
                case 2: values.append(rng.nextGaussian() * 1e3)
                default: values.append(rng.nextGaussian() * 2.5)
                }
            }
        }
        return values
    }

    @Test(
        "equals Quantizer.encode on every sample",
        arguments: [
            (1, 1.0, false), (1, 5.0, true), (1, 0.0, false), (1, 0.0, true), (1, 1e6, false),
            (1, 1e-9, true),
            (2, 3.0, false), (3, 0.5, true), (2, 1e6, true),
        ])
    func equalsReference(dimension k: Int, slope: Double, withTies: Bool) throws {
        var rng = SplitMix64(
            seed: UInt64(k * 1000) &+ UInt64(slope.bitPattern % 997) &+ (withTies ? 7 : 0))
        for trial in 0..<12 {
            let m = [1, 2, 3, 7, 20, 64][trial % 6]
            let tolerance: Double? = trial % 3 == 0 ? nil : [0.01, 0.3, 2.0][trial % 3]
            let quantizer = try Self.quantizer(
                m: m, k: k, slope: slope, tolerance: tolerance, withTies: withTies, using: &rng)
            let encoder = QuantizerEncoder(quantizer: quantizer)
            let values = Self.samples(for: quantizer, count: 600, using: &rng)
            for i in 0..<(values.count / k) {
                let sample = Array(values[(i * k)..<(i * k + k)])
                for important in [false, true] {
                    let expected = quantizer.encode(sample, isImportant: important)
                    let got = sample.withUnsafeBufferPointer {
                        encoder.encode($0, isImportant: important)
                    }
                    #expect(got == expected, "m \(m), sample \(sample), important \(important)")
                }
            }
        }
    }

    @Test(
        "the parallel batch equals the per-sample rule and counts the symbols",
        arguments: [(1, 15), (2, 40), (3, 120)])
    func batchEqualsPerSample(dimension k: Int, codewords m: Int) throws {
        var rng = SplitMix64(seed: 42 &+ UInt64(k))
        let quantizer = try Self.quantizer(
            m: m, k: k, slope: 4, tolerance: 0.5, withTies: false, using: &rng)
        let values = (0..<(200_000 / k * k)).map { _ in rng.nextGaussian() * 2 }
        let n = values.count / k
        let flags = (0..<n).map { i in (0..<k).contains { abs(values[i * k + $0]) > 3 } }
        let batch = QuantizerEncoder(quantizer: quantizer).encodeAll(values, isImportant: flags)
        var counts = [UInt64](repeating: 0, count: quantizer.count)
        var distortion = 0.0
        var failure: Int?
        for i in 0..<n {
            let sample = Array(values[(i * k)..<(i * k + k)])
            guard let j = quantizer.encode(sample, isImportant: flags[i]) else {
                failure = failure ?? i
                continue
            }
            if failure == nil { #expect(batch.symbols[i] == UInt32(j)) }
            counts[j] += 1
            distortion += quantizer.distortion(sample, j)
        }
        #expect(batch.firstFailure == failure)
        if failure == nil {
            #expect(batch.counts == counts)
            #expect(abs(batch.totalDistortion - distortion) <= 1e-9 * distortion)
        }
    }
}
