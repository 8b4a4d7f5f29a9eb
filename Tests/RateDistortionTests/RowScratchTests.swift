import RateDistortion
import Testing
import _TestSupport

/// Single-row evaluations in reused scratch buffers equal fresh ones, to the bit.
struct RowScratchTests {
    @Test("one scratch serves many rows and slopes with the results of fresh buffers")
    func reuse() throws {
        var generator = SplitMix64(seed: 43)
        let x = (0..<50).map { _ in 2 * generator.nextGaussian() }
        let y = (0..<70).map { _ in 2 * generator.nextGaussian() }.sorted()
        let kernel = RowKernel(
            field: DistortionField(
                measure: .squaredError, source: try PointSet(dimension: 1, coordinates: x),
                codebook: try PointSet(dimension: 1, coordinates: y)))
        let weights = kernel.weights(
            (0..<70).map { _ in -Double.random(in: 0...9, using: &generator) })
        let scratch = kernel.rowScratch()
        for i in 0..<50 {
            for slope in [0.0, 0.5, 40, 4e6] {
                for ratio in [36.0, RowKernel.exactLogRatio] {
                    let fresh = kernel.rowStatistics(
                        row: i, slope: slope, weights: weights, negligibleLogRatio: ratio)
                    let reused = kernel.rowStatistics(
                        row: i, slope: slope, weights: weights, negligibleLogRatio: ratio,
                        scratch: scratch)
                    #expect(fresh.logPartition.bitPattern == reused.logPartition.bitPattern)
                    #expect(fresh.meanExcess.bitPattern == reused.meanExcess.bitPattern)
                    #expect(fresh.variance.bitPattern == reused.variance.bitPattern)
                }
            }
        }
    }
}
