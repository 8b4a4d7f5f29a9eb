import EntropyCoding
import Foundation
import RDInterchange

/// Everything of a predicted compression but the writing: the design, the coded symbols, the
/// header; designed again with a scaled target (at most three times) when the whole data's
/// mean squared error comes out above the target or well below it.
struct PredictivePlan {
    var header: CompressedFileHeader
    var symbols: [UInt32]
    var summary: PredictiveSummary
    /// The models of the chunks' segments (one table unless interpolation's levels or
    /// activity contexts pay).
    var segments: SegmentModel

    /// Designs and codes `samples`; `valueImportance`, when given, flags each value (it then
    /// takes the place of the settings' rule and the samples' own flags).
    init(
        _ samples: SampleSet, settings: PredictiveSettings, file: String,
        valueImportance: [Bool]? = nil
    ) throws(CompressionError) {
        let clock = ContinuousClock.now
        try Self.check(samples, settings: settings, file: file)
        let layout = samples.layout
        let extents = layout.fieldExtents
        let rowLength = extents.last ?? 1
        // No larger than the data needs: the header's chunk size then takes fewer bytes.
        let chunkSize = Self.chunkSize(
            extents: extents, requested: min(settings.chunkSize, max(1, samples.values.count)))
        guard chunkSize <= 1 << 22 else {
            throw .design(file: file, reason: "rows of \(rowLength) values are too long to predict")
        }
        if let valueImportance, valueImportance.count != samples.values.count {
            throw .design(
                file: file,
                reason:
                    "\(valueImportance.count) importance flags for \(samples.values.count) values")
        }
        let flags = valueImportance ?? Self.importance(of: samples, rule: settings.importanceRule)
        // The outcomes are moved out one by one (each coding's symbols are then referenced
        // once, and dropping unused codewords renumbers them in place instead of copying 4
        // bytes a value: 9 % of the time on 10^7 values of speech).
        var outcomes: [(PredictiveDesign, PredictiveCoding, Int)] = []
        let failure = samples.values.withUnsafeBufferPointer { values in
            (flags ?? []).withUnsafeBufferPointer { flagValues -> CompressionError? in
                var input = PredictiveDesign.Input(
                    values: values, importance: flags == nil ? nil : flagValues,
                    rowLength: rowLength,
                    planeRows: extents.count == 2 ? extents[0] : nil, chunkSize: chunkSize,
                    roundsToFloat32: layout.valueType == .float32,
                    settings: settings, file: file)
                if let flags, !flags.isEmpty {
                    input.importantShare =
                        Double(flags.reduce(0) { $0 + ($1 ? 1 : 0) }) / Double(flags.count)
                }
                do throws(CompressionError) {
                    outcomes = try Self.outcomes(input, chunkSize: chunkSize)
                    return nil
                } catch {
                    return error
                }
            }
        }
        if let failure { throw failure }
        let designed = Self.seconds(since: clock)
        let measured = outcomes.count > 1
        outcomes.reverse()
        var best: (plan: PredictivePlan, bytes: Int)?
        var firstFailure: CompressionError?
        // Short data keeps each outcome's unused codewords as well, measured: a uniform
        // quantiser's whole lattice of codewords is stored in a few bytes, the codewords some
        // sample uses, uneven, in two each (PyWavelets' Doppler at 1,024 values within
        // var/10^9: 1,001 used codewords took 2.2 KB of header).
        let keepsUnusedToo = samples.values.count <= Self.exhaustiveLimit
        while let (design, coding, retries) = outcomes.popLast() {
            // (A file that cannot hold every codeword, some of them overflowing near the
            // double range, is only not an option.)
            if keepsUnusedToo {
                // Short data is measured without activity contexts as well: their tables'
                // estimate misjudges a few thousand values at high rates (PyWavelets' HeaviSine
                // at 1,024 values and var/1000: 1.070 bits per value without, 1.203 with).
                var plain = settings
                plain.usesActivityContexts = false
                let variants = [(settings, false), (plain, true), (plain, false)]
                for (variant, dropsUnused) in variants where variant != settings || !dropsUnused {
                    if let plan = try? Self(
                        design: design, coding: coding, retries: retries, layout: layout,
                        settings: variant, chunkSize: chunkSize, designSeconds: designed,
                        file: file, dropsUnused: dropsUnused),
                        let bytes = try? plan.byteCount(file: file), bytes < best?.bytes ?? .max
                    {
                        best = (plan, bytes)
                    }
                }
            }
            // An outcome that cannot be written (a codebook overflowing near the double range)
            // is only not an option; its error is reported when no outcome can be.
            do throws(CompressionError) {
                let plan = try Self(
                    design: design, coding: consume coding, retries: retries, layout: layout,
                    settings: settings, chunkSize: chunkSize, designSeconds: designed, file: file)
                // One outcome: no need to measure it.
                let bytes = measured || keepsUnusedToo ? try plan.byteCount(file: file) : 0
                if bytes < best?.bytes ?? .max { best = (plan, bytes) }
            } catch {
                firstFailure = firstFailure ?? error
            }
        }
        guard let best else {
            throw firstFailure ?? .design(file: file, reason: "no predictor could be designed")
        }
        self = best.plan
        summary.designSeconds = designed
    }

