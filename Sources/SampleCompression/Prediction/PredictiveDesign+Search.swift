import Foundation
import Quantization

extension PredictiveDesign {
    /// The data a design works on.
    struct Input {
        let values: UnsafeBufferPointer<Double>
        let importance: UnsafeBufferPointer<Bool>?
        let rowLength: Int
        /// Rows per plane for a field of rank 3 or more (its second-last extent), else nil.
        let planeRows: Int?
        /// The file's chunk size, a multiple of ``rowLength``: prediction restarts at each chunk.
        let chunkSize: Int
        let roundsToFloat32: Bool
        var settings: PredictiveSettings
        /// The scale on the design's distortion target: a hair below 1, for the closed loop's drift
        /// from the design blocks to the whole data, and lower after a miss.
        var targetScale = 0.99
        let file: String
        /// The predictor a repeated design keeps (the first design's winner), or nil to search
        /// the candidates.
        var chosenPredictor: Predictor?
        /// The share of the data's values that are important (the design blocks' share may
        /// differ; ``DesignTrial/bits(atImportantShare:)``).
        var importantShare = 0.0
        /// Blocks apart from the design blocks on which the rounds' quantisers and the
        /// finalists are scored (``DesignSubsample/validationBlocks``), or nil: the design
        /// blocks themselves.
        var validationBlocks: [Range<Int>]?
        /// The data's grid, for a design without loss on it (``PredictiveDesign/lossless(_:)``):
        /// the encoders then escape onto it.
        var gridUnit: Double?

        /// `predictor` with its predictions rounded to the data's grid, when the design rounds
        /// them (level scales would take its residuals off the grid: none).
        func onGrid(_ predictor: Predictor) -> Predictor {
            guard let unit = gridUnit else { return predictor }
            var snapped = predictor
            snapped.levelScales = []
            snapped.gridExponent = Int(unit.exponent)
            return snapped
        }

        /// The mean squared error the design aims at, scaled.
        var designDistortion: Double { settings.designDistortion * targetScale }

        /// The probe quantiser's step: the high-rate step `√(12 D)`, at most `2E`.
        var probeStep: Double {
            let step = (12 * designDistortion).squareRoot()
            return settings.maximumError.map { min(step, 2 * $0) } ?? step
        }

        /// The encoder of `quantizer` under the settings' bounds. Every sample is also held
        /// within the quantiser's half width (a hair over it, for rounding): a residual beyond
        /// the covered range is escaped rather than given a far codeword, whose error would feed
        /// back into the next predictions (Lorenzo 3 diverges that way).
        /// The encoder that ranks predictors: the bounds on every sample, but no important
        /// subset (its tolerance would escape many samples of a coarse probe at 64 bits each
        /// and swamp the rates being compared).
        func probeEncoder(_ quantizer: ResidualQuantizer) -> ClosedLoopEncoder {
            let reach = quantizer.halfWidth * (1 + 1e-9)
            return ClosedLoopEncoder(
                quantizer: quantizer, maximumError: min(settings.maximumError ?? reach, reach),
                importantTolerance: .infinity, roundsToFloat32: roundsToFloat32)
        }

        func encoder(_ quantizer: ResidualQuantizer) -> ClosedLoopEncoder {
            let reach = quantizer.halfWidth * (1 + 1e-9)
            return ClosedLoopEncoder(
                quantizer: quantizer, maximumError: min(settings.maximumError ?? reach, reach),
                importantTolerance: settings.importantTolerance ?? .infinity,
                roundsToFloat32: roundsToFloat32, gridUnit: gridUnit)
        }
    }

