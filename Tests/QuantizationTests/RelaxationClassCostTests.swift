import RateDistortion
import Testing
import _TestSupport

@testable import Quantization

/// The relaxation's predicted class cost, from the program without the class solved on another
/// thread once the one with it has closed its gap (within half the time budget).
@Suite("Relaxation class cost")
struct RelaxationClassCostTests {
    /// The relaxation of 1,000 Gaussian samples at D = 0.1 with |x| > 1.5 held to D/10.
    static func relaxation(timeLimit: Double?) throws -> (
        PendingRelaxation?, Solution?, String?
    ) {
        let x = SeededSamples.gaussian(1_000, seed: 5)
        let important = x.map { abs($0) > 1.5 }
        let target = 0.1
        let samples = try TrainingSamples(scalars: x, importance: important)
        let designer = QuantizerDesigner()
        let source = try EmpiricalSource(samples, options: designer.sourceOptions)
        let grid = try designer.initialGrid(source: source, target: target, tolerance: target / 10)
        return QuantizerDesigner.relaxation(
            source: source, grid: grid.codebook, target: target, tolerance: target / 10,
            timeLimit: timeLimit)
    }

    @Test("the program without the class lies below, and the predicted cost bounds the difference")
    func predictedCostBoundsTheDifference() throws {
        let (pending, solution, unavailable) = try Self.relaxation(timeLimit: nil)
        #expect(unavailable == nil)
        let with = try #require(solution)
        #expect(with.status == .optimal)
        let report = try #require(pending?.finished)
        let free = try #require(report.rateWithoutClassBits)
        #expect(free < with.rateBits)
        // R_with ≤ R_free + Σ μ_i (D_i^free − D′)⁺ at the class's optimal prices (each solve
        // closed to 1e-9 nats).
        let estimate = try #require(report.priceEstimateBits)
        #expect(estimate >= with.rateBits - free - 1e-8)
        #expect(report.tolerancePriceBits != nil)
    }

    @Test("without time for it the class cost is not computed, and the report says why")
    func classCostNeedsAClosedGap() throws {
        // A budget far too short to close the gap: the bound still comes back, looser.
        let (pending, solution, _) = try Self.relaxation(timeLimit: 1e-6)
        let with = try #require(solution)
        #expect(with.status != .optimal)
        let report = try #require(pending?.finished)
        #expect(report.rateWithoutClassBits == nil && report.priceEstimateBits == nil)
        #expect(report.classCostUnavailable?.contains("did not close its gap") == true)
        #expect(report.lowerBoundBits <= report.rateBits)
    }
}