    /// One importance flag per value: the rule's for each value, else each sample's flag for
    /// every value of its row.
    static func importance(of samples: SampleSet, rule: ImportanceRule?) -> [Bool]? {
        if let rule {
            let resolved = rule.resolved(for: samples.values)
            return samples.values.map { resolved.isImportant(value: $0) }
        }
        return samples.isImportant.map { flags in
            flags.flatMap { [Bool](repeating: $0, count: samples.dimension) }
        }
    }

    /// The plan of a design and its coding: the segments' tables, the header and the figures.
    private init(
        design: PredictiveDesign, coding: consuming PredictiveCoding, retries: Int,
        layout: SampleLayout, settings: PredictiveSettings, chunkSize: Int, designSeconds: Double,
        file: String, dropsUnused: Bool = true
    ) throws(CompressionError) {
        var design = design
        if dropsUnused { design.quantizer = coding.droppingUnusedCodewords(of: design.quantizer) }
        if !settings.usesActivityContexts { coding.activities = nil }
        segments = try Self.segmentModel(
            design: design, coding: &coding, chunkSize: chunkSize, file: file)
        design.segmentTables = segments.tables.count
        design.activityBins = segments.contexts?.bins ?? 1
        design.neighbourSplits = segments.contexts?.splits ?? 1
        (header, symbols) = try Self.header(
            layout: layout, design: design, coding: coding, segments: segments,
            chunkSize: chunkSize, file: file)
        summary = PredictiveSummary(
            summary: Self.figures(coding, header: header, segments: segments),
            design: design, maximumAbsoluteError: coding.maximumAbsoluteError,
            designSeconds: designSeconds, codingSeconds: 0, retries: retries)
    }

    /// The file's size in bytes, written in memory.
    func byteCount(file: String) throws(CompressionError) -> Int {
        do {
            return try write(into: CountingByteSink(base: MemoryByteSink())).byteCount
        } catch {
            throw .container(file: file, error)
        }
    }

    /// Data of at most this many values, with no predictor requested, is designed and coded
    /// with each candidate predictor (and each interpolation also searched as
    /// `--predictor KIND` would, for its level scales), and the smallest file is kept: the
    /// probes only estimate the designs and the headers (pruning the candidates whose probe
    /// rate was over twice the best's lost PyWavelets' Doppler at 8,192 values, whose linear
    /// interpolation probed at 0.050 bits and the cubic at 0.196, where their files took 0.319
    /// and 0.289). On the 1,024-value
    /// electrocardiogram of PyWavelets at var/100 the probes chose interpolation (304 bytes,
    /// 200 of them header), where the previous value gives 217; on its HeaviSine at 8,192
    /// values and var/1000 linear interpolation (0.269 bits per value), where the cubic gives
    /// 0.213 (SZ3's best 0.228).
    static let exhaustiveLimit = 1 << 13