    /// Chooses the predictor and designs the residual quantiser (see the type's description).
    ///
    /// - Throws: ``CompressionError/design(file:reason:)`` when no candidate applies to the
    ///   data or the interval programme fails.
    /// - Complexity: O(c·s) for c candidates on s design samples, plus the designs.
    static func make(_ input: Input) throws(CompressionError) -> PredictiveDesign {
        let n = input.values.count
        let subsample = DesignSubsample(
            count: n, rowLength: input.rowLength, planeRows: input.planeRows,
            sampleCount: input.settings.designSampleCount, chunkSize: input.chunkSize)
        var input = input
        input.validationBlocks = subsample.validationBlocks
        let scoring = subsample.validationBlocks ?? subsample.blocks
        let origin = Self.origin(input.values, blocks: subsample.blocks)
        // The candidates are ranked (and linear ones fitted) on the screening blocks.
        let screening = screeningBlocks(subsample.blocks)
        var candidates =
            input.chosenPredictor.map { [$0] }
            ?? PredictorCandidates.candidates(
                requested: input.settings.predictor, rowLength: input.rowLength,
                planeRows: input.planeRows, values: input.values, blocks: screening,
                origin: origin)
        guard !candidates.isEmpty else {
            let kind = input.settings.predictor
            // A linear predictor is dropped when its least squares have no solution.
            let fitted = kind == .linear || kind == .linearStencil
            throw .design(
                file: input.file,
                reason: fitted
                    ? "the predictor \(kind?.name ?? "") cannot be fitted to these values (constant, or too few for its coefficients): try previous or none"
                    : "the predictor \(kind?.name ?? "") does not apply to data of this shape"
            )
        }
        // A bound whose square underflows, or twelve times which overflows, leaves the design
        // no step to work with.
        guard input.probeStep.isNormal else {
            let reason =
                input.probeStep > 1
                ? "the bound is too large to design for: twelve times its squared error overflows (a target distortion above about 1.4e307)"
                : "the bound is too small to design for: its squared error is not a normal positive double (a maximum error below about 1.5e-154)"
            throw .design(file: input.file, reason: reason)
        }
        let probe = probeQuantizer(input, blocks: subsample.blocks, origin: origin)
        var trials: [DesignTrial] = []
        var rates: [Double] = []
        func firstTrial(_ predictor: Predictor, _ blocks: [Range<Int>]) -> DesignTrial {
            DesignTrial(
                predictor: predictor, encoder: input.probeEncoder(probe), values: input.values,
                importance: nil, blocks: blocks, contexts: candidates.count > 1,
                chunkSize: input.chunkSize)
        }
        let screened = candidates.map { firstTrial($0, screening) }
        let leastFirst = screened.map(\.contextBits).min() ?? 0
        for (index, predictor) in candidates.enumerated() {
            // A candidate far behind the best first probe is neither refitted nor bracketed:
            // its probe rate stands (no refit or bracket moved a rate by such a factor).
            if candidates.count > 1,
                screened[index].contextBits > Self.contenderFactor * leastFirst + 0.05
            {
                trials.append(screened[index])
                rates.append(screened[index].contextBits)
                continue
            }
            let trial = screened[index]
            let (refit, better) = refitted(
                predictor, trial, probe: probe, input: input, blocks: screening)
            candidates[index] = refit
            trials.append(better)
            rates.append(
                candidates.count == 1
                    ? better.bits
                    : rateAtTarget(
                        refit, better.pricedUnderContexts, input: input,
                        blocks: screening, origin: origin))
        }
        let scores = zip(zip(candidates, trials), rates).map { pair, rate in
            rate + headerBits(pair.0, usedSymbols: pair.1.usedSymbols, sampleCount: n)
        }
        let preferred = preferredWinner(scores)
        let noneBits = zip(candidates, rates).first { $0.0.kind == .none }?.1
        // The probes only estimate the designs' rates: a close runner-up is designed too, and
        // the design of least rate is kept.
        var winner = preferred
        var design: (design: PredictiveDesign, cost: Double?)?
        // The final costs of the finalists compared, by candidate.
        var costs: [Int: Double] = [:]
        var failure: CompressionError?
        var queue = finalists(scores, kinds: candidates.map(\.kind), preferred: preferred)
        var designed: Set<Int> = []
        var misjudgedLeft = Self.misjudgedRedesigns
        while true {
            if queue.isEmpty, misjudgedLeft > 0, let current = design,
                let next = misjudged(
                    scores, designed: designed, winner: current.design,
                    cost: { finalCost(current.design, input, screening) })
            {
                queue.append(next.candidate)
                misjudgedLeft -= 1
            }
            guard !queue.isEmpty else { break }
            let finalist = queue.removeFirst()
            designed.insert(finalist)
            // Interpolation's coarse levels get finer codewords (a repeated design keeps the
            // first one's predictor, scales and all).
            if candidates[finalist].kind.interpolates, input.chosenPredictor == nil,
                input.settings.usesLevelScales
            {
                candidates[finalist].levelScales = levelScales(
                    for: candidates[finalist], input: input, blocks: screening, origin: origin)
            }
            // The finalist's loop again, now with the important samples' tolerance.
            let start = DesignTrial(
                predictor: candidates[finalist], encoder: input.encoder(probe),
                values: input.values, importance: input.importance, blocks: subsample.blocks)
            // A finalist that cannot be designed (its residuals overflow near the double range)
            // leaves the others; the first failure is reported when none could be.
            let next: PredictiveDesign
            do {
                next = try refine(
                    candidates[finalist], from: start, probe: probe, input: input,
                    blocks: subsample.blocks)
            } catch {
                failure = failure ?? error
                continue
            }
            // The runner-up must be cheaper by more than the estimate's noise (on speech with
            // its tail held to D/10 the estimates put linear interpolation 0.5 % ahead, and its
            // file came out 5 % larger).
            guard let first = design else {
                design = (next, nil)
                winner = finalist
                continue
            }
            let firstCost = first.cost ?? finalCost(first.design, input, scoring)
            costs[winner] = firstCost
            let cost = finalCost(next, input, scoring)
            costs[finalist] = cost
            if cost >= (1 - Self.finalistEdge) * firstCost {
                design = (first.design, firstCost)
                continue
            }
            design = (next, cost)
            winner = finalist
        }
        guard var design = design?.design else {
            throw failure ?? .design(file: input.file, reason: "no predictor could be designed")
        }
        if let best = costs[winner],
            let (index, cost) = costs.filter({
                candidates[$0.key].kind != candidates[winner].kind
            }).min(by: { ($0.value, $0.key) < ($1.value, $1.key) }),
            cost <= (1 + Self.codedRunnerUpMargin) * best
        {
            design.runnerUp = candidates[index]
        }
        // A sequential predictor's contexts are collected only where they paid on the blocks.
        if candidates.count > 1, !design.predictor.kind.interpolates {
            let screen = screened[winner]
            design.predictor.tracksActivity =
                screen.contextBits < (1 - Self.contextGain) * screen.bits
        }
        design.candidates = zip(candidates, rates).map {
            Candidate(predictor: $0.0.description, probeBits: $0.1)
        }
        design.candidatePredictors = input.chosenPredictor == nil ? candidates : []
        design.predictionGainBits = noneBits.map { $0 - rates[winner] } ?? 0
        design.designSamples = subsample.sampleCount
        return design
    }

