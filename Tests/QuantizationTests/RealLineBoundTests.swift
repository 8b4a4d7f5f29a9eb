import Quantization
import RateDistortion
import Testing
import _TestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The certified lower bound on R(D) of scalar data over every reconstruction.
@Suite("R(D) bound over every reconstruction")
struct RealLineBoundTests {
    /// Gaussian samples: the bound is below the upper bound and below the Gaussian R(D) of the
    /// sample variance (the largest R(D) of any source with that variance), and on a finer grid
    /// within 0.01 bit of it; the certificate is confirmed by an independent recomputation.
    @Test("Gaussian samples: lower ≤ upper, below ½log2(σ²/D), within 0.01 bit on a fine grid")
    func gaussianSamples() throws {
        var generator = SplitMix64(seed: 21)
        let x = (0..<2_500).map { _ in generator.nextGaussian() }
        let mean = x.reduce(0, +) / Double(x.count)
        let variance = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.count)
        let target = 0.05
        let gaussian = 0.5 * log2(variance / target)
        let samples = try TrainingSamples(scalars: x)
        let bound = try RealLineBound.compute(samples, target: target, tolerance: nil)
        #expect(bound.lowerBoundBits <= bound.upperBoundBits + 1e-12)
        #expect(bound.lowerBoundBits <= bound.gridLowerBoundBits + 1e-12)
        #expect(bound.lowerBoundBits <= gaussian + 1e-9)
        #expect(bound.gapBits <= 0.01, "gap \(bound.gapBits)")
        #expect(bound.distortion <= target * (1 + 1e-9))
        #expect(
            bound.certificate.isConfirmed(
                by: try bound.certificate.recomputedLowerBound(for: bound.problem)))
        let fine = try RealLineBound.compute(
            samples, target: target, tolerance: nil, codewords: 3 * bound.grid.count)
        #expect(fine.lowerBoundBits >= gaussian - 0.01, "\(fine.lowerBoundBits) vs \(gaussian)")
        #expect(fine.lowerBoundBits <= gaussian + 1e-9)
    }

    /// With the tails held to their own tolerance the bound rises, stays below the upper bound,
    /// and every tail sample meets its tolerance under the feasible encoder.
    @Test("a tail class raises the bound and is met by the upper bound's encoder")
    func tailClass() throws {
        var generator = SplitMix64(seed: 22)
        let x = (0..<2_000).map { _ in generator.nextGaussian() }
        let important = x.map { abs($0) > 2 }
        let target = 0.05
        let plain = try RealLineBound.compute(
            try TrainingSamples(scalars: x), target: target, tolerance: nil)
        let tails = try RealLineBound.compute(
            try TrainingSamples(scalars: x, importance: important), target: target,
            tolerance: target / 10)
        #expect(tails.lowerBoundBits > plain.lowerBoundBits)
        #expect(tails.lowerBoundBits <= tails.upperBoundBits + 1e-12)
        #expect(
            tails.certificate.isConfirmed(
                by: try tails.certificate.recomputedLowerBound(for: tails.problem)))
        #expect(throws: QuantizationError.self) {
            try RealLineBound.compute(try TrainingSamples(scalars: x), target: -1, tolerance: nil)
        }
    }
}