    /// The designs and codings to choose from: the search's, and for data of at most
    /// ``exhaustiveLimit`` values each other kind's, with the search's report.
    private static func outcomes(_ input: PredictiveDesign.Input, chunkSize: Int)
        throws(CompressionError) -> [(PredictiveDesign, PredictiveCoding, Int)]
    {
        // Data on a grid as coarse as the bounds: designed on it too (or only).
        let grid = PredictiveDesign.gridRegime(input)
        // A grid design that cannot be made (values near the double range) leaves the other.
        let gridOutcomes = grid.flatMap { regime in
            try? Self.gridOutcomes(input, regime: regime, chunkSize: chunkSize)
        }
        if let gridOutcomes, grid?.gridOnly == true, !Self.escapesMuch(gridOutcomes) {
            return gridOutcomes
        }
        let designed: [(PredictiveDesign, PredictiveCoding, Int)]
        do {
            designed = try designAndCode(input, chunkSize: chunkSize)
        } catch {
            // Bounds this fine may defeat the quantised design; the grid's stands.
            guard let gridOutcomes else { throw error }
            return gridOutcomes
        }
        let searched = designed[0].0
        var outcomes = designed + (gridOutcomes ?? [])
        guard input.settings.predictor == nil, searched.candidatePredictors.count > 1 else {
            return outcomes
        }
        guard input.values.count <= exhaustiveLimit else {
            // A close runner-up's design, coded too (interpolation's kind searched on its own).
            guard input.values.count <= codedRunnerUpLimit, let runnerUp = searched.runnerUp,
                let index = searched.candidatePredictors.firstIndex(of: runnerUp)
            else { return outcomes }
            var alternative = input
            if runnerUp.kind.interpolates {
                alternative.settings.predictor = runnerUp.kind
            } else {
                alternative.chosenPredictor = runnerUp
            }
            return outcomes
                + alternativeOutcomes(
                    alternative, index: index, searched: searched, chunkSize: chunkSize)
        }
        var searchedKinds: Set<Predictor.Kind> = [searched.predictor.kind]
        for (index, predictor) in searched.candidatePredictors.enumerated() {
            // Each candidate as the search tried it (a linear one of each order, refitted);
            // an interpolation's kind also searched on its own, for its level scales.
            var alternatives: [PredictiveDesign.Input] = []
            if predictor.description != searched.predictor.description {
                var chosen = input
                chosen.chosenPredictor = predictor
                alternatives.append(chosen)
            }
            if predictor.kind.interpolates, !searchedKinds.contains(predictor.kind) {
                searchedKinds.insert(predictor.kind)
                var kind = input
                kind.settings.predictor = predictor.kind
                alternatives.append(kind)
            }
            for alternative in alternatives {
                outcomes += alternativeOutcomes(
                    alternative, index: index, searched: searched, chunkSize: chunkSize)
            }
        }
        return outcomes
    }

    /// The designs and codings of `alternative` (the search's candidate `index` chosen, or
    /// its kind searched alone), reporting the search's candidates; none when it cannot be
    /// designed (the search's design stands).
    private static func alternativeOutcomes(
        _ alternative: PredictiveDesign.Input, index: Int, searched: PredictiveDesign,
        chunkSize: Int
    ) -> [(PredictiveDesign, PredictiveCoding, Int)] {
        guard let outcomes = try? designAndCode(alternative, chunkSize: chunkSize) else {
            return []
        }
        let noneBits = searched.candidates.first { $0.predictor == "none" }?.probeBits
        return outcomes.map { outcome in
            var outcome = outcome
            outcome.0.candidates = searched.candidates
            outcome.0.candidatePredictors = searched.candidatePredictors
            outcome.0.predictionGainBits =
                noneBits.map { $0 - searched.candidates[index].probeBits } ?? 0
            return outcome
        }
    }

    /// Data of more than ``exhaustiveLimit`` values and at most this many, with no predictor
    /// requested, is designed and coded with the search's close runner-up too
    /// (``PredictiveDesign/runnerUp``), and the smaller file kept: the final costs are
    /// estimates on the design blocks, and a second design and coding cost little here.
    static let codedRunnerUpLimit = 1 << 18

    /// Whether the smallest of the grid's codings escapes more than ``gridEscapeShare`` of the
    /// values, or stores any exactly: the quantised design is then coded too. Whole numbers
    /// alternating between ±(2^53 − 1) gave interpolation residuals beyond 2^53 grid steps,
    /// stored as exact values: 32 bits per value, where the quantised design took 0.07.
    private static func escapesMuch(_ outcomes: [(PredictiveDesign, PredictiveCoding, Int)])
        -> Bool
    {
        guard
            let coding = outcomes.min(by: { $0.1.bits < $1.1.bits })?.1,
            !coding.symbols.isEmpty
        else { return false }
        let share = Double(coding.escapes.count) / Double(coding.symbols.count)
        return !coding.escapes.exactValues.isEmpty || share > gridEscapeShare
    }