    /// A linear predictor refitted by least squares on its own closed-loop reconstructions
    /// (up to twice, each refit kept only while it lowers the probe's rate): the coefficients
    /// then account for the reconstruction noise that the loop feeds back.
    static func refitted(
        _ predictor: Predictor, _ trial: DesignTrial, probe: ResidualQuantizer, input: Input,
        blocks: [Range<Int>]
    ) -> (Predictor, DesignTrial) {
        guard predictor.kind == .linear || predictor.kind == .linearStencil else {
            return (predictor, trial)
        }
        var starts: [Int] = []
        var offset = 0
        for block in blocks {
            starts.append(offset)
            offset += block.count
        }
        var best = (predictor, trial)
        // Plain least squares (up to twice), then weighted by the neighbours' energy, then
        // reweighted by the residuals (twice): each refit kept only while it lowers the
        // probe's rate (LeastSquaresFit.Weighting).
        let plans: [(weighting: (Predictor) -> LeastSquaresFit.Weighting, tries: Int)] = [
            ({ _ in .none }, 2), ({ _ in .localEnergy }, 1), ({ .residuals($0.coefficients) }, 2),
        ]
        for plan in plans {
            for _ in 0..<plan.tries {
                let fitted = best.1.reconstructions.withUnsafeBufferPointer { kept in
                    LeastSquaresFit.coefficients(
                        lags: predictor.termLags, blocks: blocks, targets: input.values,
                        neighbours: kept, blockStarts: starts, origin: predictor.origin,
                        weighting: plan.weighting(best.0),
                        floor: input.settings.designDistortion)
                }
                guard let fitted else { break }
                var candidate = best.0
                candidate.coefficients = fitted
                let next = DesignTrial(
                    predictor: candidate, encoder: input.probeEncoder(probe),
                    values: input.values, importance: nil, blocks: blocks)
                guard next.bits < best.1.bits else { break }
                best = (candidate, next)
            }
        }
        return best
    }

