import RateDistortion
import Testing
import _TestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The fused certificate pass (one exponential per entry) against the two-pass route that
/// `rdopt verify` uses (the log-domain pass, then the column sums).
@Suite("Row kernel")
struct RowKernelTests {
    /// Relative agreement asked of the two routes: both sum the same positive terms in a
    /// different order and with a different split of the exponent.
    static let tolerance = 1e-12

    static func relativeDifference(_ a: Double, _ b: Double) -> Double {
        if a == b { return 0 }
        return abs(a - b) / max(abs(a), abs(b), 1e-300)
    }

    /// Slopes from 0.1 to 1e6 (the large ones leave every live codeword far in exponent, so the
    /// fused pass's underflow fallback runs), codebooks with dead codewords, vector points.
    @Test(
        "certificatePass equals pass + columnBound",
        arguments: [
            (1, 0.1, 0.0), (1, 5.0, 0.3), (1, 1e3, 0.5), (1, 1e6, 0.7), (2, 20.0, 0.4),
            (3, 2e4, 0.6),
        ])
    func fusedPassAgrees(dimension: Int, slope: Double, deadFraction: Double) throws {
        var generator = SplitMix64(seed: UInt64(dimension * 1_000 + Int(log10(slope) * 10 + 100)))
        let n = 37
        let m = 29
        let source = try PointSet(
            dimension: dimension,
            coordinates: (0..<(n * dimension)).map { _ in generator.nextGaussian() })
        let codebook = try PointSet(
            dimension: dimension,
            coordinates: (0..<(m * dimension)).map { _ in 1.5 * generator.nextGaussian() })
        let kernel = RowKernel(
            field: DistortionField(measure: .squaredError, source: source, codebook: codebook))
        var logWeights = (0..<m).map { _ in log(Double.random(in: 0.01...1, using: &generator)) }
        for j in 0..<m where Double.random(in: 0..<1, using: &generator) < deadFraction {
            logWeights[j] = -.infinity
        }
        logWeights[0] = log(0.5)
        let slopes = (0..<n).map { _ in slope * Double.random(in: 0.5...2, using: &generator) }
        let probabilities = [Double](repeating: 1 / Double(n), count: n)

        let fused = kernel.certificatePass(
            logWeights: logWeights, slopes: slopes, probabilities: probabilities)
        let pass = kernel.pass(logWeights: logWeights, slopes: slopes, probabilities: probabilities)
        let bound = kernel.columnBound(
            slopes: slopes, logPartition: pass.logPartition, probabilities: probabilities)

        for i in 0..<n {
            #expect(
                abs(fused.pass.logPartition[i] - pass.logPartition[i]) <= Self.tolerance
                    * max(1, abs(pass.logPartition[i])))
            #expect(
                Self.relativeDifference(fused.pass.meanExcess[i], pass.meanExcess[i]) <= 1e-10
                    || abs(fused.pass.meanExcess[i] - pass.meanExcess[i]) <= 1e-14)
        }
        for j in 0..<m {
            #expect(
                Self.relativeDifference(fused.pass.columnMass[j], pass.columnMass[j])
                    <= Self.tolerance
                    || abs(fused.pass.columnMass[j] - pass.columnMass[j]) <= 1e-300)
            // Terms below the smallest normal double are flushed to zero by both routes at
            // different points; with Z̃ ≥ 1e-250 a lost term is below 1e-58.
            #expect(
                Self.relativeDifference(fused.columnBound[j], bound[j]) <= Self.tolerance
                    || abs(fused.columnBound[j] - bound[j]) <= 1e-50,
                "c[\(j)]: fused \(fused.columnBound[j]) vs two-pass \(bound[j])")
        }
    }

    /// On a sorted scalar codebook under squared error the certificate pass forms distortions
    /// in its loop and visits only the codewords whose term is not exactly 0: the bits must be
    /// those of the same distortions given as a matrix, every term visited.
    @Test(
        "the scalar certificate pass, windowed, gives the matrix route's bits",
        arguments: [
            0.5, 5.0, 60.0, 1e4,
        ])
    func scalarWindowIsExact(slope: Double) throws {
        var generator = SplitMix64(seed: UInt64(slope * 10))
        let n = 53
        let m = 203
        let x = (0..<n).map { _ in 2 * generator.nextGaussian() }
        let y = (0..<m).map { -7 + 14 * Double($0) / Double(m - 1) }
        let scalar = RowKernel(
            field: DistortionField(
                measure: .squaredError, source: try PointSet(scalars: x),
                codebook: try PointSet(scalars: y)))
        let matrix = try DistortionMatrix(
            rows: x.map { xi in y.map { yj in (xi - yj) * (xi - yj) } })
        let full = RowKernel(
            field: DistortionField(
                measure: .matrix(matrix), source: try PointSet(scalars: x),
                codebook: try PointSet(scalars: y)))
        let logWeights = (0..<m).map { _ in log(Double.random(in: 0.001...1, using: &generator)) }
        let slopes = (0..<n).map { _ in slope * Double.random(in: 0.5...2, using: &generator) }
        let p = [Double](repeating: 1 / Double(n), count: n)
        let a = scalar.certificatePass(logWeights: logWeights, slopes: slopes, probabilities: p)
        let b = full.certificatePass(logWeights: logWeights, slopes: slopes, probabilities: p)
        #expect(a.columnBound == b.columnBound)
        #expect(a.pass.columnMass == b.pass.columnMass)
        #expect(a.pass.logPartition == b.pass.logPartition)
        #expect(a.pass.meanExcess == b.pass.meanExcess)
        #expect(a.pass.variance == b.pass.variance)
        // The column sums of `rdopt verify`'s route, windowed by each row's log-partition.
        let pass = full.pass(logWeights: logWeights, slopes: slopes, probabilities: p)
        #expect(
            scalar.columnBound(slopes: slopes, logPartition: pass.logPartition, probabilities: p)
                == full.columnBound(
                    slopes: slopes, logPartition: pass.logPartition, probabilities: p))
    }
}
