import Testing
import _TestSupport

@testable import SampleCompression

/// Long data's quantiser width is fitted on its calibration chunks (``WidthSearch``,
/// ``PredictivePlan/calibratedWidth(_:chunks:input:chunkSize:)``).
@Suite struct WidthSearchTests {
    /// The factors the search tries against `error` (the calibration's share of the target at
    /// a factor), from 1, until it stops or has tried `limit`; with the last factor's share.
    static func run(_ error: (Double) -> Double, limit: Int = WidthSearch.maximumSteps) -> (
        factors: [Double], last: Double
    ) {
        var search = WidthSearch()
        var factors = [1.0]
        while factors.count <= limit,
            let next = search.next(after: factors[factors.count - 1], ratio: error(factors.last!))
        {
            factors.append(next)
        }
        return (factors, error(factors.last!))
    }

    @Test(
        "an error that follows the square law lands in the band in one step",
        arguments: [2.6, 1.3, 0.25, 0.9])
    func squareLawInOneStep(start: Double) {
        let (factors, last) = Self.run { start * $0 * $0 }
        #expect(factors.count == 2)
        #expect(abs(last - WidthSearch.aim) <= 1e-12)
        #expect(WidthSearch.band.contains(last))
    }

    @Test("within the band, or at an error no width corrects, the search stops at once")
    func stopsAtOnce() {
        for ratio in [0.96, 0.97, 0.985, 0, -1, .nan, .infinity] {
            var search = WidthSearch()
            #expect(search.next(after: 1, ratio: ratio) == nil, "\(ratio)")
        }
    }

    @Test("an error that jumps past the band is bisected between the widths that met and missed")
    func staircaseIsBisected() {
        // A staircase: the error jumps from 0.8 to 1.2 of the target at a factor of 1.1, so no
        // width lands in the band; every factor after the first miss stays in the bracket.
        let error = { (factor: Double) in factor < 1.1 ? 0.8 : 1.2 }
        let (factors, _) = Self.run(error, limit: 12)
        #expect(factors.count == 13)
        var met = 0.0
        var missed = Double.infinity
        for (k, factor) in factors.enumerated() {
            if k > 0, missed.isFinite {
                #expect(
                    factor > met && factor < missed, "factor \(factor) outside (\(met), \(missed))")
            }
            if error(factor) <= WidthSearch.band.upperBound {
                met = max(met, factor)
            } else {
                missed = min(missed, factor)
            }
        }
        // The bracket closes in on the jump.
        #expect(met < 1.1 && missed >= 1.1 && missed - met < 1e-3)
    }

    @Test(
        "a calibration at several times the target ends with a quantiser whose chunks meet the band"
    )
    func calibratedWidthMeetsTheBand() throws {
        let x = ChunkReuseTests.signal(20_000)
        let chunkSize = ChunkReuseTests.chunkSize
        let chunks = [2, 7, 12, 17]
        let design = NarrowingTests.design(step: 0.3)
        try x.withUnsafeBufferPointer { values in
            var settings = PredictiveCompressionTests.settings(distortion: 1)
            settings.chunkSize = chunkSize
            func input(_ target: Double) -> PredictiveDesign.Input {
                var settings = settings
                settings.targetDistortion = target
                return PredictiveDesign.Input(
                    values: values, importance: nil, rowLength: 1, planeRows: nil,
                    chunkSize: chunkSize, roundsToFloat32: false, settings: settings, file: "x")
            }
            let first = CodedChunks(
                chunks, values: values, importance: nil, predictor: design.predictor,
                encoder: input(1).encoder(design.quantizer), chunkSize: chunkSize)
            let error = first.meanSquaredError
            #expect(error > 0)
            // Targets the design misses by 2.5 times, and meets with four times to spare.
            for share in [2.5, 0.25] {
                let target = error / share
                let fitted = PredictivePlan.calibratedWidth(
                    design, chunks: chunks, input: input(target), chunkSize: chunkSize)
                let ratio = fitted.coded.meanSquaredError / target
                #expect(WidthSearch.band.contains(ratio), "\(ratio) of the target at \(share)")
                // Narrowed for a miss, widened for room to spare.
                #expect(
                    share > 1
                        ? fitted.quantizer.halfWidth < design.quantizer.halfWidth
                        : fitted.quantizer.halfWidth > design.quantizer.halfWidth)
                // The chunks handed on are those the fitted quantiser codes.
                #expect(
                    fitted.coded.matches(
                        predictor: design.predictor,
                        encoder: input(target).encoder(fitted.quantizer), chunkSize: chunkSize))
                #expect(fitted.coded.indices == chunks)
            }
        }
    }
}