    /// A candidate's probe rate at the design's target error (under a mean squared error bound
    /// alone), its symbols priced as the file would code them (`trial` priced so already:
    /// interpolation's under its activity and neighbour contexts, which on a brick texture at
    /// var/1000 took linear interpolation from 2.360 bits, 11 % behind Lorenzo 2-D, to first
    /// place; its file took 1.725 bits against Lorenzo's 2.013 and a stencil's 1.890). The probe's one step leaves each predictor at its own error: with few bits per
    /// value most residuals fall in the zero cell, and their error is the residual itself, so a
    /// predictor with small residuals lands well below the target and one with larger residuals
    /// near or above it. Ranked at the probe's errors, Lorenzo 2-D (0.832 bits at 1.05·D) beat a
    /// least-squares stencil (0.863 bits at 0.79·D) on a 512 × 512 photograph at var/100, and
    /// the designs then came out at 1.155 and 0.734 bits. So a second probe, its step scaled
    /// by `√(D / error)` (within ½ … 2), brackets the target, and the rate is interpolated
    /// between the two (``LevelScales/rate(at:_:_:)``). Under a maximum error the probe's step
    /// is the bound's, the same for every predictor, and its rate is compared as it is.
    static func rateAtTarget(
        _ predictor: Predictor, _ trial: DesignTrial, input: Input, blocks: [Range<Int>],
        origin: Double
    ) -> Double {
        let target = input.designDistortion
        guard input.settings.maximumError == nil, trial.distortion > 0,
            abs(trial.distortion / target - 1) > 0.01
        else { return trial.bits }
        let factor = min(2, max(0.5, (target / trial.distortion).squareRoot()))
        let probe = probeQuantizer(
            input, blocks: blocks, origin: origin, step: input.probeStep * factor)
        let second = DesignTrial(
            predictor: predictor, encoder: input.probeEncoder(probe), values: input.values,
            importance: nil, blocks: blocks, contexts: true, chunkSize: input.chunkSize)
        return rate(at: target, trial, second.pricedUnderContexts)
    }

    /// The rate at error `target` read from two probe trials: interpolated linearly in the
    /// logarithm of the error between them, and extrapolated at most one bracket's width
    /// beyond. In a closed loop a coarser probe need not err more (on a photograph that is
    /// mostly black, interpolation's coarser probe took 0.124 → 0.095 bits and 18.5 → 17.0 in
    /// squared error, and the line through the two read 0.246 bits at 25.8): when the trial of
    /// lower error costs no more bits, it is the estimate.
    static func rate(at target: Double, _ a: DesignTrial, _ b: DesignTrial) -> Double {
        let (low, high) = a.distortion <= b.distortion ? (a, b) : (b, a)
        guard low.bits > high.bits, low.distortion > 0 else { return low.bits }
        let span = log(high.distortion / low.distortion)
        guard span > 1e-12 else { return low.bits }
        let t = min(2, max(-1, log(target / low.distortion) / span))
        return max(0, low.bits + t * (high.bits - low.bits))
    }

