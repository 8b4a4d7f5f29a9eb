import RateDistortion
import Testing
import _TestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A pass that accumulates extra row-weight vectors (annealing's soft centroids) beside the
/// output law gives each of their column sums as a pass of its own would, to the bit.
struct RowKernelExtraWeightsTests {
    @Test(
        "extra row weights' column sums equal separate passes bit for bit",
        arguments: [(1, 36.0), (1, RowKernel.exactLogRatio), (2, RowKernel.exactLogRatio)])
    func extraWeights(dimension: Int, logRatio: Double) throws {
        var generator = SplitMix64(seed: 41)
        // Enough rows that the pass splits them across workers.
        let n = 400
        let m = 300
        let x = (0..<(n * dimension)).map { _ in 3 * generator.nextGaussian() }
        let y = (0..<(m * dimension)).map { _ in 3 * generator.nextGaussian() }.sorted()
        let field = DistortionField(
            measure: .squaredError, source: try PointSet(dimension: dimension, coordinates: x),
            codebook: try PointSet(dimension: dimension, coordinates: y))
        let kernel = RowKernel(field: field)
        let logWeights = (0..<m).map { _ in log(Double.random(in: 1e-6...1, using: &generator)) }
        let slopes = (0..<n).map { _ in Double.random(in: 0.1...30, using: &generator) }
        let p = (0..<n).map { _ in Double.random(in: 0.1...1, using: &generator) }
        let extras = (0..<dimension).map { c in (0..<n).map { p[$0] * x[$0 * dimension + c] } }
        let fused = kernel.pass(
            logWeights: logWeights, slopes: slopes, probabilities: p, negligibleLogRatio: logRatio,
            extraRowWeights: extras)
        let plain = kernel.pass(
            logWeights: logWeights, slopes: slopes, probabilities: p, negligibleLogRatio: logRatio)
        #expect(fused.columnMass.map(\.bitPattern) == plain.columnMass.map(\.bitPattern))
        #expect(fused.logPartition.map(\.bitPattern) == plain.logPartition.map(\.bitPattern))
        #expect(fused.extraColumnMasses.count == dimension)
        for (c, extra) in extras.enumerated() {
            let separate = kernel.pass(
                logWeights: logWeights, slopes: slopes, probabilities: extra,
                negligibleLogRatio: logRatio)
            #expect(
                fused.extraColumnMasses[c].map(\.bitPattern)
                    == separate.columnMass.map(\.bitPattern))
        }
        #expect(plain.extraColumnMasses.isEmpty)
    }
}