    /// The share of escaped values above which a grid-only coding is checked against the
    /// quantised design (``escapesMuch(_:)``).
    static let gridEscapeShare = 0.01

    /// The designs on the data's grid (``PredictiveDesign/onGrid(_:cellPoints:)``) and their
    /// codings: the search's, and for data of at most ``exhaustiveLimit`` values each other
    /// candidate predictor's too (their headers, not their symbols, decide there, and the
    /// probes price headers roughly); each trimmed of its rare outer codewords where that pays
    /// (an escape onto the grid is exact). Under a mean squared error, cells of fewer points
    /// while the whole data's error is above the target (residuals crowding the cells' edges).
    private static func gridOutcomes(
        _ input: PredictiveDesign.Input, regime: PredictiveDesign.GridRegime, chunkSize: Int
    ) throws(CompressionError) -> [(PredictiveDesign, PredictiveCoding, Int)] {
        var input = input
        input.gridUnit = Double(sign: .plus, exponent: regime.exponent, significand: 1)
        var cellPoints = regime.cellPoints
        while true {
            let searched = try PredictiveDesign.onGrid(input, cellPoints: cellPoints)
            var designs = [searched]
            if input.values.count <= exhaustiveLimit, input.settings.predictor == nil {
                for predictor in searched.candidatePredictors
                where predictor != searched.predictor {
                    var chosen = input
                    chosen.chosenPredictor = predictor
                    var design = try PredictiveDesign.onGrid(chosen, cellPoints: cellPoints)
                    design.candidates = searched.candidates
                    design.candidatePredictors = searched.candidatePredictors
                    design.predictionGainBits = searched.predictionGainBits
                    designs.append(design)
                }
            }
            let outcomes = designs.map { design in
                let coding = PredictiveCoding(
                    values: input.values, importance: input.importance,
                    predictor: design.predictor, encoder: input.encoder(design.quantizer),
                    chunkSize: chunkSize)
                return trimmedVariants(design, coding, input: input, chunkSize: chunkSize)
                    .map { ($0, $1, 0) }
            }.flatMap { $0 }
            let n = Double(input.values.count)
            let kept = outcomes.filter { outcome in
                input.settings.targetDistortion.map { outcome.1.squaredErrorSum / n <= $0 } ?? true
            }
            if !kept.isEmpty || cellPoints == 1 { return kept }
            cellPoints -= 2
        }
    }

    /// The chunk size nearest `requested` that holds whole planes of a field of rank 3 or more
    /// (when a plane fits in `requested`; prediction restarts at each chunk, so a chunk that
    /// cut planes would predict their rows without the plane above), else whole rows.
    static func chunkSize(extents: [Int], requested: Int) -> Int {
        let row = extents.last ?? 1
        var unit = row
        if extents.count == 2 {
            let (plane, overflow) = extents[0].multipliedReportingOverflow(by: row)
            if !overflow, plane <= requested { unit = plane }
        }
        return unit * max(1, requested / unit)
    }

