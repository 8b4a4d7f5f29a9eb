import EntropyCoding
import RDInterchange

/// What `rdopt compress --target-distortion D [--max-error E] [--important RULE --tolerance T]`
/// asks of a compression with closed-loop prediction and a residual quantiser designed on the
/// spot.
public struct PredictiveSettings: Sendable, Equatable {
    /// The bound on the mean squared error, or `nil` (then `maximumError²`, which the
    /// maximum error implies).
    public var targetDistortion: Double?
    /// The bound on every sample's absolute error, or `nil`.
    public var maximumError: Double?
    /// The bound on every important sample's squared error, or `nil`.
    public var importantTolerance: Double?
    /// The rule that marks important values, applied to every value (a `dev>T` rule about
    /// their mean): predicted data is coded value by value, so a 2-D array's rows are not
    /// samples here, as they are for a quantiser of vectors. When nil, the samples' own flags
    /// (a CSV column's) are used, a row's flag for each of its values.
    public var importanceRule: ImportanceRule?
    /// The predictor to use, or `nil` to choose by measured rate.
    public var predictor: Predictor.Kind?
    /// The most samples the residual quantiser is designed on (taken as evenly spread blocks).
    public var designSampleCount: Int
    /// Design ↔ residual rounds: the quantiser is redesigned on the closed-loop residuals it
    /// produces, up to this many times, until the rate settles.
    public var designRounds: Int
    /// The samples per chunk of the file, rounded down to whole rows (prediction restarts at
    /// every chunk).
    public var chunkSize: Int
    /// Whether interpolation's symbols may be split by activity as well as by level
    /// (`ActivityContexts`, when that pays); off, by level only.
    public var usesActivityContexts = true
    /// Whether interpolation's coarse levels may get finer codewords (``Predictor/levelScales``,
    /// when that pays); off, every level gets the same codewords.
    public var usesLevelScales = true

    /// Creates settings; at least one of `targetDistortion` and `maximumError` must be given.
    public init(
        targetDistortion: Double?, maximumError: Double? = nil, importantTolerance: Double? = nil,
        predictor: Predictor.Kind? = nil, designSampleCount: Int = 1 << 15, designRounds: Int = 3,
        chunkSize: Int = CompressedFileFormat.defaultChunkSize
    ) {
        self.chunkSize = chunkSize
        self.targetDistortion = targetDistortion
        self.maximumError = maximumError
        self.importantTolerance = importantTolerance
        self.predictor = predictor
        self.designSampleCount = designSampleCount
        self.designRounds = designRounds
    }

    /// The settings of the bounds a user gives (`rdopt compress`'s options, `rdopt.compress`'s
    /// arguments) for data spanning `range` (max − min): a relative error is a share of the
    /// range (of 1 for constant data, which any positive bound keeps exact) and, with a
    /// maximum error, the tighter of the two holds; important samples' tolerance defaults to a
    /// tenth of the target (or of the maximum error's square) and applies only when some
    /// samples are marked important.
    public static func resolving(
        targetDistortion: Double?, maximumError: Double?, relativeError: Double?,
        tolerance: Double?, range: Double, hasImportance: Bool, predictor: Predictor.Kind?
    ) -> PredictiveSettings {
        var bound = maximumError
        if let relativeError {
            let relative = range > 0 ? relativeError * range : relativeError
            bound = min(bound ?? relative, relative)
        }
        let reference = targetDistortion ?? bound.map { $0 * $0 } ?? 0
        return PredictiveSettings(
            targetDistortion: targetDistortion, maximumError: bound,
            importantTolerance: hasImportance ? (tolerance ?? reference / 10) : nil,
            predictor: predictor)
    }

    /// The mean squared error the design aims at.
    var designDistortion: Double {
        let implied = maximumError.map { $0 * $0 } ?? .infinity
        return min(targetDistortion ?? implied, implied)
    }
}
