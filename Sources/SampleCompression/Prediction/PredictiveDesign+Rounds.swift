import Foundation
import Quantization

extension PredictiveDesign {
    /// The interval programme used on residuals: coarser candidate cuts, fewer search steps and
    /// no bins of their own for important values than a stand-alone design, for speed (with
    /// every residual important under `--max-error`, isolating them made the programme
    /// quadratic); the rounds refine it, and the encoder checks every bound anyway.
    /// Its bound is certified once, for the design the plan keeps (``certified(file:)``), not
    /// for every round's.
    ///
    /// On data of more than ``largeData`` values its candidate cuts are half as fine (16 per
    /// high-rate step instead of 32): the design's cost does not grow with the data, and there it
    /// is most of the time. On 10^7 values of speech at var/100 compressing took 0.61 → 0.55 s
    /// with the same file size, a 3,163² field at var/100 1.84 → 1.39 s with 0.7 % more bits;
    /// on 45 short signals and photographs the finer cuts kept 0.2 % fewer bits (Doppler at
    /// 8,192 values and var/100 0.241 against 0.279 bits per value), so short data keeps them.
    static func residualProgramme(valueCount: Int) -> IntervalProgramme {
        var programme = IntervalProgramme(
            binsPerStep: valueCount > largeData ? 16 : 32, maximumExactValues: 256,
            maximumIsolatedImportantValues: 0, searchSteps: 30, polishSweeps: 4)
        programme.certifiesBound = false
        return programme
    }

    /// Data of more values than this is designed with coarser candidate cuts
    /// (``residualProgramme(valueCount:)``).
    static let largeData = 1 << 20

    /// The share of the target the programme designs for, so that the closed loop's drift
    /// (its residuals move when the quantiser changes) still leaves the round within the target.
    static let designMargin = 0.98

    /// Design ↔ residual rounds from the probe's closed-loop residuals: each round designs on
    /// the last residuals and measures the new closed loop; the best round within the target
    /// (or the probe quantiser, if none is) is kept, scored on the validation blocks when
    /// there are some (``Input/validationBlocks``).
    static func refine(
        _ predictor: Predictor, from start: DesignTrial, probe: ResidualQuantizer, input: Input,
        blocks: [Range<Int>]
    ) throws(CompressionError) -> PredictiveDesign {
        let target = input.designDistortion
        // Trials are compared at the data's share of important samples, not the blocks'.
        let score = { (trial: DesignTrial) in trial.bits(atImportantShare: input.importantShare) }
        // With the codebook of the codewords it used as the file stores it, per value: at high
        // rates a designed quantiser's thousands of uneven codewords took two bytes each (37 KB,
        // 1.5 bits per value of 200,000 float32 speech values within 10^-6 of their range)
        // where the uniform probe's, deflated, take a few dozen bytes.
        let codebookBits = { (trial: DesignTrial) in
            8 * Double(trial.codebookBytes) / Double(max(1, input.values.count))
        }
        // What a quantiser's trial on the design blocks scores: its own figures, or those of
        // the same quantiser on the validation blocks, where an error above the target costs
        // half a bit per doubling (the high-rate slope of the rate in the error). A design
        // fitted to a few samples per cell errs more on other samples: on 300,000 Laplace
        // values at var/10^6, 2,795 cells met 0.98 of the target on the design blocks and
        // reached 1.40 of it on the validation blocks. Only where cells may be that thin: with
        // fewer than ``validatedSamplesPerSymbol`` design residuals per symbol the probe used
        // (validating a smooth 2000 × 2000 field's few symbols cost 8 % of its compression).
        let designSamples = blocks.reduce(0) { $0 + $1.count }
        let validation =
            start.usedSymbols * validatedSamplesPerSymbol > designSamples
            ? input.validationBlocks : nil
        let validated = { (quantizer: ResidualQuantizer, trial: DesignTrial) -> Double in
            guard let validation else {
                return score(trial) + codebookBits(trial)
            }
            let held = DesignTrial(
                predictor: predictor, encoder: input.encoder(quantizer), values: input.values,
                importance: input.importance, blocks: validation)
            // Above the target there, priced at the high-rate slope back down to it.
            let excess = max(1, held.distortion / target)
            return score(held) + codebookBits(held) + 0.5 * log2(excess)
        }
        var best = PredictiveDesign(
            predictor: predictor, quantizer: probe, candidates: [], predictionGainBits: 0,
            designBits: start.distortion <= target ? start.bits : .infinity,
            residualLowerBoundBits: .nan, rounds: 0, designSamples: 0)
        var bestScore = start.distortion <= target ? validated(probe, start) : .infinity
        if !bestScore.isFinite,
            let floor = uniformFloor(
                predictor, probe: probe, start: start, input: input, blocks: blocks)
        {
            best.quantizer = floor.quantizer
            best.designBits = floor.trial.bits
            bestScore = validated(floor.quantizer, floor.trial)
        }
        var trial = start
        // The programme's design behind the best round, certified once the rounds are over.
        var kept: RoundDesign?
        // With an important subset, each round also designs for the mean error alone and lets
        // the subset's samples that miss their tolerance escape on the grid, and the cheaper
        // within the target is kept (speech with its tail held to D/10 at var/100: 1.181 →
        // 1.163 bits per value).
        let variants =
            trial.importance != nil && input.settings.maximumError == nil ? [false, true] : [false]
        for round in 1...max(1, input.settings.designRounds) {
            var outcomes: [(ResidualQuantizer, RoundDesign, DesignTrial)] = []
            for ignoringImportance in variants {
                let quantizer: ResidualQuantizer
                let design: RoundDesign
                do {
                    (quantizer, design) = try designQuantizer(
                        on: trial, input: input, ignoringImportance: ignoringImportance)
                } catch {
                    // The programme cannot reach the target on these residuals (a bound near
                    // the data's double precision: 10^-9 on speech of values to 26,536): the
                    // rounds keep what they have, the uniform probe at least, whose encoder
                    // holds every bound and escapes what it cannot serve.
                    guard trial.residuals.allSatisfy(\.isFinite) else { throw error }
                    continue
                }
                let next = DesignTrial(
                    predictor: predictor, encoder: input.encoder(quantizer), values: input.values,
                    importance: input.importance, blocks: blocks)
                outcomes.append((quantizer, design, next))
            }
            guard !outcomes.isEmpty else { break }
            best.rounds = round
            for (quantizer, design, next) in outcomes where next.distortion <= target {
                let nextScore = validated(quantizer, next)
                guard nextScore < bestScore else { continue }
                best.quantizer = quantizer
                best.designBits = next.bits
                bestScore = nextScore
                best.residualDesignBits = design.design.entropyBits
                best.residualBoundSamples = design.samples.count
                kept = design
            }
            // The next round starts from the cheaper outcome within the target (else the first).
            let next =
                outcomes.filter { $0.2.distortion <= target }.min { score($0.2) < score($1.2) }?.2
                ?? outcomes[0].2
            // Without prediction the residuals do not depend on the quantiser: a second round
            // would design the same quantiser on the same residuals.
            let settled = abs(score(next) - score(trial)) < 0.002 || predictor.kind == .none
            trial = next
            if settled { break }
        }
        if !best.designBits.isFinite { best.designBits = start.bits }
        best.uncertifiedRound = kept
        return best
    }