    /// Designs, codes, and designs again while the mean squared error of the whole data is
    /// above the target, or below ``settledFraction`` of it (at most ``maximumRetries`` times,
    /// the design target's scale from ``TargetScaleSearch``); returns the coding of fewest bits
    /// that meets the target. The design blocks need not show the whole data's residuals: with
    /// interpolation on a smooth 2-D field their residuals were wider than the whole field's,
    /// and the first design reached 0.6 of the target. Long data (``calibrationBlocks(_:)``)
    /// is designed once (twice when its width moved far), its quantiser's width fitted on
    /// calibration chunks (``calibratedDesign(_:chunks:input:chunkSize:)``), and coded whole
    /// once, then narrowed when it errs above the target or widened when well below it.
    private static func designAndCode(_ input: PredictiveDesign.Input, chunkSize: Int)
        throws(CompressionError) -> [(PredictiveDesign, PredictiveCoding, Int)]
    {
        var input = input
        var retries = 0
        var best: (design: PredictiveDesign, coding: PredictiveCoding, bits: Double)?
        var first: PredictiveDesign?
        var search = input.settings.targetDistortion.map(TargetScaleSearch.init)
        let calibration = calibrationBlocks(input)
        while true {
            var design = try PredictiveDesign.make(input)
            // A repeated design keeps the first one's predictor, and reports its search.
            if let first {
                design.candidates = first.candidates
                design.candidatePredictors = first.candidatePredictors
                design.predictionGainBits = first.predictionGainBits
                design.runnerUp = first.runnerUp
            } else {
                first = design
                input.chosenPredictor = design.predictor
            }
            // The calibration's chunks, coded as the whole coding codes them: it takes them.
            var calibrated: CodedChunks?
            if let calibration {
                let fitted = calibratedDesign(
                    design, chunks: calibration.map { $0.lowerBound / chunkSize }, input: input,
                    chunkSize: chunkSize)
                design = fitted.design
                calibrated = fitted.coded
            }
            let coding = PredictiveCoding(
                values: input.values, importance: input.importance, predictor: design.predictor,
                encoder: input.encoder(design.quantizer), chunkSize: chunkSize,
                reusing: calibrated)
            let mse = coding.squaredErrorSum / Double(input.values.count)
            guard let target = input.settings.targetDistortion else {
                return try trimmedVariants(design, coding, input: input, chunkSize: chunkSize)
                    .map { kept, coded throws(CompressionError) in
                        (try kept.certified(file: input.file), coded, retries)
                    }
            }
            if mse <= target, coding.bits < best?.bits ?? .infinity {
                best = (design, coding, coding.bits)
            }
            // Under a maximum error E with E² below D, E binds and a larger target cannot
            // bring the error up to D.
            let bound = input.settings.maximumError.map { $0 * $0 < target } ?? false
            let settled =
                mse <= target && (mse >= Self.settledFraction * target || bound)
            // Calibrated data is not designed again: its width was fitted on whole chunks, and
            // a new design is a whole coding pass that lands anywhere on the error's staircase
            // (10^7 speech values at var/1000 missed by 1 % twice, and a narrowing then took
            // 0.83 of it); above the target it is narrowed, well below it widened.
            guard !settled, calibration == nil, retries < Self.maximumRetries, mse > 0 else {
                var chosen = (design: best?.design ?? design, coding: best?.coding ?? coding)
                var choices = [chosen]
                if best == nil {
                    chosen = try narrowed(chosen, input: input, chunkSize: chunkSize)
                    choices = [chosen]
                } else if !bound,
                    let widened = stretched(chosen, input: input, chunkSize: chunkSize)
                {
                    // The widening is chosen by its symbols' bits; its header and framing may
                    // outweigh them, so the plan measures both files where those are not a
                    // negligible share.
                    choices =
                        input.values.count <= Self.stretchScanLimit
                        ? [widened, chosen] : [widened]
                }
                return try choices.flatMap { design, coding in
                    trimmedVariants(design, coding, input: input, chunkSize: chunkSize)
                }.map { kept, coded throws(CompressionError) in
                    (try kept.certified(file: input.file), coded, retries)
                }
            }
            retries += 1
            input.targetScale = search?.next(after: input.targetScale, mse: mse) ?? 1
        }
    }

