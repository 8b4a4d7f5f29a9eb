import Quantization

/// The predictor and residual quantiser `rdopt compress --target-distortion` chooses, and how
/// it chose them.
///
/// **Choice of predictor.** Every candidate runs in a closed loop over the design blocks with
/// the same *probe* quantiser (uniform, step `√(12 D)`, at most `2E`; the important subset's
/// tolerance left out, so that its escapes do not swamp the rates). Under a mean squared error
/// bound alone, each candidate's rate is read at the target error from that probe and a second
/// one that brackets it (`rateAtTarget(_:_:input:blocks:origin:)`). The one whose symbols
/// have the least entropy (escapes counted at 64 bits), plus the header they would cost per
/// value (`headerBits(_:usedSymbols:sampleCount:)`; it matters on short data only), wins.
/// The prediction gain is the rate without prediction less the winner's.
///
/// **Residual quantiser.** The interval programme designs a quantiser on the winner's
/// closed-loop residuals; the closed loop is run again with it, and the quantiser redesigned on
/// the new residuals, for a few rounds while the rate still moves. Every cell is then held
/// within a half width of its codeword
/// (`ResidualQuantizer.init(boundingCells:thresholds:halfWidth:covering:_:maximumCount:)`).
///
/// **What is certified.** The interval programme's bound is a lower bound on the entropy of
/// every interval quantiser of the *last round's training residuals treated as independent
/// samples* (a memoryless model of the residuals): it says nothing about coders that exploit
/// the residuals' remaining dependence, nor about other predictors.
public struct PredictiveDesign: Sendable {
    /// A candidate predictor and its probe rate.
    public struct Candidate: Sendable, Equatable {
        public var predictor: String
        public var probeBits: Double
    }

    /// The chosen predictor.
    public var predictor: Predictor
    /// The designed residual quantiser.
    public var quantizer: ResidualQuantizer
    /// Every candidate tried, in order.
    public var candidates: [Candidate]
    /// The candidates' predictors as the search tried them (linear ones refitted), in the
    /// order of ``candidates``; empty when the predictor was given.
    var candidatePredictors: [Predictor] = []
    /// A finalist whose design the final cost put within ``PredictiveDesign/codedRunnerUpMargin``
    /// of the winner's: on data of at most ``PredictivePlan/codedRunnerUpLimit`` values the plan
    /// codes it too and keeps the smaller file.
    var runnerUp: Predictor?
    /// The probe's rate without prediction less the winner's, bits per sample.
    public var predictionGainBits: Double
    /// The closed-loop rate of the final quantiser on the design blocks, bits per sample.
    public var designBits: Double
    /// The interval programme's certified lower bound on the entropy of every interval
    /// quantiser of the chosen round's design residuals (the closed loop's residuals over
    /// their level scales, taken as independent samples, one table) at the round's target
    /// error, bits per sample; NaN when the probe quantiser was kept (and until the plan
    /// certifies the design it keeps).
    public var residualLowerBoundBits: Double
    /// The entropy of the quantiser the programme designed there, on the same residuals (the
    /// bound's gap is to this, not to the file, whose tables condition on level and activity
    /// and whose residuals move with the quantiser); NaN when the probe quantiser was kept.
    public var residualDesignBits = Double.nan
    /// The residuals the interval programme designed on and ``residualLowerBoundBits`` is
    /// certified for: the design blocks' (``designSamples``), or every k-th of them when they
    /// are many (0 when the probe quantiser was kept).
    public var residualBoundSamples = 0
    /// The design rounds run.
    public var rounds: Int
    /// The samples designed on.
    public var designSamples: Int
    /// The programme's design of the round kept, while its bound is not yet certified
    /// (``certified(file:)``); nil when the probe quantiser was kept or once certified.
    var uncertifiedRound: RoundDesign?
    /// The frequency tables the file's chunks are coded with (segments per chunk).
    public var segmentTables = 1
    /// The activity bins per level group (`ActivityContexts`; 1: the symbols are not split
    /// by activity).
    public var activityBins = 1
    /// The splits of every table by the neighbours' symbols (1: none; docs/formats.md,
    /// "Activity contexts").
    public var neighbourSplits = 1
    /// For a design on the data's grid (`onGrid(_:cellPoints:)`): the grid points each cell of
    /// its uniform quantiser holds (1: without loss); nil for a designed quantiser.
    public var gridCellPoints: Int?
}