    /// The design residuals per symbol of the probe below which the rounds' quantisers are
    /// scored on the validation blocks (``refine(_:from:probe:input:blocks:)``).
    static let validatedSamplesPerSymbol = 256

    /// A round's design by the interval programme, with the residuals (all of the design
    /// blocks', or every k-th: ``programmeSamples(_:flags:)``), target and tolerance it was made
    /// for.
    struct RoundDesign: Sendable {
        var design: IntervalDesign
        var samples: TrainingSamples
        var programme: IntervalProgramme
        var targetDistortion: Double
        var tolerance: Double?
    }

    /// Under a mean squared error alone, design residuals beyond this many are thinned for the
    /// interval programme to every k-th (k odd, so that interpolation's power-of-two lattices
    /// are all sampled): its sorting and search grow with them, and on a 3,163² field's 417,516
    /// the six designs took a third of compressing it. On that field, 1000² and 2-D fields of
    /// 2048 × 4096 and 2048 × 3000, a 100³ field and photographs tiled to 1536 × 2560, the
    /// files came out within −5 … +1.6 % (most within ±0.5 %), 2–19 % faster. With per-sample
    /// bounds (a maximum error, an important subset) every residual is kept: on the 1000² field
    /// within σ/10, thinning cost 6.6 %.
    static let programmeSampleLimit = 1 << 17

    /// Every k-th residual (and flag) when they are more than ``programmeSampleLimit`` and
    /// carry no per-sample bounds, else nil (use them all).
    static func programmeSamples(_ residuals: [Double], flags: [Bool]?) throws(QuantizationError)
        -> TrainingSamples?
    {
        guard flags == nil, residuals.count > programmeSampleLimit else { return nil }
        var k = (residuals.count + programmeSampleLimit - 1) / programmeSampleLimit
        if k % 2 == 0 { k += 1 }
        return try TrainingSamples(
            values: Swift.stride(from: 0, to: residuals.count, by: k).map { residuals[$0] },
            importance: nil)
    }

    /// The design with ``residualLowerBoundBits`` certified for the round it kept (a design
    /// the plan discards is never certified: on 10^7 values of speech the first design is
    /// redone on the calibration's word, and each bound costs seven relaxed programme
    /// solutions over a sort of the design residuals).
    /// - Throws: ``CompressionError/design(file:reason:)`` if the programme refuses them.
    func certified(file: String) throws(CompressionError) -> PredictiveDesign {
        guard let round = uncertifiedRound else { return self }
        var result = self
        do {
            result.residualLowerBoundBits = try round.programme.lowerBound(
                for: round.samples, targetDistortion: round.targetDistortion,
                importantTolerance: round.tolerance, around: round.design.lambda)
        } catch {
            throw .design(file: file, reason: "\(error)")
        }
        result.uncertifiedRound = nil
        return result
    }

