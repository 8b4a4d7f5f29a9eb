import Foundation

extension PredictiveDesign {
    /// Whether every value not escaped is reconstructed exactly: the predictions rounded to the
    /// data's grid and each residual coded as its own multiple of the grid.
    public var isLossless: Bool { gridCellPoints == 1 }

    /// How the data's grid (``DataGrid``) stands to the bounds, when it is coarse enough to
    /// design on. With the predictions rounded to the grid every residual is a whole multiple
    /// of its unit `u`, and a uniform quantiser whose cells are `m` points of the grid wide (`m`
    /// odd, the codeword the middle one) errs by at most `(m − 1)/2 · u`: under `--max-error 1`
    /// on whole numbers a cell holds three values, where a cell of width `2E` about an
    /// unrounded prediction holds two; under bounds finer than the grid (`m = 1`) every value
    /// is reconstructed exactly, where a quantiser of a finer step spends its codewords between
    /// values the data never takes (10^5 values of whole-number speech at MSE ≤ var/10^9 took
    /// 11.36 bits each with a designed quantiser, `--max-error 1e-9` 23, and 9.35 without loss).
    struct GridRegime: Equatable {
        /// The grid's exponent: `u = 2^exponent`.
        let exponent: Int
        /// The grid points a cell holds (odd): the most the bounds allow
        /// (``cellPoints(unit:input:)``).
        let cellPoints: Int
        /// Whether the design on the grid is the only one: without loss, with a grid at least
        /// ``gridOnlyRatio`` times the probe's step; otherwise the quantised design is coded
        /// beside it and the smaller file kept.
        let gridOnly: Bool
    }

    /// A grid at least this many probe steps wide is coded without loss only (unless that coding
    /// escapes much, ``PredictivePlan``): a quantised design may then err by a grid step on at
    /// most `1/(12·4²)` of the values, about 0.5 %. With 2, whole numbers drawn from N(0, 1.2²)
    /// at D = 0.02 took 3.1 % more than the quantised design, which erred on 1.5 % of them.
    static let gridOnlyRatio = 4.0
    /// The most grid points a cell may hold for the grid's design to be tried: beyond, a cell
    /// of `2E` holds nearly as many (the gain, `log2(m / (m − 1))` bits under a maximum error,
    /// is below 0.05).
    static let largestCellPoints = 31

    /// The regime of `input`'s data, or nil when the data lie on no grid coarse enough for
    /// cells of at most ``largestCellPoints`` points. The design blocks are checked first: the
    /// whole data is scanned only when they lie on such a grid.
    static func gridRegime(_ input: Input) -> GridRegime? {
        let subsample = DesignSubsample(
            count: input.values.count, rowLength: input.rowLength, planeRows: input.planeRows,
            sampleCount: input.settings.designSampleCount, chunkSize: input.chunkSize)
        func points(_ exponent: Int?) -> Int? {
            guard let exponent, DataGrid.exponents.contains(exponent) else { return nil }
            let unit = Double(sign: .plus, exponent: exponent, significand: 1)
            let m = cellPoints(unit: unit, input: input)
            // Cells of several points pay under a maximum error that binds; under a mean
            // squared error the designed quantiser came out smaller every time (whole-number
            // speech at var/10^7 and var/10^6), and the grid's coding only cost time.
            let errorBinds = cellPointsWithinMaximumError(unit: unit, input: input) == m
            guard m == 1 || (input.settings.maximumError != nil && errorBinds) else {
                return nil
            }
            return m <= largestCellPoints ? m : nil
        }
        guard points(DataGrid.exponent(of: input.values, in: subsample.blocks)) != nil,
            let exponent = DataGrid.exponent(of: input.values, in: [0..<input.values.count]),
            let m = points(exponent)
        else { return nil }
        let unit = Double(sign: .plus, exponent: exponent, significand: 1)
        return GridRegime(
            exponent: exponent, cellPoints: m,
            gridOnly: m == 1 && unit >= gridOnlyRatio * input.probeStep)
    }

    /// The most grid points `m` (odd, at least 1) a cell may hold under `input`'s bounds on a
    /// grid of `unit`: the fewer of ``cellPointsWithinMaximumError(unit:input:)`` and
    /// ``cellPointsWithinTarget(unit:input:)``.
    static func cellPoints(unit: Double, input: Input) -> Int {
        min(
            cellPointsWithinMaximumError(unit: unit, input: input),
            cellPointsWithinTarget(unit: unit, input: input))
    }

    /// The most points of a cell whose largest error `(m − 1)/2 · unit` is within `E` (beyond
    /// ``largestCellPoints`` without a maximum error).
    static func cellPointsWithinMaximumError(unit: Double, input: Input) -> Int {
        guard let e = input.settings.maximumError else { return largestCellPoints + 2 }
        return oddAtMost(2 * (e / unit).rounded(.down) + 1)
    }

