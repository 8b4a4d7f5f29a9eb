import RateDistortion
import Testing
import _TestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Windowed passes (codewords whose terms are below `e^{−L}` of their row's largest left out)
/// against full passes, on sorted scalar codebooks under squared error.
@Suite("Row kernel windows")
struct RowKernelWindowTests {
    /// L of the annealing passes.
    static let logRatio = 36.0

    struct Case {
        let kernel: RowKernel
        let logWeights: [Double]
        let slopes: [Double]
        let probabilities: [Double]

        /// The kernel's pass over this case with window ratio `logRatio` (nil: the default).
        func pass(_ logRatio: Double? = nil) -> RowKernel.Pass {
            guard let logRatio else {
                return kernel.pass(
                    logWeights: logWeights, slopes: slopes, probabilities: probabilities)
            }
            return kernel.pass(
                logWeights: logWeights, slopes: slopes, probabilities: probabilities,
                negligibleLogRatio: logRatio)
        }
    }

    /// n points, m sorted codewords (some dead), slopes spread around `slope`.
    static func makeCase(seed: UInt64, slope: Double, sorted: Bool = true) throws -> Case {
        var generator = SplitMix64(seed: seed)
        let n = 211
        let m = 157
        let source = try PointSet(
            dimension: 1, coordinates: (0..<n).map { _ in 3 * generator.nextGaussian() })
        var words = (0..<m).map { _ in 4 * generator.nextGaussian() }
        if sorted { words.sort() }
        let codebook = try PointSet(dimension: 1, coordinates: words)
        let kernel = RowKernel(
            field: DistortionField(measure: .squaredError, source: source, codebook: codebook))
        var logWeights = (0..<m).map { _ in log(Double.random(in: 1e-6...1, using: &generator)) }
        for j in 0..<m where Double.random(in: 0..<1, using: &generator) < 0.2 {
            logWeights[j] = -.infinity
        }
        let slopes = (0..<n).map { _ in slope * Double.random(in: 0.5...2, using: &generator) }
        let probabilities = [Double](repeating: 1 / Double(n), count: n)
        return Case(
            kernel: kernel, logWeights: logWeights, slopes: slopes, probabilities: probabilities)
    }

    @Test("a windowed pass agrees with the full pass", arguments: [0.05, 1.0, 30.0, 1e4, 1e8])
    func windowedPassAgrees(slope: Double) throws {
        let c = try Self.makeCase(seed: UInt64(log10(slope) * 10 + 100), slope: slope)
        let full = c.pass(.infinity)
        let windowed = c.pass(Self.logRatio)
        let weights = c.kernel.weights(c.logWeights)
        // Each left-out term is below e^{-36} ≈ 2.3e-16 of a partition function ≥ 1; 157 of them
        // move log Z̃ by at most 4e-14, and a mass or a moment by as much relative to its scale.
        for i in 0..<c.slopes.count {
            #expect(abs(windowed.logPartition[i] - full.logPartition[i]) <= 1e-13)
            let scale = max(full.meanExcess[i], 1 / c.slopes[i])
            #expect(abs(windowed.meanExcess[i] - full.meanExcess[i]) <= 1e-11 * scale)
            let spread = max(full.variance[i], 1 / (c.slopes[i] * c.slopes[i]))
            #expect(abs(windowed.variance[i] - full.variance[i]) <= 1e-10 * spread)
            let row = c.kernel.rowStatistics(
                row: i, slope: c.slopes[i], weights: weights, negligibleLogRatio: Self.logRatio)
            #expect(row.logPartition == windowed.logPartition[i])
            #expect(row.meanExcess == windowed.meanExcess[i])
        }
        for j in 0..<c.logWeights.count {
            #expect(abs(windowed.columnMass[j] - full.columnMass[j]) <= 1e-13)
        }
    }

    /// The default window (L = 720) leaves out only terms whose exponential is exactly 0, in
    /// whole SIMD lanes: every figure is the full pass's, bit for bit.
    @Test("the default window changes no bit", arguments: [0.05, 1.0, 30.0, 1e4, 1e8])
    func exactWindowIsBitForBit(slope: Double) throws {
        let c = try Self.makeCase(seed: UInt64(log10(slope) * 10 + 200), slope: slope)
        let full = c.pass(.infinity)
        let windowed = c.pass()
        #expect(windowed.logPartition == full.logPartition)
        #expect(windowed.meanExcess == full.meanExcess)
        #expect(windowed.variance == full.variance)
        #expect(windowed.columnMass == full.columnMass)
        let weights = c.kernel.weights(c.logWeights)
        for i in 0..<c.slopes.count {
            let row = c.kernel.rowStatistics(row: i, slope: c.slopes[i], weights: weights)
            #expect(row.logPartition == full.logPartition[i])
            #expect(row.variance == full.variance[i])
        }
    }

    @Test("an unsorted codebook is never windowed")
    func unsortedIsFull() throws {
        let c = try Self.makeCase(seed: 11, slope: 30, sorted: false)
        let full = c.pass()
        let windowed = c.pass(Self.logRatio)
        #expect(windowed.logPartition == full.logPartition)
        #expect(windowed.columnMass == full.columnMass)
    }

    @Test("row minima by binary search equal the full scan", arguments: [true, false])
    func rowMinimaAgree(sorted: Bool) throws {
        let c = try Self.makeCase(seed: 5, slope: 1, sorted: sorted)
        #expect(c.kernel.rowMinima == c.kernel.field.rowMinima())
    }
}