    /// The uniform probe narrowed until its closed loop meets the target (up to three tries,
    /// each aimed by the error's square law), when the probe itself errs above it: a floor that
    /// the designed rounds must beat. In a closed loop the programme's designs can lock into
    /// oscillation: on a piecewise-polynomial signal of 8,192 values at var/100 (the previous
    /// value predicted, most residuals tiny) the rounds settled on a zero cell around 3.85, whose
    /// error fed back into every next residual, at 0.82 bits per value, where the probe's
    /// staircase narrowed to the target takes 0.05.
    static func uniformFloor(
        _ predictor: Predictor, probe: ResidualQuantizer, start: DesignTrial, input: Input,
        blocks: [Range<Int>]
    ) -> (quantizer: ResidualQuantizer, trial: DesignTrial)? {
        let target = input.designDistortion
        guard input.settings.maximumError == nil, start.distortion > target else { return nil }
        var factor = 1.0
        var distortion = start.distortion
        for _ in 0..<3 {
            factor *= max(0.5, min(0.98, 0.98 * (target / distortion).squareRoot()))
            let quantizer = probe.scaled(by: factor)
            let trial = DesignTrial(
                predictor: predictor, encoder: input.encoder(quantizer), values: input.values,
                importance: input.importance, blocks: blocks)
            if trial.distortion <= target { return (quantizer, trial) }
            distortion = max(trial.distortion, target * 1.0001)
        }
        return nil
    }

    /// One round's design on a trial's residuals, with its cells bounded, and the programme's
    /// design (its entropy and certified bound on those residuals).
    static func designQuantizer(
        on trial: DesignTrial, input: Input, ignoringImportance: Bool = false
    ) throws(CompressionError) -> (ResidualQuantizer, RoundDesign) {
        let settings = input.settings
        var flags = ignoringImportance ? nil : trial.importance
        var tolerance = ignoringImportance ? nil : settings.importantTolerance
        if let e = settings.maximumError, tolerance.map({ $0 >= e * e }) ?? true {
            flags = [Bool](repeating: true, count: trial.residuals.count)
            tolerance = e * e
        }
        // Values near the double range: their differences overflow.
        guard trial.residuals.allSatisfy(\.isFinite) else {
            throw .design(
                file: input.file,
                reason:
                    "the prediction residuals overflow: values this large (near ±1.8e308) leave no finite differences to quantise"
            )
        }
        let design: IntervalDesign
        let samples: TrainingSamples
        let target = input.designDistortion * designMargin
        let programme = residualProgramme(valueCount: input.values.count)
        do {
            samples =
                try programmeSamples(trial.residuals, flags: flags)
                ?? TrainingSamples(values: trial.residuals, importance: flags)
            design = try programme.design(
                for: samples, targetDistortion: target, importantTolerance: tolerance)
        } catch {
            throw .design(file: input.file, reason: "\(error)")
        }
        let low = trial.residuals.min() ?? 0
        let high = trial.residuals.max() ?? 0
        let halfWidth =
            settings.maximumError
            ?? min(
                largestError(design.codewords, design.thresholds, low: low, high: high),
                reachFactor * input.designDistortion.squareRoot())
        let span = max(high - low, halfWidth)
        let quantizer = ResidualQuantizer(
            boundingCells: design.codewords, thresholds: design.thresholds, halfWidth: halfWidth,
            covering: low - span, high + span,
            maximumCount: design.codewords.count
                + 2 * spareCodewords(trial.residuals.count, codewords: design.codewords.count))
        return (
            quantizer,
            RoundDesign(
                design: design, samples: samples, programme: programme, targetDistortion: target,
                tolerance: tolerance)
        )
    }

    /// Under a mean squared error alone, no cell is wider than this many `√D` a side (each
    /// sample is then held within it; one beyond is escaped on the grid). The programme gives
    /// rare residuals wide outer cells, and in a closed loop one sample's error feeds the
    /// predictions after it: on speech with level scales a cell of 98·√D let single errors of
    /// 9,561 through, which spread to finer levels, and no design met the target (0.98·D was
    /// reached only at 1.04·D). Bits per value at var/1000 with 8 (against none): speech 2.151
    /// → 2.146, the shorter speech 2.57 (above D) → 2.158, the 3-D field 0.165 → 0.138; 4 and 3
    /// cost 0.5–1 % more on speech.
    static let reachFactor = 8.0

    /// Spare codewords a side beyond the design residuals' range: 4 … 256, one per 128 design
    /// residuals, or a quarter of the designed codewords when that is more (a fine quantiser's
    /// design residuals leave much of the data's range uncovered, and an escape costs about
    /// three bytes where an unused codeword costs nothing: the file drops it).
    static func spareCodewords(_ designCount: Int, codewords: Int) -> Int {
        max(min(256, max(4, designCount / 128)), codewords / 4)
    }

    /// The largest distance from a codeword to a point of its cell, the outer cells taken to
    /// end at `low` and `high`.
    static func largestError(_ y: [Double], _ t: [Double], low: Double, high: Double) -> Double {
        var e = max(0, y[0] - low, high - y[y.count - 1])
        for j in t.indices { e = max(e, t[j] - y[j], y[j + 1] - t[j]) }
        return e
    }
}
