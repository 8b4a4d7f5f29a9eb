extension PredictiveDesign {
    /// Whether the predictions are rounded to the data's grid and every value not escaped is
    /// reconstructed exactly (`lossless(_:)`).
    public var isLossless: Bool { predictor.gridExponent != nil }

    /// How the data's grid (``DataGrid``) stands to the bounds: a design without loss on it is
    /// tried when the grid is at least half the probe's step (`√(12 D)`, at most `2E`), and it
    /// is the only design when the grid is at least ``losslessOnlyRatio`` steps. Below the
    /// grid's resolution a quantiser spends its codewords between values the data never takes:
    /// 10^5 values of whole-number speech at MSE ≤ var/10^9 took 11.36 bits each with a designed
    /// quantiser, and `--max-error 1e-9` 23.
    enum GridRegime: Equatable {
        /// The lossless design and the quantised one are both coded; the smaller file is kept.
        case beside(exponent: Int)
        /// Only the lossless design.
        case alone(exponent: Int)

        var exponent: Int {
            switch self {
            case .beside(let exponent), .alone(let exponent): exponent
            }
        }
    }

    /// A grid at least this many probe steps wide is coded without loss only.
    static let losslessOnlyRatio = 2.0

    /// The regime of `input`'s data, or nil when the data lie on no grid as coarse as half the
    /// probe's step. The design blocks are checked first: the whole data is scanned only when
    /// they lie on such a grid.
    static func gridRegime(_ input: Input) -> GridRegime? {
        let step = input.probeStep
        let subsample = DesignSubsample(
            count: input.values.count, rowLength: input.rowLength, planeRows: input.planeRows,
            sampleCount: input.settings.designSampleCount, chunkSize: input.chunkSize)
        func coarseEnough(_ exponent: Int?) -> Int? {
            guard let exponent, DataGrid.exponents.contains(exponent),
                Double(sign: .plus, exponent: exponent, significand: 1) >= step / 2
            else { return nil }
            return exponent
        }
        guard coarseEnough(DataGrid.exponent(of: input.values, in: subsample.blocks)) != nil,
            let exponent = coarseEnough(
                DataGrid.exponent(of: input.values, in: [0..<input.values.count]))
        else { return nil }
        let unit = Double(sign: .plus, exponent: exponent, significand: 1)
        return unit >= losslessOnlyRatio * step
            ? .alone(exponent: exponent) : .beside(exponent: exponent)
    }

    /// The design without loss on the grid of `input.gridUnit`: each candidate predictor with
    /// its predictions rounded to the grid, its residuals (whole multiples of the grid) coded
    /// by the quantiser whose codewords are those multiples, out to twice the design blocks'
    /// spread about their mean (at most ``probeSide`` a side; farther residuals are escaped
    /// onto the grid, exactly too). The candidate of least rate on the design blocks — its
    /// symbols priced as the file codes them, plus its header — wins.
    ///
    /// - Throws: ``CompressionError/design(file:reason:)`` when no candidate applies.
    static func lossless(_ input: Input) throws(CompressionError) -> PredictiveDesign {
        guard let unit = input.gridUnit else {
            throw .design(file: input.file, reason: "the data lie on no grid")
        }
        let n = input.values.count
        let subsample = DesignSubsample(
            count: n, rowLength: input.rowLength, planeRows: input.planeRows,
            sampleCount: input.settings.designSampleCount, chunkSize: input.chunkSize)
        var sum = 0.0
        for block in subsample.blocks { for i in block { sum += input.values[i] } }
        let origin = sum / Double(max(1, subsample.sampleCount))
        let candidates =
            (input.chosenPredictor.map { [$0] }
            ?? PredictorCandidates.candidates(
                requested: input.settings.predictor, rowLength: input.rowLength,
                planeRows: input.planeRows, values: input.values, blocks: subsample.blocks,
                origin: origin)).map { predictor in
                var snapped = predictor
                snapped.levelScales = []
                snapped.gridExponent = Int(unit.exponent)
                return snapped
            }
        guard !candidates.isEmpty else {
            throw .design(
                file: input.file,
                reason:
                    "the predictor \(input.settings.predictor?.name ?? "") does not apply to data of this shape"
            )
        }
        let quantizer = gridQuantizer(input, unit: unit, blocks: subsample.blocks, origin: origin)
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
        design.candidatePredictors = input.chosenPredictor == nil ? candidates : []
        return design
    }

    /// The quantiser of the grid's multiples `k·unit`, `|k|` up to twice the blocks' largest
    /// deviation from `origin` in units (at most ``probeSide``), each cell its codeword's
    /// half a unit either side.
    private static func gridQuantizer(
        _ input: Input, unit: Double, blocks: [Range<Int>], origin: Double
    ) -> ResidualQuantizer {
        var spread = 0.0
        for block in blocks {
            for i in block { spread = max(spread, abs(input.values[i] - origin)) }
        }
        let side = Int(min(Double(probeSide), max(1, (2 * spread / unit).rounded(.up))))
        let codewords = (-side...side).map { Double($0) * unit }
        let thresholds = (-side..<side).map { (Double($0) + 0.5) * unit }
        return ResidualQuantizer(
            codewords: codewords, thresholds: thresholds, halfWidth: unit / 2,
            lowestEdge: codewords[0] - unit / 2, highestEdge: codewords[2 * side] + unit / 2)
    }
}
