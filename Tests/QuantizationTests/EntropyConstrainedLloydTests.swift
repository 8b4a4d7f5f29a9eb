import Foundation
import Quantization
import Testing
import _TestSupport

@Suite struct EntropyConstrainedLloydTests {
    @Test("scalar run matches the brute force reference", arguments: [0.0, 0.05, 0.3] as [Double])
    func scalarRunMatchesTheBruteForceReference(lambda: Double) throws {
        let values = SeededSamples.gaussian(300, seed: 21)
        let initial = stride(from: -2.5, through: 2.5, by: 0.5).map { $0 }
        let samples = try TrainingSamples(scalars: values)
        let fast = try EntropyConstrainedLloyd(maximumIterations: 10_000, relativeTolerance: 0)
            .design(for: samples, lagrangeMultiplier: lambda, initialCodebook: initial)
        let reference = ReferenceLloyd.run(
            samples: values.map { [$0] }, initial: initial.map { [$0] }, lambda: lambda)
        let order = reference.codebook.indices.sorted {
            reference.codebook[$0][0] < reference.codebook[$1][0]
        }
        #expect(fast.codewordCount == reference.codebook.count)
        for (j, r) in order.enumerated() where j < fast.codewordCount {
            #expect(abs(fast.codebook[j] - reference.codebook[r][0]) <= 1e-12)
            #expect(abs(fast.probabilities[j] - reference.probabilities[r]) <= 1e-15)
        }
        #expect(abs(fast.distortion - reference.distortion) <= 1e-12)
        #expect(abs(fast.entropyBits - reference.entropyBits) <= 1e-12)
    }

    @Test("vector run matches the brute force reference", arguments: [2, 3])
    func vectorRunMatchesTheBruteForceReference(dimension: Int) throws {
        var rng = SplitMix64(seed: 22)
        let rows = (0..<300).map { _ in (0..<dimension).map { _ in rng.nextGaussian() } }
        let initial = (0..<12).map { _ in (0..<dimension).map { _ in rng.nextGaussian() } }
        let samples = try TrainingSamples(values: rows.flatMap { $0 }, dimension: dimension)
        let fast = try EntropyConstrainedLloyd(maximumIterations: 10_000, relativeTolerance: 0)
            .design(for: samples, lagrangeMultiplier: 0.1, initialCodebook: initial.flatMap { $0 })
        let reference = ReferenceLloyd.run(samples: rows, initial: initial, lambda: 0.1)
        #expect(fast.codewordCount == reference.codebook.count)
        let sortedReference = reference.codebook.sorted { $0[0] < $1[0] }
        for j in 0..<min(fast.codewordCount, sortedReference.count) {
            for c in 0..<dimension {
                #expect(abs(fast.codebook[j * dimension + c] - sortedReference[j][c]) <= 1e-12)
            }
        }
        #expect(abs(fast.distortion - reference.distortion) <= 1e-12)
        #expect(abs(fast.entropyBits - reference.entropyBits) <= 1e-12)
    }

    /// Unit Gaussian, 50,000 samples.
    ///
    /// The optimal ECSQ at D = 0.1 has H ≈ 1.91 bits, 0.25
    /// bit above R(D) = ½ log2(1/D) (the high-rate gap ½ log2(πe/6) = 0.254 bit).
    @Test("gaussian at distortion one tenth") func gaussianAtDistortionOneTenth() throws {
        let samples = try TrainingSamples(scalars: SeededSamples.gaussian(50_000, seed: 23))
        var rng = SplitMix64(seed: 1)
        let result = try EntropyConstrainedLloyd().design(
            for: samples, targetDistortion: 0.1, using: &rng)
        let bound = 0.5 * log2(samples.variancePerDimension / 0.1)
        #expect(result.method == .entropyConstrainedLloyd)
        #expect(result.distortion <= 0.1)
        #expect(result.distortion >= 0.099)
        #expect(result.entropyBits >= bound)
        #expect(result.entropyBits <= bound + 0.30)
        #expect(abs(result.entropyBits - 1.91) <= 0.03)
        #expect(abs(result.probabilities.reduce(0, +) - 1) <= 1e-12)
        #expect(OperatingPointTests.isConvexAndDecreasing(result.hull))
        // The chosen quantiser is on or above the hull (tolerance 1e-12 bit).
        if let h = OperatingPointTests.hullEntropy(result.hull, at: result.distortion) {
            #expect(result.entropyBits >= h - 1e-12)
        }
        guard case .entropyConstrained(let lambda) = result.rule else {
            Issue.record("expected an entropy-constrained rule")
            return
        }
        // Near the high-rate slope 2 ln 2 · D (within a factor of 2).
        #expect(lambda > 0.069 && lambda < 0.28)
    }

