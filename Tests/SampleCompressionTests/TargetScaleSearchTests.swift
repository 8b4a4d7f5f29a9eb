import Testing

@testable import SampleCompression

/// The redesign's target scale: secant guesses until the target is bracketed, then guesses only
/// inside the bracket, else its geometric mean.
@Suite("target scale search")
struct TargetScaleSearchTests {
    @Test("a miss below the target scales up by the secant guess")
    func secantBeforeBracket() {
        var search = TargetScaleSearch(target: 1)
        #expect(abs(search.next(after: 0.99, mse: 0.5) - 0.99 * 0.99 / 0.5) <= 1e-15)
    }

    @Test("a step in the error: the guesses stay inside the bracket and halve it")
    func bracketedStep() {
        // The error jumps from 0.83 to 1.03 of the target at scale 1.01.
        func mse(_ scale: Double) -> Double { scale < 1.01 ? 0.83 : 1.03 }
        var search = TargetScaleSearch(target: 1)
        var scale = 0.99
        var (met, missed) = (0.0, Double.infinity)
        for _ in 0..<12 {
            let error = mse(scale)
            if error <= 1 { met = max(met, scale) } else { missed = min(missed, scale) }
            scale = search.next(after: scale, mse: error)
            if met > 0, missed.isFinite { #expect(scale > met && scale < missed) }
        }
        #expect(met < 1.01 && missed >= 1.01 && missed / met < 1.01)
    }
}
