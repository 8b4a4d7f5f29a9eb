import EntropyCoding

extension PredictivePlan {
    /// Data of this many values or more (in at least `2 × calibrationStride` whole chunks) is
    /// calibrated before it is coded whole.
    static let calibrationThreshold = 1 << 16
    /// One chunk in this many is a calibration block.
    static let calibrationStride = 4

    /// Whole chunks of the file, evenly spread (one in ``calibrationStride``), whose closed
    /// loop estimates the whole data's error of a design before the whole data is coded; for
    /// data of at least ``calibrationThreshold`` values under a mean squared error bound, else
    /// nil. The design blocks (about 32,768 values) misjudge long data: on 10^7 values of
    /// speech the first design reached 0.69 of the target, and the whole data was coded twice.
    /// Blocks of 4,096 values spread like the design's did no better (they read 0.50 there, and
    /// 0.91 where the whole data reached 1.45): interpolation's coarse levels in a block that
    /// short are not those of a chunk, so the calibration runs whole chunks.
    static func calibrationBlocks(_ input: PredictiveDesign.Input) -> [Range<Int>]? {
        let n = input.values.count
        let chunk = input.chunkSize
        let whole = n / max(1, chunk)
        guard n >= calibrationThreshold, whole >= 2 * calibrationStride,
            let target = input.settings.targetDistortion,
            input.settings.maximumError.map({ $0 * $0 >= target }) ?? true
        else { return nil }
        let count = whole / calibrationStride
        return (0..<count).map { k in
            let c = (2 * k + 1) * whole / (2 * count)
            return (c * chunk)..<((c + 1) * chunk)
        }
    }

    /// The design's quantiser widened or narrowed on the calibration's word (``WidthSearch``)
    /// until the calibration chunks `chunks` err within ``WidthSearch/band`` of the target, with
    /// those chunks coded by it (the whole coding takes them); after
    /// ``WidthSearch/maximumSteps`` calibrations, the widest quantiser that met the band's top
    /// (or the last one tried, when none did).
    ///
    /// The design is not made again: a design's error on whole chunks is far from what its
    /// blocks promised (2.6 times the target on a photograph tiled to 3,072², a quarter of it
    /// on a 216³ field), and designs at nearby targets land anywhere between (0.26, 1.6 and
    /// 0.38 of the target on the photograph): redesigning on the calibration's word took up to
    /// five designs and three whole codings. Over 48 cases of 16 arrays of about 10^7 values
    /// (photographs and fields tiled or synthesised, speech, seismograms, AR(1), tones, i.i.d.)
    /// widening the first design instead took 12 % less time, with 0.8 % fewer bits in
    /// geometric mean (from 31 % fewer on the tiled photograph to 4.5 % more on a 216³ field).
    static func calibratedWidth(
        _ design: PredictiveDesign, chunks: [Int], input: PredictiveDesign.Input, chunkSize: Int
    ) -> (quantizer: ResidualQuantizer, coded: CodedChunks) {
        let target = input.settings.targetDistortion ?? .infinity
        func calibrated(_ quantizer: ResidualQuantizer) -> (
            quantizer: ResidualQuantizer, coded: CodedChunks, ratio: Double
        ) {
            let coded = CodedChunks(
                chunks, values: input.values, importance: input.importance,
                predictor: design.predictor, encoder: input.encoder(quantizer),
                chunkSize: chunkSize)
            return (quantizer, coded, coded.meanSquaredError / target)
        }
        var search = WidthSearch()
        var factor = 1.0
        var current = calibrated(design.quantizer)
        var widestMet: (factor: Double, quantizer: ResidualQuantizer, coded: CodedChunks)?
        for step in 0...WidthSearch.maximumSteps {
            if current.ratio <= WidthSearch.band.upperBound, factor > widestMet?.factor ?? 0 {
                widestMet = (factor, current.quantizer, current.coded)
            }
            guard step < WidthSearch.maximumSteps,
                let next = search.next(after: factor, ratio: current.ratio)
            else { break }
            factor = next
            current = calibrated(design.quantizer.scaled(by: factor))
        }
        if current.ratio > WidthSearch.band.upperBound, let widestMet {
            return (widestMet.quantizer, widestMet.coded)
        }
        return (current.quantizer, current.coded)
    }