    /// What the file's header costs per sample for `predictor` with `usedSymbols` codewords:
    /// its field (a linear predictor's coefficients take 8 bytes each) and, per codeword, its
    /// difference on the codebook's lattice and its frequency (about 2 bytes each). It decides between predictors on small data,
    /// where a predictor's parameters and wider residuals' extra codewords are a large share of
    /// the file; on large data it vanishes.
    static func headerBits(_ predictor: Predictor, usedSymbols: Int, sampleCount: Int) -> Double {
        var field: [UInt8] = []
        PredictionField.append(predictor, to: &field)
        return Double(8 * field.count + 32 * usedSymbols) / Double(max(1, sampleCount))
    }

    /// The mean of the values in `blocks`, the predictors' origin: their sum over their count,
    /// or where that sum overflows (values near ±1.8e308) the sum of each value over the count.
    static func origin(_ values: UnsafeBufferPointer<Double>, blocks: [Range<Int>]) -> Double {
        let count = Double(max(1, blocks.reduce(0) { $0 + $1.count }))
        var sum = 0.0
        for block in blocks { for i in block { sum += values[i] } }
        guard !sum.isFinite else { return sum / count }
        var mean = 0.0
        for block in blocks { for i in block { mean += values[i] / count } }
        return mean
    }

    /// The largest deviation of the values in `blocks` from `origin`: the uniform quantisers
    /// reach twice as far.
    static func spread(_ values: UnsafeBufferPointer<Double>, blocks: [Range<Int>], origin: Double)
        -> Double
    {
        var spread = 0.0
        for block in blocks { for i in block { spread = max(spread, abs(values[i] - origin)) } }
        return spread
    }

    /// The design blocks the candidates are ranked on (their probes, refits and brackets, and
    /// the finalists' level scales): evenly spread blocks holding at least
    /// ``screeningSamples`` values (all blocks when they hold no more). The finalists' design
    /// rounds run on every block. On a 216³ field the ten candidates' probes over four blocks
    /// of nine planes (1.7 million values) took a third of the compression.
    static func screeningBlocks(_ blocks: [Range<Int>]) -> [Range<Int>] {
        let total = blocks.reduce(0) { $0 + $1.count }
        guard total > screeningSamples, let largest = blocks.map(\.count).max(), largest > 0
        else { return blocks }
        // Whole blocks only: one cut short by a chunk's end holds fewer planes of a field, and
        // 3-D interpolation then probed at twice its rate.
        let whole = blocks.filter { $0.count == largest }
        let wanted = (screeningSamples + largest - 1) / largest
        guard wanted < whole.count else { return blocks }
        return (0..<wanted).map { whole[(2 * $0 + 1) * whole.count / (2 * wanted)] }
    }

    /// The values the screening blocks hold at least (``screeningBlocks(_:)``).
    static let screeningSamples = 1 << 17

    /// A candidate whose first probe rate exceeds the best first probe's this many times (plus
    /// 0.05 bits) is ranked by that rate, without refits or a bracketing probe: on a 3,163²
    /// field at D = 0.01 the five candidates 6 to 40 times behind interpolation took nine of
    /// the design's trials.
    static let contenderFactor = 3.0

    /// The least share of the screening rate a sequential predictor's activity contexts must
    /// save for the file's coding to collect them (``Predictor/tracksActivity``).
    static let contextGain = 0.003

    /// How much cheaper (relatively) a runner-up's design must be to replace the preferred one.
    static let finalistEdge = 0.01

    /// A finalist of another kind than the winner's (linear predictors of different orders
    /// code alike) whose final cost is within this fraction of the winner's is the design's
    /// ``PredictiveDesign/runnerUp``, coded in full on small data. The final costs are estimates
    /// on the design blocks: on 120,000 seismic values (ObsPy's `MANZ`) at var/100 they put
    /// linear interpolation 2 % ahead of the cubic, whose file came out 9 % smaller.
    static let codedRunnerUpMargin = 0.1