    @Test("beats or matches the other baselines") func beatsOrMatchesTheOtherBaselines() throws {
        let samples = try TrainingSamples(scalars: SeededSamples.gaussian(30_000, seed: 24))
        for target in [0.3, 0.03] {
            var rng = SplitMix64(seed: 2)
            let ecsq = try EntropyConstrainedLloyd().design(
                for: samples, targetDistortion: target, using: &rng)
            let uniform = try UniformThresholdQuantizer().design(
                for: samples, targetDistortion: target)
            let lloydMax = try LloydMax().design(for: samples, targetDistortion: target)
            // Tolerance 0.002 bit: the uniform quantiser is near-optimal for the Gaussian.
            #expect(ecsq.entropyBits <= uniform.entropyBits + 0.002)
            #expect(ecsq.entropyBits <= lloydMax.entropyBits)
        }
    }

    @Test("laplace source stays within the high rate gap")
    func laplaceSourceStaysWithinTheHighRateGap() throws {
        var rng = SplitMix64(seed: 25)
        let values = (0..<30_000).map { _ in rng.nextLaplace() }
        let samples = try TrainingSamples(scalars: values)
        let result = try EntropyConstrainedLloyd().design(
            for: samples, targetDistortion: 0.03, using: &rng)
        // Shannon lower bound for the unit-variance Laplace: h(X) − ½ log2(2πe D).
        let differentialEntropy = log2(2 * M_E / 2.0.squareRoot())
        let lowerBound = differentialEntropy - 0.5 * log2(2 * Double.pi * M_E * 0.03)
        #expect(result.distortion <= 0.03)
        #expect(result.entropyBits >= lowerBound - 0.02)
        #expect(result.entropyBits <= lowerBound + 0.30)
    }

    @Test("degenerate data give zero rate and zero distortion")
    func degenerateDataGiveZeroRateAndZeroDistortion() throws {
        for values in [[3.25], [Double](repeating: 1.5, count: 100)] {
            let samples = try TrainingSamples(scalars: values)
            for target in [0.0, 0.1] {
                var rng = SplitMix64(seed: 3)
                let result = try EntropyConstrainedLloyd().design(
                    for: samples, targetDistortion: target, using: &rng)
                #expect(result.entropyBits == 0)
                #expect(result.distortion == 0)
                #expect(result.codebook == [values[0]])
            }
        }
    }

    @Test("large target gives one codeword and zero target the identity")
    func largeTargetGivesOneCodewordAndZeroTargetTheIdentity() throws {
        let values: [Double] = [0, 0, 1, 1, 1, 5]
        let samples = try TrainingSamples(scalars: values)
        var rng = SplitMix64(seed: 4)
        let coarse = try EntropyConstrainedLloyd().design(
            for: samples, targetDistortion: 100, using: &rng)
        #expect(coarse.codewordCount == 1)
        #expect(coarse.entropyBits == 0)
        let exact = try EntropyConstrainedLloyd().design(
            for: samples, targetDistortion: 0, using: &rng)
        #expect(exact.codebook == [0, 1, 5])
        #expect(exact.distortion == 0)
    }

    @Test("integer data meet the target from below") func integerDataMeetTheTargetFromBelow() throws
    {
        // Ties: distinct values share codewords whole, so D moves in steps; D ≤ target.
        var rng = SplitMix64(seed: 26)
        let values = (0..<20_000).map { _ in (4 * rng.nextLaplace()).rounded() }
        let samples = try TrainingSamples(scalars: values)
        for target in [0.5, 2.0] {
            let result = try EntropyConstrainedLloyd().design(
                for: samples, targetDistortion: target, using: &rng)
            #expect(result.distortion <= target)
            #expect(result.distortion >= 0.8 * target)
        }
    }