    /// The most points of a cell whose mean squared error for residuals spread evenly over its
    /// points, `unit² (m² − 1)/12`, is within the design's target (the coding checks the error
    /// it reaches; beyond ``largestCellPoints`` without a target).
    static func cellPointsWithinTarget(unit: Double, input: Input) -> Int {
        guard input.settings.targetDistortion != nil else { return largestCellPoints + 2 }
        return oddAtMost((12 * input.designDistortion / (unit * unit) + 1).squareRoot())
    }

    /// The largest odd whole number at most `limit` (1 at least; capped past
    /// ``largestCellPoints``).
    private static func oddAtMost(_ limit: Double) -> Int {
        guard limit >= 1 else { return 1 }  // NaN too
        let m = Int(min(limit, Double(largestCellPoints + 2)))
        return m % 2 == 1 ? m : m - 1
    }

    /// The design on the grid of `input.gridUnit` with cells of `cellPoints` grid points: each
    /// candidate predictor with its predictions rounded to the grid, its residuals (whole
    /// multiples of the grid) coded by the uniform quantiser of step `cellPoints · u` centred on
    /// 0, out to twice the design blocks' spread about their mean (at most ``probeSide``
    /// codewords a side; farther residuals are escaped onto the grid, exactly). The candidate
    /// of least rate on the design blocks — its symbols priced as the file codes them, plus its
    /// header — wins.
    ///
    /// - Throws: ``CompressionError/design(file:reason:)`` when no candidate applies.
    static func onGrid(_ input: Input, cellPoints: Int) throws(CompressionError)
        -> PredictiveDesign
    {
        guard let unit = input.gridUnit, cellPoints >= 1, cellPoints % 2 == 1 else {
            throw .design(file: input.file, reason: "the data lie on no grid")
        }
        let n = input.values.count
        let subsample = DesignSubsample(
            count: n, rowLength: input.rowLength, planeRows: input.planeRows,
            sampleCount: input.settings.designSampleCount, chunkSize: input.chunkSize)
        let origin = Self.origin(input.values, blocks: subsample.blocks)
        let candidates =
            (input.chosenPredictor.map { [$0] }
            ?? PredictorCandidates.candidates(
                requested: input.settings.predictor, rowLength: input.rowLength,
                planeRows: input.planeRows, values: input.values, blocks: subsample.blocks,
                origin: origin)).map { input.onGrid($0) }
        guard !candidates.isEmpty else {
            throw .design(
                file: input.file,
                reason:
                    "the predictor \(input.settings.predictor?.name ?? "") does not apply to data of this shape"
            )
        }
        let quantizer = gridQuantizer(
            input, step: Double(cellPoints) * unit, blocks: subsample.blocks, origin: origin)
        // Values near the double range: codewords out to twice their spread overflow.
        guard quantizer.lowestEdge.isFinite, quantizer.highestEdge.isFinite else {
            throw .design(
                file: input.file,
                reason:
                    "the residuals on the data's grid overflow: values this large (near ±1.8e308) leave no finite codewords"
            )
        }
        let trials = candidates.map { predictor in
            DesignTrial(
                predictor: predictor, encoder: input.encoder(quantizer), values: input.values,
                importance: input.importance, blocks: subsample.blocks, contexts: true,
                chunkSize: input.chunkSize
            ).pricedUnderContexts
        }
        let scores = zip(candidates, trials).map { predictor, trial in
            trial.bits + headerBits(predictor, usedSymbols: trial.usedSymbols, sampleCount: n)
        }
        let winner = preferredWinner(scores)
        let noneBits = zip(candidates, trials).first { $0.0.kind == .none }?.1.bits
        var design = PredictiveDesign(
            predictor: candidates[winner], quantizer: quantizer,
            candidates: zip(candidates, trials).map {
                Candidate(predictor: $0.0.descriptionWithoutGrid, probeBits: $0.1.bits)
            },
            predictionGainBits: noneBits.map { $0 - trials[winner].bits } ?? 0,
            designBits: trials[winner].bits, residualLowerBoundBits: .nan, rounds: 0,
            designSamples: subsample.sampleCount)
        design.gridCellPoints = cellPoints
        design.candidatePredictors = input.chosenPredictor == nil ? candidates : []
        return design
    }

    /// The uniform quantiser of codewords `k·step`, `|k|` up to twice the blocks' largest
    /// deviation from `origin` in steps (at most ``probeSide``), each cell half a step either
    /// side of its codeword.
    private static func gridQuantizer(
        _ input: Input, step: Double, blocks: [Range<Int>], origin: Double
    ) -> ResidualQuantizer {
        let spread = Self.spread(input.values, blocks: blocks, origin: origin)
        return ResidualQuantizer(
            uniformStep: step,
            side: ResidualQuantizer.uniformSide(step: step, reach: 2 * spread, limit: probeSide))
    }
}