    /// A runner-up this close to the preferred candidate's probe rate (relatively, plus
    /// 0.005 bits) is designed in full as well.
    static let finalistMargin = 0.05
    /// The preferred candidate's probe rate (bits per value) below which the best candidate of
    /// the other family is designed in full either way (``finalists(_:kinds:preferred:)``).
    static let lowRate = 1.0
    /// How far (in bits) no prediction's probe may lie behind the preferred candidate's for it
    /// to be designed in full (``finalists(_:kinds:preferred:)``). The probe misjudges it by
    /// about the cost of splitting the values' bulk between two cells, up to a bit (0.7 and
    /// 1.0 on the data that showed it); at higher rates it prices it well, and there its design
    /// costs most: with a margin of 2 bits, 10^6 values of speech at var/1000 (no prediction
    /// probed at 2.90 bits, a linear predictor at 1.47) took 20 % more instructions to compress
    /// to the same file.
    static let noPredictionMargin = 1.25
    /// The runners-up within ``finalistMargin`` designed in full, at most.
    static let runnersUp = 2
    /// The other variant of a preferred interpolation (cubic or linear) is designed in full as
    /// well when its probe rate is within this factor: the probes (no level scales) tell them
    /// apart badly. On a 200 × 160 field of whole numbers at var/100 they put linear
    /// interpolation 36 % ahead of the cubic (0.311 against 0.483 bits), whose file then came
    /// out 8 % smaller.
    static let siblingMargin = 2.0
    /// Below ``lowRate``, the best candidate of the other family is designed in full as well
    /// when its probe rate is within this factor. The probes lack interpolation's level scales,
    /// which pay most at the lowest rates: on 936,001 seismic values at var/45 linear
    /// interpolation probed at 2.25 times a linear predictor of order 4 (0.162 against 0.072
    /// bits); with a margin of 2 the linear predictor alone was designed and the file took
    /// 0.078 bits per value, where var/30 took 0.053 and var/60 0.046; now 0.055. With this
    /// margin the same values at var/100 took 0.137 → 0.066 bits, a noisy sine of 10^6 values
    /// at var/100 0.215 → 0.143; no other of the corpus's 180 files changed.
    static let otherFamilyMargin = 3.0

    /// The candidates designed in full: the preferred one, and the next best when its score is
    /// within ``finalistMargin`` of it, or else the preferred interpolation's other variant
    /// within ``siblingMargin``; then, below ``lowRate`` bits, the best candidate of the other
    /// family (interpolating or sequential) within ``siblingMargin`` when no finalist is of
    /// it; and, last, no prediction within ``noPredictionMargin`` bits of the preferred.
    ///
    /// The probes lack interpolation's level scales, which pay most at low rates: on a sine
    /// clipped at ±1 at var/100 they ranked a linear predictor of order 16 first (0.265 bits)
    /// and linear interpolation at 0.327, whose design then took 0.175 against the linear
    /// predictor's 0.236 (SZ3 0.221). At low rates they misjudge the other way too: on a
    /// noisy sawtooth at var/1000 interpolation was preferred, and a sequential predictor's
    /// file took 0.284 bits against its 0.319. Above that rate the designs cost more and the
    /// probes rank better: 10^6 values of speech at var/1000 took 10 % more instructions for
    /// the same file, and an RGB photograph at var/1000 (1.5 bits) chose 3-D interpolation,
    /// whose file came out 4.6 % larger than the stencil's.
    ///
    /// The probes misjudge no prediction most: its residuals are the values about their mean,
    /// and on skewed or sparse data the uniform probe's cells split the values' bulk, where the
    /// designed quantiser gives it one wide cell. Probed at 1.25 bits on a sparse train of
    /// decaying spikes at var/100 (4.5 times the best probe), its design took 0.10 bits against
    /// the predicted design's 0.12; on lognormal values 1.49 (0.45 designed) against linear
    /// interpolation's 1.34 (1.41); on a field whose land is masked with zeros 0.71 (0.02)
    /// against 0.05 (0.05). Its design runs no closed loop (its residuals do not depend on the
    /// quantiser), one round.
    static func finalists(_ scores: [Double], kinds: [Predictor.Kind], preferred: Int) -> [Int] {
        var chosen = [preferred]
        let limit = scores[preferred] * (1 + finalistMargin) + 0.005
        let others = scores.indices.filter { $0 != preferred }
        let runnersUp = others.filter { scores[$0] <= limit }.sorted { scores[$0] < scores[$1] }
        if !runnersUp.isEmpty {
            chosen += runnersUp.prefix(Self.runnersUp)
        } else {
            let kind = kinds[preferred]
            let sibling = others.first {
                kind.interpolates && kinds[$0].interpolates
                    && kinds[$0].interpolatesFields == kind.interpolatesFields
                    && scores[$0] <= siblingMargin * scores[preferred] + 0.005
            }
            chosen += sibling.map { [$0] } ?? []
        }
        // Below ``lowRate``, the best of the other family (interpolating or sequential) within
        // the same margin when no finalist is of it.
        let interpolates = kinds[preferred].interpolates
        if scores[preferred] < lowRate,
            !chosen.contains(where: { kinds[$0].interpolates != interpolates }),
            let other = others.filter({
                kinds[$0] != .none && kinds[$0].interpolates != interpolates
                    && scores[$0] <= otherFamilyMargin * scores[preferred] + 0.005
            }).min(by: { scores[$0] < scores[$1] })
        {
            chosen.append(other)
        }
        if let none = kinds.firstIndex(of: .none), !chosen.contains(none),
            scores[none] <= scores[preferred] + noPredictionMargin
        {
            chosen.append(none)
        }
        return chosen
    }