    @Test("correlated pairs need fewer bits per dimension than scalar quantisers")
    func correlatedPairsNeedFewerBitsPerDimensionThanScalarQuantisers() throws {
        // (X, Y) with correlation 0.9; D = 0.1 per dimension.
        var rng = SplitMix64(seed: 27)
        var values: [Double] = []
        for _ in 0..<8000 {
            let u = rng.nextGaussian()
            let v = rng.nextGaussian()
            values += [u, 0.9 * u + (1 - 0.81).squareRoot() * v]
        }
        let pairs = try TrainingSamples(values: values, dimension: 2)
        let vector = try EntropyConstrainedLloyd.vectorDefault.design(
            for: pairs, targetDistortion: 0.1, using: &rng)
        let first = try TrainingSamples(
            scalars: stride(from: 0, to: values.count, by: 2).map { values[$0] })
        let scalar = try EntropyConstrainedLloyd().design(
            for: first, targetDistortion: 0.1, using: &rng)
        #expect(vector.dimension == 2)
        #expect(vector.distortion <= 0.1)
        // Two scalar quantisers spend ≈ 1.91 bits per dimension; the pair far fewer.
        #expect(vector.entropyBits / 2 < scalar.entropyBits - 0.2)
    }

    @Test("small vector sets are searched directly") func smallVectorSetsAreSearchedDirectly()
        throws
    {
        // 1000 distinct pairs: fewer than `trainingAtoms`, so no histogram proxy.
        var rng = SplitMix64(seed: 28)
        let samples = try TrainingSamples(
            values: (0..<2000).map { _ in rng.nextGaussian() }, dimension: 2)
        let result = try EntropyConstrainedLloyd.vectorDefault.design(
            for: samples, targetDistortion: 0.1, using: &rng)
        #expect(result.distortion <= 0.1)
        #expect(result.codebook.count == 2 * result.codewordCount)
        #expect(OperatingPointTests.isConvexAndDecreasing(result.hull))
        // Two independent unit coordinates: at most twice the scalar 1.91 bits, and above
        // twice R(D) = 1.66 bits (slack 0.05 and 0.1 bit for 1000 samples).
        #expect(result.entropyBits <= 2 * 1.91 + 0.05)
        #expect(result.entropyBits >= 2 * 1.66 - 0.1)
    }

    @Test("degenerate vector data give zero rate and zero distortion")
    func degenerateVectorDataGiveZeroRateAndZeroDistortion() throws {
        for values in [[1.0, -2.0], [Double](repeating: 0.5, count: 300)] {
            let samples = try TrainingSamples(values: values, dimension: 2)
            for target in [0.0, 0.1] {
                var rng = SplitMix64(seed: 6)
                let result = try EntropyConstrainedLloyd.vectorDefault.design(
                    for: samples, targetDistortion: target, using: &rng)
                #expect(result.entropyBits == 0)
                #expect(result.distortion == 0)
                #expect(result.codewordCount == 1)
            }
        }
    }

    @Test("rejects invalid targets and options") func rejectsInvalidTargetsAndOptions() throws {
        let samples = try TrainingSamples(scalars: [1, 2, 3])
        var rng = SplitMix64(seed: 5)
        #expect(throws: QuantizationError.invalidTargetDistortion(-1)) {
            try EntropyConstrainedLloyd().design(for: samples, targetDistortion: -1, using: &rng)
        }
        #expect(throws: QuantizationError.invalidParameter(name: "stepFactors", value: 0)) {
            try EntropyConstrainedLloyd(stepFactors: [0]).design(
                for: samples, targetDistortion: 0.1, using: &rng)
        }
        #expect(throws: QuantizationError.invalidParameter(name: "lagrangeMultiplier", value: -1)) {
            try EntropyConstrainedLloyd().design(
                for: samples, lagrangeMultiplier: -1, initialCodebook: [0])
        }
    }
}
