import Foundation
import Testing

@testable import RateDistortion

/// The safeguarded Newton search that raises a slope until a distortion meets its bound
/// (``SolverState/raiseSlope(from:bound:_:)``), on distortions that fall convexly in the slope,
/// as every Gibbs encoder's does.
@Suite("Raising a slope to a bound")
struct SlopeRaiseTests {
    /// `D(t) = a·e^(−t)`, with its slope's variance `a·e^(−t)`, counting evaluations.
    final class Exponential {
        let scale: Double
        var evaluations = 0
        init(scale: Double) { self.scale = scale }
        func value(_ t: Double) -> (Double, Double) {
            evaluations += 1
            return (scale * exp(-t), scale * exp(-t))
        }
    }

    @Test(
        "a small excess is covered in a step or two, and the bound is met, barely under",
        arguments: [(1e-9, 1), (8e-7, 1), (1e-4, 2)])
    func smallExcess(excess: Double, steps: Int) {
        let bound = 0.01
        let start = 50.0
        let distortion = Exponential(scale: bound * (1 + excess) * exp(start))
        let t = SolverState.raiseSlope(from: start, bound: bound, distortion.value)
        let (met, _) = distortion.value(t)
        // The start's evaluation and each step's (the check above is one more). Aimed at the
        // bound itself, the steps approached it from above and 8e-7 took four.
        #expect(distortion.evaluations == steps + 2)
        #expect(met <= bound)
        // Aimed at most 10^-9 of the bound below it, plus the step's own curvature error.
        #expect(met >= bound * (1 - 2e-9))
    }

    @Test("a large excess converges from the left to just under the bound")
    func largeExcess() {
        let bound = 1.0
        let distortion = Exponential(scale: 1_000)
        let t = SolverState.raiseSlope(from: 0, bound: bound, distortion.value)
        let (met, _) = distortion.value(t)
        #expect(met <= bound && met >= bound * (1 - 2e-9))
        #expect(abs(t - log(1_000)) < 1e-8)
        #expect(distortion.evaluations < 20)
    }

    @Test("a start that already meets the bound stays")
    func alreadyMet() {
        let distortion = Exponential(scale: 0.5)
        #expect(SolverState.raiseSlope(from: 2, bound: 1, distortion.value) == 2)
        #expect(distortion.evaluations == 1)
    }
}
