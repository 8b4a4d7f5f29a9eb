import EntropyCoding
import Foundation
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

/// Long data whose width moved far is designed again at the implied target, and the design
/// whose calibration costs fewer bits kept (``PredictivePlan/calibratedDesign(_:chunks:input:chunkSize:)``).
@Suite struct CalibratedDesignTests {
    @Test("a design narrowed to half its width is widened, designed again, and the cheaper kept")
    func cheaperCalibrationIsKept() throws {
        let x = PredictiveCompressionTests.loudAndQuiet(seed: 12)
        let chunkSize = 1 << 13
        var settings = PredictiveCompressionTests.settings(distortion: 0.05)
        settings.chunkSize = chunkSize
        try x.withUnsafeBufferPointer { values in
            var input = PredictiveDesign.Input(
                values: values, importance: nil, rowLength: 1, planeRows: nil,
                chunkSize: chunkSize, roundsToFloat32: false, settings: settings, file: "x")
            let chunks = try #require(PredictivePlan.calibrationBlocks(input)).map {
                $0.lowerBound / chunkSize
            }
            var design = try PredictiveDesign.make(input)
            input.chosenPredictor = design.predictor
            // Half as wide: a quarter of the error, so the width doubles and the error's
            // shift (about 4) calls for a second design.
            design.quantizer = design.quantizer.scaled(by: 0.5)
            let widthOnly = PredictivePlan.calibratedWidth(
                design, chunks: chunks, input: input, chunkSize: chunkSize)
            let widening = widthOnly.quantizer.halfWidth / design.quantizer.halfWidth
            #expect(widening * widening > PredictivePlan.redesignErrorFactor)
            let chosen = PredictivePlan.calibratedDesign(
                design, chunks: chunks, input: input, chunkSize: chunkSize)
            // Its chunks are those its quantiser codes, near the target.
            #expect(
                chosen.coded.matches(
                    predictor: chosen.design.predictor,
                    encoder: input.encoder(chosen.design.quantizer), chunkSize: chunkSize))
            let ratio = chosen.coded.meanSquaredError / 0.05
            #expect(ratio > 0.9 && ratio <= 1.0, "\(ratio) of the target")
            // No more bits than widening alone, priced alike.
            let bits = { (coded: CodedChunks) in
                PredictivePlan.calibrationBits(coded, input: input, chunkSize: chunkSize)
            }
            #expect(bits(chosen.coded) <= bits(widthOnly.coded))
            #expect(chosen.design.predictor == design.predictor)
        }
    }

    @Test("calibration bits: the entropy of the chunks' symbols for a predictor without contexts")
    func bitsWithoutContexts() throws {
        let x = ChunkReuseTests.signal(20_000)
        let chunkSize = ChunkReuseTests.chunkSize
        var design = NarrowingTests.design(step: 0.3)
        design.predictor.tracksActivity = false
        try x.withUnsafeBufferPointer { values in
            var settings = PredictiveCompressionTests.settings(distortion: 1)
            settings.chunkSize = chunkSize
            let input = PredictiveDesign.Input(
                values: values, importance: nil, rowLength: 1, planeRows: nil,
                chunkSize: chunkSize, roundsToFloat32: false, settings: settings, file: "x")
            let coded = CodedChunks(
                [3, 9], values: values, importance: nil, predictor: design.predictor,
                encoder: input.encoder(design.quantizer), chunkSize: chunkSize)
            #expect(coded.activities == nil)
            var counts = [UInt64](repeating: 0, count: design.quantizer.count + 1)
            for symbol in coded.symbols { counts[Int(symbol)] += 1 }
            let escapes = coded.results.reduce(0) {
                $0 + $1.escapes.escapeByteCount(float32: false)
            }
            let expected =
                FrequencyTable.entropyBits(counts: counts)
                + 8 * Double(escapes) / Double(coded.symbols.count)
            let bits = PredictivePlan.calibrationBits(coded, input: input, chunkSize: chunkSize)
            #expect(abs(bits - expected) <= 1e-12 * expected)
        }
    }
}