    /// The design with its quantiser widened (``ResidualQuantizer/scaled(by:)``) when its
    /// whole-data error is below ``stretchFraction`` of the target (``openStretchFraction``
    /// without a predictor; ``settledFraction`` on data of more than ``stretchScanLimit``
    /// values, where a widening is a whole coding pass: 10^7 speech values at var/1000 went
    /// 0.972 → 1.000 of it, 0.43 % fewer bytes, in 1.47 times the time) and a wider one meets
    /// it in fewer bits, else nil: the error is a step function of the design's target
    /// (``TargetScaleSearch``), and on speech at var/100 the closest design from below reached
    /// 0.83 of it. At high rates every percent of the target left unused costs 0.007 bits per
    /// value (300,000 Laplace values at var/10^4 stopped at 0.968 of it: 6.836 bits per value,
    /// widened to 0.996 of it 6.814). The first widening aims at ``stretchAim`` of the target
    /// (``openStretchAim`` without a predictor) by the error's square law; once one
    /// overshoots, the rest are spread evenly below it, from the top, down to the widest that
    /// met the target, and the one of fewest bits within the target is kept.
    ///
    /// The error need not grow with the width. In a closed loop a value that repeats exactly
    /// (a clipped signal's ±1, a field's zeros) is reconstructed on the loop's lattice, at a
    /// distance from it that the width decides: on 300,000 values of a sine clipped at ±1 (44 %
    /// of them clipped), widenings by 1.33, 1.15 and 1.07 of the same quantiser erred 1.07,
    /// 1.17 and 1.81 times the target, so a bisection gave up at 0.56 of it.
    private static func stretched(
        _ chosen: (design: PredictiveDesign, coding: PredictiveCoding),
        input: PredictiveDesign.Input, chunkSize: Int
    ) -> (design: PredictiveDesign, coding: PredictiveCoding)? {
        guard let target = input.settings.targetDistortion else { return nil }
        let n = Double(input.values.count)
        let short = input.values.count <= stretchScanLimit
        let tries = short ? maximumStretches : fewerStretches
        // Without a predictor there is no loop: the error follows the width closely.
        let open = chosen.design.predictor.kind == .none
        let fraction = short ? (open ? openStretchFraction : stretchFraction) : settledFraction
        let aim = open ? openStretchAim : stretchAim
        let start = chosen.coding.squaredErrorSum / n
        guard start > 0, start < fraction * target else { return nil }
        var best: (design: PredictiveDesign, coding: PredictiveCoding)?
        // The widest factor that met the target (with its error), and the first that did not.
        var met = (factor: 1.0, mse: start)
        var missed: Double?
        var triesAfterMiss = 0
        for attempt in 0..<tries {
            let factor: Double
            if let missed {
                // Evenly below the overshoot, from the top.
                triesAfterMiss += 1
                let steps = Double(tries - attempt + triesAfterMiss)
                factor = missed - (missed - met.factor) * Double(triesAfterMiss) / steps
            } else {
                guard met.mse < fraction * target else { break }
                factor = met.factor * (aim * target / met.mse).squareRoot()
            }
            var trial = chosen.design
            trial.quantizer = chosen.design.quantizer.scaled(by: factor)
            let coding = PredictiveCoding(
                values: input.values, importance: input.importance, predictor: trial.predictor,
                encoder: input.encoder(trial.quantizer), chunkSize: chunkSize)
            let mse = coding.squaredErrorSum / n
            if mse <= target {
                if coding.bits < (best ?? chosen).coding.bits { best = (trial, coding) }
                if missed == nil { met = (factor, mse) }
            } else if missed == nil {
                missed = factor
            }
        }
        return best
    }

    /// The design with its quantiser narrowed until the whole data's error meets the target,
    /// when no design did: a file above its target is never written. Each try aims by the
    /// error's square law at a share of the target that falls from ``narrowingAims``' first
    /// (a design 1 % above the target loses little) and narrows by at least 0.5 % (the error
    /// is a step function of the width).
    ///
    /// - Throws: ``CompressionError/design(file:reason:)`` when ``narrowingAims``' tries
    ///   do not reach the target.
    static func narrowed(
        _ chosen: (design: PredictiveDesign, coding: PredictiveCoding),
        input: PredictiveDesign.Input, chunkSize: Int
    ) throws(CompressionError) -> (design: PredictiveDesign, coding: PredictiveCoding) {
        guard let target = input.settings.targetDistortion else { return chosen }
        let n = Double(input.values.count)
        var current = chosen
        var mse = chosen.coding.squaredErrorSum / n
        var factor = 1.0
        for aim in Self.narrowingAims where mse > target {
            factor *= min(Self.leastNarrowing, (aim * target / mse).squareRoot())
            current.design.quantizer = chosen.design.quantizer.scaled(by: factor)
            current.coding = PredictiveCoding(
                values: input.values, importance: input.importance,
                predictor: current.design.predictor,
                encoder: input.encoder(current.design.quantizer), chunkSize: chunkSize)
            mse = current.coding.squaredErrorSum / n
        }
        guard mse <= target else {
            throw .design(
                file: input.file,
                reason:
                    "no design met the mean squared error \(target) (the closest reached \(mse))")
        }
        return current
    }

