import RDInterchange
import Testing
import _TestSupport

@testable import SampleCompression

/// Bounds at the ends of the double range: a clear refusal or a file within them, never a
/// trap (a maximum error of 10^-200 trapped in the lattice unit of a zero step); bounds near
/// the values' own precision met by escapes (10^-9 on speech was refused).
@Suite("extreme bounds")
struct ExtremeBoundTests {
    static let signal = SampleSet(dimension: 1, values: PredictiveCompressionTests.ar1(5_000))

    @Test("a maximum error whose square underflows is refused with a design error")
    func tinyMaximumError() {
        for e in [1e-200, 1e-300, 5e-324] {
            #expect(throws: CompressionError.self) {
                _ = try SampleCompression.compressPredicted(
                    Self.signal,
                    settings: PredictiveCompressionTests.settings(distortion: nil, maximumError: e))
            }
        }
        #expect(ResidualQuantizer.latticeUnit(halfWidth: 0) == .leastNonzeroMagnitude)
    }

    @Test("bounds near the values' double precision are met (escapes), not refused")
    func nearPrecision() throws {
        let x = Array(Self.signal.values.prefix(1_500))
        let signal = SampleSet(dimension: 1, values: x)
        for e in [1e-12, 1e-14] {
            let (y, _) = try PredictiveCompressionTests.roundTrip(
                signal,
                PredictiveCompressionTests.settings(distortion: nil, maximumError: e))
            for i in x.indices { #expect(abs(x[i] - y[i]) <= e, "value \(i)") }
        }
        let d = 1e-28
        let (y, _) = try PredictiveCompressionTests.roundTrip(
            signal, PredictiveCompressionTests.settings(distortion: d))
        let mse = zip(x, y).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Double(x.count)
        #expect(mse <= d)
    }

    @Test("values near the double range: the predictors that overflow give way, no trap")
    func hugeValues() throws {
        // 0.1 among them: no grid (their binary digits span far more than 53), and every
        // predictor's residuals overflow but no prediction's about the mean (its median, 1e308,
        // would overflow too), whose coding escapes every value exactly. (Before no prediction
        // was always designed, this was a design error naming the overflow.)
        let x = (0..<4_000).map { [1e308, -1e308, 0.1, 1.5e308][$0 % 4] }
        let (y, summary) = try PredictiveCompressionTests.roundTrip(
            SampleSet(dimension: 1, values: x), PredictiveCompressionTests.settings(distortion: 1))
        #expect(y == x)
        #expect(summary.design.predictor.kind == .none)
        // Where even no prediction overflows, the design error names it.
        let wider = SampleSet(
            dimension: 1,
            values: (0..<4_000).map { [1.7e308, 1.7e308, 1.7e308, -1.7e308, 0.1][$0 % 5] })
        #expect(throws: CompressionError.self) {
            _ = try SampleCompression.compressPredicted(
                wider, settings: PredictiveCompressionTests.settings(distortion: 1))
        }
    }

    @Test("values near the double range on a common grid: every value exactly (escaped)")
    func hugeValuesOnAGrid() throws {
        let x = (0..<4_000).map { [1e308, -1e308, 0, 1.5e308][$0 % 4] }
        let (y, summary) = try PredictiveCompressionTests.roundTrip(
            SampleSet(dimension: 1, values: x), PredictiveCompressionTests.settings(distortion: 1))
        #expect(y == x)
        #expect(summary.design.isLossless)
    }

    @Test("a target far above the data's variance gives a file within it")
    func hugeTarget() throws {
        for d in [1e30, 1e300, 1e306] {
            let (y, summary) = try PredictiveCompressionTests.roundTrip(
                Self.signal, PredictiveCompressionTests.settings(distortion: d))
            let x = Self.signal.values
            let mse = zip(x, y).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Double(x.count)
            #expect(mse <= d)
            #expect(summary.summary.bytes < 200)
        }
        #expect(
            TargetScaleSearch.largestScale(target: 1e306) * 1e306 * 16 <= .greatestFiniteMagnitude)
    }
}