    /// What a finalist's design costs per value: its closed loop on the design blocks, its
    /// symbols priced under the contexts the file would give them (interpolation's activity
    /// and neighbour contexts; without them linear interpolation beat the cubic on speech,
    /// whose file then took 4 % more), at the target error, plus its header.
    ///
    /// Under a mean squared error bound a first design lands below the target, by a factor
    /// that differs between predictors (on speech at var/100 the cubic's at 0.41·D, the linear
    /// one's nearer D), and the file is then designed again nearer D; so the loop runs again
    /// with the quantiser scaled by `√(D / error)`, and the rate is read at D between the two
    /// (``rate(at:_:_:)``). A fixed slope of half a bit per halving chose wrongly on speech
    /// with its tail held to D/10 (1.226 bits against 1.181) and on a smooth field at 0.03 bits.
    static func finalCost(_ design: PredictiveDesign, _ input: Input, _ blocks: [Range<Int>])
        -> Double
    {
        func trial(_ quantizer: ResidualQuantizer) -> DesignTrial {
            DesignTrial(
                predictor: design.predictor, encoder: input.encoder(quantizer),
                values: input.values, importance: input.importance, blocks: blocks,
                contexts: true, chunkSize: input.chunkSize
            ).pricedUnderContexts
        }
        let first = trial(design.quantizer)
        // The symbols the loop used (the file drops the codewords no sample uses; counting the
        // quantiser's spare ones tipped speech with its tail at D/10 to linear interpolation,
        // 1.196 bits per value against the cubic's 1.136).
        let header = headerBits(
            design.predictor, usedSymbols: first.usedSymbols, sampleCount: input.values.count)
        let target = input.designDistortion
        guard input.settings.maximumError == nil, first.distortion > 0,
            abs(first.distortion / target - 1) > 0.05
        else { return first.bits + header }
        let factor = min(2, max(0.5, (target / first.distortion).squareRoot()))
        let second = trial(design.quantizer.scaled(by: factor))
        return rate(at: target, first, second) + header
    }

    /// The best candidate not designed yet, when its probe score promises fewer bits (by more
    /// than ``finalistEdge``) than the winner's design gave on the blocks the probes ran on
    /// (`cost()`: its final cost there, asked for only when the score lies below the winner's
    /// closed-loop rate on the design blocks, which prices no contexts); with that cost.
    ///
    /// A probe can misjudge a predictor badly, and then the finalists miss the best one. On
    /// 372,597 values of speech, a refitted linear predictor of order 4 probed at 1.47 bits at
    /// var/700 (its neighbours of orders 2 and 8 at 2.0, interpolation at 1.76) and realised
    /// 1.91, one of order 16 at 1.91 at var/1600 and realised 2.38; each was designed alone, and
    /// the files took 2.13 and 2.48 bits per value, where interpolation's take 1.79 and 2.20.
    /// The realised rate is read on the probes' own blocks: the validation blocks, which score
    /// the finalists, put the second at 2.14, 13 % below the whole data's 2.46.
    static func misjudged(
        _ scores: [Double], designed: Set<Int>, winner: PredictiveDesign, cost: () -> Double
    ) -> (candidate: Int, cost: Double)? {
        guard
            let best = scores.indices.filter({ !designed.contains($0) }).min(by: {
                (scores[$0], $0) < (scores[$1], $1)
            }),
            scores[best] < winner.designBits
        else { return nil }
        let realised = cost()
        return scores[best] < (1 - finalistEdge) * realised ? (best, realised) : nil
    }

