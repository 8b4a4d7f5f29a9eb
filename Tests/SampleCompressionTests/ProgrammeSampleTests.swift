import Testing

@testable import SampleCompression

/// The residuals the interval programme designs on (``PredictiveDesign/programmeSamples(_:flags:)``).
@Suite struct ProgrammeSampleTests {
    @Test("many residuals under a mean squared error alone are thinned to every k-th, k odd")
    func thinning() throws {
        let limit = PredictiveDesign.programmeSampleLimit
        let few = (0..<limit).map(Double.init)
        #expect(try PredictiveDesign.programmeSamples(few, flags: nil) == nil)
        // Just over the limit: every 3rd (2 would be even).
        let many = (0..<(limit + 1)).map(Double.init)
        let thinned = try #require(try PredictiveDesign.programmeSamples(many, flags: nil))
        #expect(thinned.values == Swift.stride(from: 0, to: limit + 1, by: 3).map(Double.init))
        // 3.2 times the limit: every 5th.
        let more = (0..<(3 * limit + limit / 5)).map(Double.init)
        let fifth = try #require(try PredictiveDesign.programmeSamples(more, flags: nil))
        #expect(fifth.values.count == (more.count + 4) / 5 && fifth.values[1] == 5)
        // With per-sample bounds every residual is kept.
        #expect(
            try PredictiveDesign.programmeSamples(
                many, flags: [Bool](repeating: false, count: many.count)) == nil)
    }
}