    /// The design whose width ``calibratedWidth(_:chunks:input:chunkSize:)`` fitted, with its
    /// calibration chunks; when that width moved the error by more than a factor of
    /// ``redesignErrorFactor`` either way (a width factor `f` with `f²` beyond it), the design
    /// is also made again at the target the width implies (the design target's scale times
    /// `f²`) and fitted the same way, and the one whose calibration chunks cost fewer bits
    /// under the file's contexts (``calibrationBits(_:input:chunkSize:)``) is kept.
    ///
    /// A quantiser designed for one error and widened far to another is shaped for the wrong
    /// rate. On 16 arrays of about 10^7 values at three bounds, with every shift beyond 1.25
    /// redesigned, the second design was kept in six cases, 0.2 % to 4.8 % fewer bits, none
    /// larger, but the three smallest gains (speech at var/100 0.4 %, at shifts of 1.2–1.6)
    /// cost a redesign, its calibrations and two pricings each (0.13 s of 0.55 on the speech);
    /// beyond a factor of 2 the gains stay (a smooth 216³ field at var/100 4.8 %, the tiled
    /// photograph 2.1 %, an AR(1) signal at ρ = 0.99 1.0 %) for six redesigns in 48 cases.
    static func calibratedDesign(
        _ design: PredictiveDesign, chunks: [Int], input: PredictiveDesign.Input, chunkSize: Int
    ) -> (design: PredictiveDesign, coded: CodedChunks) {
        let fitted = calibratedWidth(design, chunks: chunks, input: input, chunkSize: chunkSize)
        var kept = design
        kept.quantizer = fitted.quantizer
        let widening = fitted.quantizer.halfWidth / design.quantizer.halfWidth
        let shift = widening * widening
        guard shift > redesignErrorFactor || shift * redesignErrorFactor < 1 else {
            return (kept, fitted.coded)
        }
        var again = input
        again.targetScale = input.targetScale * shift
        again.chosenPredictor = design.predictor
        guard var other = try? PredictiveDesign.make(again) else { return (kept, fitted.coded) }
        let refitted = calibratedWidth(other, chunks: chunks, input: again, chunkSize: chunkSize)
        guard
            calibrationBits(refitted.coded, input: input, chunkSize: chunkSize)
                < calibrationBits(fitted.coded, input: input, chunkSize: chunkSize)
        else { return (kept, fitted.coded) }
        // The search's report stays the first design's.
        other.candidates = design.candidates
        other.candidatePredictors = design.candidatePredictors
        other.predictionGainBits = design.predictionGainBits
        other.runnerUp = design.runnerUp
        other.quantizer = refitted.quantizer
        return (other, refitted.coded)
    }

    /// The factor by which the error of a fitted width (`f²` for a width fitted by `f`) must
    /// move, either way, for the design to be made again at the implied target
    /// (``calibratedDesign(_:chunks:input:chunkSize:)``).
    static let redesignErrorFactor = 2.0

    /// Bits per value of calibration chunks `coded` as the file would cost them: their symbols
    /// under the activity contexts ``ContextTables`` would choose for the whole data (for
    /// interpolation; one table otherwise), and their escapes' field.
    static func calibrationBits(_ coded: CodedChunks, input: PredictiveDesign.Input, chunkSize: Int)
        -> Double
    {
        let n = coded.symbols.count
        guard n > 0 else { return 0 }
        var counts = [UInt64](repeating: 0, count: coded.encoder.quantizer.count + 1)
        var escapeBytes = 0
        for chunk in coded.results {
            for (symbol, count) in chunk.counts.enumerated() { counts[symbol] += count }
            escapeBytes += chunk.escapes.escapeByteCount(float32: coded.encoder.roundsToFloat32)
        }
        let escapeBits = 8 * Double(escapeBytes) / Double(n)
        guard let activities = coded.activities else {
            return FrequencyTable.entropyBits(counts: counts) + escapeBits
        }
        let ends = coded.offsets.dropFirst() + [n]
        let fileChunks = (input.values.count + chunkSize - 1) / max(1, chunkSize)
        return ContextTables.symbolBits(
            coded.symbols, activities: activities, alphabetSize: counts.count,
            chunks: zip(coded.offsets, ends).map { $0..<$1 },
            order: ActivityContexts.order(for: coded.predictor),
            fileSamples: input.values.count, fileChunks: fileChunks) + escapeBits
    }
}