    /// The shares of the target ``narrowed(_:input:chunkSize:)``'s tries aim at, in turn.
    static let narrowingAims = [0.98, 0.95, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4]
    /// The factor every narrowing scales the quantiser by at most.
    static let leastNarrowing = 0.995

    /// Widenings ``stretched(_:input:chunkSize:)`` tries at most on data of up to
    /// ``stretchScanLimit`` values (each codes the whole data once), and above it.
    static let maximumStretches = 6
    static let fewerStretches = 3
    static let stretchScanLimit = 1 << 20

    /// The design without the outer codewords that the coding used at most ``rareUse`` times,
    /// coded again, when that makes the file smaller: each codeword costs up to 16 bytes of
    /// header, an escaped value 8 bytes and its symbol. With interpolation the residuals of the
    /// coarse levels spread far, and the cells that cover them (at most twice the half width
    /// wide each) made 289 codewords for a 128 × 128 field whose symbols took 0.44 bits each:
    /// the header was 2.5 KB of its 3.4.
    private static func trimmed(
        _ design: PredictiveDesign, _ coding: PredictiveCoding, input: PredictiveDesign.Input,
        chunkSize: Int
    ) -> (PredictiveDesign, PredictiveCoding) {
        guard let (quantizer, range) = trimmedQuantizer(design, coding) else {
            return (design, coding)
        }
        // Worth a second closed-loop pass only when the header it can save is a noticeable
        // part of the file.
        let n = Double(input.values.count)
        let saving = Double(
            Self.headerBytesPerCodeword * (design.quantizer.count - quantizer.count))
        guard saving > Self.worthwhileSaving * coding.bits * n / 8,
            let (kept, recoded) = recoded(
                design, with: quantizer, input: input, chunkSize: chunkSize,
                trimming: (coding, range))
        else { return (design, coding) }
        func bytes(_ coding: PredictiveCoding, _ codewords: Int) -> Double {
            coding.bits * n / 8 + Double(Self.headerBytesPerCodeword * codewords)
        }
        return bytes(recoded, quantizer.count) < bytes(coding, design.quantizer.count)
            ? (kept, recoded) : (design, coding)
    }

    /// The design's quantiser without the outer codewords its coding used at most ``rareUse``
    /// times, and the codewords it keeps; nil when none is dropped.
    private static func trimmedQuantizer(_ design: PredictiveDesign, _ coding: PredictiveCoding)
        -> (ResidualQuantizer, ClosedRange<Int>)?
    {
        let counts = Array(coding.counts.dropLast())
        guard let range = ResidualQuantizer.usedRange(counts, rareUse: Self.rareUse),
            let quantizer = design.quantizer.keeping(range),
            quantizer.count < design.quantizer.count
        else { return nil }
        return (quantizer, range)
    }

    /// The design with `quantizer` and its coding of the whole data, or nil when that coding's
    /// error is above the target. With `trimming`, `quantizer` keeps codewords `kept` of the
    /// design's, whose coding that is, and only the chunks that used another codeword are
    /// coded again (``PredictiveCoding/trimmed(to:values:importance:predictor:encoder:chunkSize:)``).
    private static func recoded(
        _ design: PredictiveDesign, with quantizer: ResidualQuantizer,
        input: PredictiveDesign.Input, chunkSize: Int,
        trimming: (coding: PredictiveCoding, kept: ClosedRange<Int>)? = nil
    ) -> (PredictiveDesign, PredictiveCoding)? {
        var kept = design
        kept.quantizer = quantizer
        let coding =
            trimming.map {
                $0.coding.trimmed(
                    to: $0.kept, values: input.values, importance: input.importance,
                    predictor: design.predictor, encoder: input.encoder(quantizer),
                    chunkSize: chunkSize)
            }
            ?? PredictiveCoding(
                values: input.values, importance: input.importance, predictor: design.predictor,
                encoder: input.encoder(quantizer), chunkSize: chunkSize)
        let n = Double(input.values.count)
        if let target = input.settings.targetDistortion, coding.squaredErrorSum / n > target {
            return nil
        }
        return (kept, coding)
    }

