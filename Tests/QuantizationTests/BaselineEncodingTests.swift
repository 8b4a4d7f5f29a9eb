import Foundation
import Quantization
import Testing
import _TestSupport

@Suite struct BaselineEncodingTests {
    /// Applies `result`'s rule to every sample: the output entropy and the distortion with
    /// the codebook as decoder.
    static func measure(_ result: BaselineResult, on samples: TrainingSamples) throws -> (
        entropy: Double, distortion: Double
    ) {
        let k = samples.dimension
        var counts = [Double](repeating: 0, count: result.codewordCount)
        var error = 0.0
        for i in 0..<samples.count {
            let j = try #require(result.encode(samples[i]))
            counts[j] += 1
            for c in 0..<k {
                let e = samples.values[i * k + c] - result.codebook[j * k + c]
                error += e * e
            }
        }
        let n = Double(samples.count)
        let entropy = -counts.filter { $0 > 0 }.map { $0 / n * log2($0 / n) }.reduce(0, +)
        return (entropy, error / (n * Double(k)))
    }

    @Test("converged rules reproduce the reported figures")
    func convergedRulesReproduceTheReportedFigures() throws {
        var rng = SplitMix64(seed: 51)
        let samples = try TrainingSamples(scalars: (0..<3000).map { _ in rng.nextGaussian() })
        let exact = EntropyConstrainedLloyd(maximumIterations: 100_000, relativeTolerance: 0)
        let results = [
            try exact.design(for: samples, targetDistortion: 0.1, using: &rng),
            try UniformThresholdQuantizer().design(for: samples, targetDistortion: 0.1),
            try LloydMax(relativeTolerance: 0).quantizer(for: samples, levels: 8),
        ]
        for result in results {
            let measured = try Self.measure(result, on: samples)
            // Tolerance 1e-12: the same cells, summed in another order.
            #expect(abs(measured.entropy - result.entropyBits) <= 1e-12)
            #expect(abs(measured.distortion - result.distortion) <= 1e-12)
        }
    }

    @Test("vector rules reproduce the reported figures")
    func vectorRulesReproduceTheReportedFigures() throws {
        var rng = SplitMix64(seed: 52)
        let samples = try TrainingSamples(
            values: (0..<2000).map { _ in rng.nextGaussian() }, dimension: 2)
        let ecsq = try EntropyConstrainedLloyd(maximumIterations: 100_000, relativeTolerance: 0)
            .design(
                for: samples, lagrangeMultiplier: 0.2, initialCodebook: [-1, -1, 0, 0, 1, 1, 1, -1])
        let uniform = try UniformThresholdQuantizer().quantizer(for: samples, step: 0.7)
        for result in [ecsq, uniform] {
            let measured = try Self.measure(result, on: samples)
            #expect(abs(measured.entropy - result.entropyBits) <= 1e-12)
            #expect(abs(measured.distortion - result.distortion) <= 1e-12)
        }
    }

    @Test("unseen uniform cells have no codeword") func unseenUniformCellsHaveNoCodeword() throws {
        let samples = try TrainingSamples(scalars: [0, 0.1, 2])
        let result = try UniformThresholdQuantizer().quantizer(for: samples, step: 1)
        #expect(result.encode([0.2]) == 0)
        #expect(result.encode([1.2]) == nil)
        #expect(result.encode([2.4]) == 1)
    }
}
