import Foundation
import Quantization
import Testing
import _TestSupport

@Suite struct UniformThresholdQuantizerTests {
    @Test("gaussian step search meets the target near the high rate figure")
    func gaussianStepSearchMeetsTheTargetNearTheHighRateFigure() throws {
        var rng = SplitMix64(seed: 31)
        let samples = try TrainingSamples(scalars: (0..<50_000).map { _ in rng.nextGaussian() })
        let result = try UniformThresholdQuantizer().design(for: samples, targetDistortion: 0.03)
        #expect(result.method == .uniformThreshold)
        #expect(result.distortion <= 0.03)
        #expect(result.distortion >= 0.0299)
        // High rate: D ≈ Δ²/12 and H ≈ R(D) + 0.254 bit (tolerances 10% and 0.02 bit).
        guard case .uniform(let step, let deadZone, let origin) = result.rule else {
            Issue.record("expected a uniform rule")
            return
        }
        #expect(abs(step - (12 * 0.03).squareRoot()) <= 0.1 * step)
        #expect(deadZone == 1 && origin == 0)
        let bound = 0.5 * log2(samples.variancePerDimension / 0.03)
        #expect(abs(result.entropyBits - (bound + 0.254)) <= 0.02)
        #expect(OperatingPointTests.isConvexAndDecreasing(result.hull))
    }

    @Test("unit step on integers is lossless") func unitStepOnIntegersIsLossless() throws {
        let values: [Double] = [-2, 0, 0, 0, 1, 1, 3, 3]
        let samples = try TrainingSamples(scalars: values)
        let result = try UniformThresholdQuantizer().quantizer(for: samples, step: 1)
        #expect(result.distortion == 0)
        #expect(result.codebook == [-2, 0, 1, 3])
        let probabilities: [Double] = [0.125, 0.375, 0.25, 0.25]
        #expect(result.probabilities == probabilities)
        let expected = -[1.0, 3, 2, 2].map { $0 / 8 * log2($0 / 8) }.reduce(0, +)
        #expect(abs(result.entropyBits - expected) <= 1e-12)
    }

    @Test("cells are half open and centroids reconstruct")
    func cellsAreHalfOpenAndCentroidsReconstruct() throws {
        // Step 2: zero cell (−1, 1], then (1, 3], (−3, −1]; −1 belongs to the cell below.
        let samples = try TrainingSamples(scalars: [-1, -0.5, 0.5, 1, 1.5, 3])
        let result = try UniformThresholdQuantizer().quantizer(for: samples, step: 2)
        #expect(result.codebook == [-1, 1.0 / 3, 2.25])
    }

    @Test("dead zone helps on peaky data") func deadZoneHelpsOnPeakyData() throws {
        // Integer data with a large mass at zero (docs/quantiser-design.md, “The empirical source”).
        var rng = SplitMix64(seed: 32)
        let values = (0..<40_000).map { _ -> Double in
            Double.random(in: 0..<1, using: &rng) < 0.4 ? 0 : (6 * rng.nextLaplace()).rounded()
        }
        let samples = try TrainingSamples(scalars: values)
        let plain = try UniformThresholdQuantizer().design(for: samples, targetDistortion: 2)
        let zoned = try UniformThresholdQuantizer(
            deadZoneWidths: stride(from: 1.0, through: 2.0, by: 0.1).map { $0 }
        ).design(for: samples, targetDistortion: 2)
        #expect(plain.distortion <= 2 && zoned.distortion <= 2)
        #expect(zoned.entropyBits <= plain.entropyBits)
    }

    @Test("vectors use a cubic lattice") func vectorsUseACubicLattice() throws {
        var rng = SplitMix64(seed: 33)
        let values = (0..<20_000).map { _ in rng.nextGaussian() }
        let pairs = try TrainingSamples(values: values, dimension: 2)
        let scalars = try TrainingSamples(scalars: values)
        let vector = try UniformThresholdQuantizer(refinementPoints: 40).design(
            for: pairs, targetDistortion: 0.1)
        let scalar = try UniformThresholdQuantizer().design(for: scalars, targetDistortion: 0.1)
        #expect(vector.dimension == 2)
        #expect(vector.distortion <= 0.1)
        // Independent coordinates: the lattice costs about twice the scalar rate
        // (tolerance 0.05 bit per dimension).
        #expect(abs(vector.entropyBits / 2 - scalar.entropyBits) <= 0.05)
    }

    @Test("degenerate data and large targets") func degenerateDataAndLargeTargets() throws {
        for values in [[7.0], [Double](repeating: -3, count: 50)] {
            let result = try UniformThresholdQuantizer().design(
                for: TrainingSamples(scalars: values), targetDistortion: 0)
            #expect(result.distortion == 0)
            #expect(result.entropyBits == 0)
        }
        let samples = try TrainingSamples(scalars: [-1, 0, 2, 3])
        let coarse = try UniformThresholdQuantizer().design(for: samples, targetDistortion: 10)
        #expect(coarse.entropyBits == 0)
        #expect(coarse.codewordCount == 1)
    }

    @Test("an origin far from the data costs nothing extra")
    func anOriginFarFromTheDataCostsNothingExtra() throws {
        var rng = SplitMix64(seed: 34)
        let samples = try TrainingSamples(scalars: (0..<2000).map { _ in rng.nextGaussian() })
        let near = try UniformThresholdQuantizer().design(for: samples, targetDistortion: 0.1)
        let far = try UniformThresholdQuantizer(origin: 1e9).design(
            for: samples, targetDistortion: 0.1)
        #expect(far.distortion <= 0.1)
        // Only the grid's phase differs (tolerance 0.05 bit).
        #expect(abs(far.entropyBits - near.entropyBits) <= 0.05)
    }

    @Test("rejects invalid options") func rejectsInvalidOptions() throws {
        let samples = try TrainingSamples(scalars: [1, 2, 3])
        #expect(throws: QuantizationError.invalidParameter(name: "deadZoneWidths", value: 0.5)) {
            try UniformThresholdQuantizer(deadZoneWidths: [0.5]).design(
                for: samples, targetDistortion: 0.1)
        }
        #expect(throws: QuantizationError.invalidParameter(name: "step", value: 0)) {
            try UniformThresholdQuantizer().quantizer(for: samples, step: 0)
        }
    }
}
