import Testing
import _TestSupport

@testable import Quantization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The annealer's base slope at cold stages, where assignments are hard and the distortion is
/// a step function of the slope.
@Suite("Annealer slope")
struct AnnealerSlopeTests {
    /// The average distortion the annealer's kernel gives at slope `s` (as `solveSlope` sees it).
    static func distortion(_ annealer: Annealer, slope s: Double, logWeights: [Double], tau: Double)
        -> Double
    {
        let pass = annealer.kernel.pass(
            logWeights: logWeights,
            slopes: [Double](repeating: s / tau, count: annealer.rows),
            probabilities: annealer.masses, accumulateColumns: false,
            negligibleLogRatio: Annealer.negligibleLogRatio)
        return (0..<annealer.rows).reduce(0) {
            $0 + annealer.masses[$1] * (annealer.kernel.rowMinima[$1] + pass.meanExcess[$1])
        }
    }

    /// From a slope far too large, the search lowers it to the smallest at which the target is
    /// met (a slightly smaller one misses it), rather than keeping any slope that meets it.
    @Test("at hard assignments the slope is lowered to the smallest that meets the target")
    func hardAssignmentsLowerTheSlope() {
        var generator = SplitMix64(seed: 9)
        let n = 800
        let x = (0..<n).map { _ in generator.nextGaussian() }
        let grid = (0..<9).map { -2 + 0.5 * Double($0) }
        // A law heavy at the centre: small slopes send atoms there, large ones to the nearest.
        let law = grid.map { exp(-$0 * $0) }
        let total = law.reduce(0, +)
        let target = 0.05
        var annealer = Annealer(
            atoms: x, masses: [Double](repeating: 1 / Double(n), count: n),
            tolerances: [Double](repeating: .infinity, count: n), dimension: 1, target: target,
            codebook: grid, law: law.map { $0 / total })
        let tau = 1e-4
        let logWeights = annealer.q.map { log($0) / tau }
        let nearest = Self.distortion(annealer, slope: 1e9, logWeights: logWeights, tau: tau)
        #expect(nearest < target)
        annealer.slope = 1e6
        let met = annealer.solveSlope(logWeights: logWeights, temperature: tau).distortion
        #expect(met <= target * (1 + 1e-9))
        #expect(annealer.slope < 1e3)
        let lower = annealer.slope * (1 - 1e-6)
        #expect(Self.distortion(annealer, slope: lower, logWeights: logWeights, tau: tau) > target)
    }

    /// At a soft stage (a smooth D(s)) the search lands in the band `[D(1 − fitBand), D]`, and the
    /// pass it returns is the kernel's pass at the slope it chose, columns and soft-centroid
    /// sums included, bit for bit: the iteration uses it instead of a pass of its own.
    @Test("at a soft stage the slope meets the target and the pass returned is the one at it")
    func softStageReturnsItsPass() {
        var generator = SplitMix64(seed: 21)
        let n = 600
        let x = (0..<n).map { _ in generator.nextGaussian() }
        let masses = [Double](repeating: 1 / Double(n), count: n)
        let grid = (0..<13).map { -3 + 0.5 * Double($0) }
        let target = 0.1
        var annealer = Annealer(
            atoms: x, masses: masses, tolerances: [Double](repeating: .infinity, count: n),
            dimension: 1, target: target, codebook: grid)
        let tau = 0.5
        let logWeights = annealer.q.map { log($0) / tau }
        let extra = [x.indices.map { masses[$0] * x[$0] }]
        let (met, pass) = annealer.solveSlope(
            logWeights: logWeights, temperature: tau, extraRowWeights: extra)
        #expect(met <= target && met >= target * (1 - Annealer.fitBand))
        let fresh = annealer.kernel.pass(
            logWeights: logWeights, slopes: annealer.rowSlopes(temperature: tau),
            probabilities: masses, accumulateColumns: true,
            negligibleLogRatio: Annealer.negligibleLogRatio, extraRowWeights: extra)
        #expect(pass.columnMass == fresh.columnMass)
        #expect(pass.extraColumnMasses == fresh.extraColumnMasses)
        #expect(pass.logPartition == fresh.logPartition)
        #expect(pass.meanExcess == fresh.meanExcess)
    }
}

/// Own slopes of rows with a tolerance, from warm starts above, at and below the answer.
@Suite("Annealer own slopes")
struct AnnealerOwnSlopeTests {
    /// Row i's distortion at own slope σ, as `ownSlope` sees it.
    static func rowDistortion(
        _ annealer: Annealer, row i: Int, slope sigma: Double, logWeights: [Double], tau: Double
    ) -> Double {
        let r = annealer.kernel.rowStatistics(
            row: i, slope: sigma / tau, weights: annealer.kernel.weights(logWeights),
            negligibleLogRatio: Annealer.negligibleLogRatio, scratch: annealer.kernel.rowScratch())
        return annealer.kernel.rowMinima[i] + r.meanExcess
    }

    /// The smallest slope meeting the bound, by bisection on the row's distortion.
    static func bisected(
        _ annealer: Annealer, row i: Int, bound: Double, logWeights: [Double], tau: Double
    ) -> Double {
        var low = 0.0
        var high = 1.0
        while rowDistortion(annealer, row: i, slope: high, logWeights: logWeights, tau: tau)
            > bound
        {
            high *= 2
        }
        for _ in 0..<200 where high - low > 1e-13 * high {
            let middle = 0.5 * (low + high)
            let d = rowDistortion(annealer, row: i, slope: middle, logWeights: logWeights, tau: tau)
            if d > bound { low = middle } else { high = middle }
        }
        return high
    }

    @Test(
        "the own slope meets the bound and is the smallest to within 1e-6, or 0.7 × the warm start",
        arguments: [0.0, 0.3, 0.999, 1.0, 1.001, 1.5, 20.0])
    func ownSlopeFromWarmStarts(start: Double) {
        var generator = SplitMix64(seed: 5)
        let n = 200
        let x = (0..<n).map { _ in 2 * generator.nextGaussian() }
        let grid = (0..<17).map { -4 + 0.5 * Double($0) }
        let tolerances = x.map { abs($0) > 2.5 ? 0.01 : Double.infinity }
        let annealer = Annealer(
            atoms: x, masses: [Double](repeating: 1 / Double(n), count: n),
            tolerances: tolerances, dimension: 1, target: 0.05, codebook: grid)
        let tau = 0.4
        let logWeights = annealer.q.map { log($0) / tau }
        let weights = annealer.kernel.weights(logWeights)
        let rows = x.indices.filter { tolerances[$0].isFinite }
        #expect(rows.count > 5)
        for i in rows where annealer.kernel.rowMinima[i] <= tolerances[i] {
            let smallest = Self.bisected(
                annealer, row: i, bound: tolerances[i], logWeights: logWeights, tau: tau)
            let sigma = annealer.ownSlope(
                row: i, from: start * smallest, weights: weights, temperature: tau,
                scratch: annealer.kernel.rowScratch())
            let met = Self.rowDistortion(
                annealer, row: i, slope: sigma, logWeights: logWeights, tau: tau)
            #expect(met <= tolerances[i])
            // An own slope falls by at most 30 % per iteration (Annealer.ownSlopeRetention).
            let expected = max(smallest, Annealer.ownSlopeRetention * start * smallest)
            #expect(abs(sigma - expected) <= 1e-6 * expected, "row \(i): \(sigma) vs \(expected)")
        }
    }
}