    /// ``trimmed(_:_:input:chunkSize:)``'s choice first; on data of at most ``exhaustiveLimit``
    /// values the other one too, when they differ, for the plan to measure: its estimate of a
    /// codeword's header bytes predates binned tables and deflated codebooks, and at high rates
    /// it trimmed short data to escapes (PyWavelets' Doppler at 1,024 values within var/10^9:
    /// 443 of them, 7.2 bits per value).
    private static func trimmedVariants(
        _ design: PredictiveDesign, _ coding: PredictiveCoding, input: PredictiveDesign.Input,
        chunkSize: Int
    ) -> [(PredictiveDesign, PredictiveCoding)] {
        let chosen = trimmed(design, coding, input: input, chunkSize: chunkSize)
        let coarse = coarserLattice(chosen.0, input: input, chunkSize: chunkSize)
        guard input.values.count <= exhaustiveLimit else { return [chosen] + coarse }
        if chosen.0.quantizer.count != design.quantizer.count {
            return [chosen, (design, coding)] + coarse
        }
        // The estimate kept every codeword: the trimmed quantiser too, when one exists.
        guard let (quantizer, range) = trimmedQuantizer(design, coding),
            let other = recoded(
                design, with: quantizer, input: input, chunkSize: chunkSize,
                trimming: (coding, range))
        else { return [chosen] + coarse }
        return [chosen, other] + coarse
    }

    /// On data of at most ``coarseLatticeLimit`` values under a mean squared error alone (no
    /// maximum error, no important tolerance, not on the data's grid): the design with its
    /// codewords on a coarser lattice (``ResidualQuantizer/onCoarserLattice(sampleCount:targetDistortion:)``),
    /// coded again, when it still meets the target; the plan keeps the smaller file.
    private static func coarserLattice(
        _ design: PredictiveDesign, input: PredictiveDesign.Input, chunkSize: Int
    ) -> [(PredictiveDesign, PredictiveCoding)] {
        let settings = input.settings
        guard input.values.count <= coarseLatticeLimit, let target = settings.targetDistortion,
            settings.maximumError == nil, settings.importantTolerance == nil,
            input.gridUnit == nil,
            let quantizer = design.quantizer.onCoarserLattice(
                sampleCount: input.values.count, targetDistortion: target),
            let coded = recoded(design, with: quantizer, input: input, chunkSize: chunkSize)
        else { return [] }
        return [coded]
    }

    /// The most values ``coarserLattice(_:input:chunkSize:)`` codes a design again for: beyond,
    /// the codebook is a negligible share of the file.
    static let coarseLatticeLimit = 1 << 18

    /// Outer codewords used at most this often are dropped by ``trimmed(_:_:input:chunkSize:)``
    /// when that pays.
    static let rareUse: UInt64 = 2
    /// The header's bytes per codeword, about: its difference on the codebook's lattice and its
    /// frequency (docs/formats.md).
    static let headerBytesPerCodeword = 4
    /// The least share of the file's payload a trimmed header must save to be tried.
    static let worthwhileSaving = 0.002

    /// A mean squared error at least this fraction of the target needs no new design.
    static let settledFraction = 0.95
    /// A final error below this fraction of the target is widened towards ``stretchAim``.
    static let stretchFraction = 0.985
    /// The share of the target a widening aims at by the error's square law.
    static let stretchAim = 0.99
    /// ``stretchFraction`` and ``stretchAim`` without a predictor, where no closed loop moves
    /// the residuals as the width changes.
    static let openStretchFraction = 0.993
    static let openStretchAim = 0.997
    /// New designs after the first.
    static let maximumRetries = 3

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        SampleCompression.seconds(since: start)
    }

    /// Writes the header and the chunks.
    func write<Sink: ByteSink>(into sink: Sink) throws(EntropyCodingError) -> Sink {
        let segments = self.segments
        var writer = try CompressedFileWriter(
            sink: sink, tables: header.tables, metadata: header.metadata,
            sampleCount: header.sampleCount, chunkSize: header.chunkSize,
            segmentation: { chunk, count in segments.segments(chunk: Int(chunk), count: count) },
            compact: true)
        try writer.write(symbols)
        return try writer.finish()
    }
}