    /// Candidates designed beyond the finalists when a probe misjudged
    /// (``misjudged(_:designed:winner:cost:)``), at most.
    static let misjudgedRedesigns = 1

    /// The first candidate (candidates come cheapest first) within 0.005 bits of the least rate:
    /// a costlier predictor must earn its place.
    static func preferredWinner(_ bits: [Double]) -> Int {
        let least = bits.min() ?? 0
        return bits.firstIndex { $0 <= least + 0.005 } ?? 0
    }

    /// The most codewords the uniform probe has on each side of 0 (65,537 in all: with 8,193
    /// an AR(1) signal at MSE ≤ var/10^9 escaped 14 % of its samples, 2.6 bits per value; the
    /// files' binned tables and deflated codebook make the wider probe cheap).
    static let probeSide = 32_768

    /// The level scales (``LevelScales``) whose probe rate at the design's target error is
    /// least: each candidate's closed loop on the design blocks with the uniform probe and with
    /// one of twice its step, the rate interpolated between them.
    private static func levelScales(
        for predictor: Predictor, input: Input, blocks: [Range<Int>], origin: Double
    ) -> [Double] {
        let target = input.settings.designDistortion
        var best: (rate: Double, scales: [Double])?
        for alpha in LevelScales.candidates {
            var scaled = predictor
            scaled.levelScales = LevelScales.scales(alpha: alpha)
            func trial(_ factor: Double) -> DesignTrial {
                // Wide enough for the coarse levels' residuals over their scales.
                let probe = probeQuantizer(
                    input, blocks: blocks, origin: origin, step: input.probeStep * factor,
                    widening: LevelScales.cap)
                return DesignTrial(
                    predictor: scaled, encoder: input.probeEncoder(probe), values: input.values,
                    importance: nil, blocks: blocks)
            }
            // Under a maximum error every probe holds each sample to it: compare the rates
            // at the probe's step (the coarser probe breaks the bound and escapes).
            guard input.settings.maximumError == nil else {
                let bits = trial(1).bits
                if bits < best?.rate ?? .infinity { best = (bits, scaled.levelScales) }
                continue
            }
            let rate = LevelScales.rate(at: target, bracketing: trial)
            if rate < best?.rate ?? .infinity { best = (rate, scaled.levelScales) }
        }
        return best?.scales ?? []
    }

    /// The uniform probe quantiser: a quantiser of step `step` (the probe's by default),
    /// codewords `k · step` around 0 covering twice the design blocks' largest deviation from
    /// `origin`, `widening` times over, at most ``probeSide`` a side.
    private static func probeQuantizer(
        _ input: Input, blocks: [Range<Int>], origin: Double, step: Double? = nil,
        widening: Double = 1
    ) -> ResidualQuantizer {
        let spread = Self.spread(input.values, blocks: blocks, origin: origin) * widening
        // On the lattice of the file's codebook (``ResidualQuantizer/latticeUnit(halfWidth:)``),
        // rounded down so that a step of twice a maximum error stays within it.
        let wanted = step ?? input.probeStep
        let unit = ResidualQuantizer.latticeUnit(halfWidth: wanted / 2)
        let step = max(unit, (wanted / unit).rounded(.down) * unit)
        return ResidualQuantizer(
            uniformStep: step,
            side: ResidualQuantizer.uniformSide(step: step, reach: 2 * spread, limit: probeSide))
    }
}
