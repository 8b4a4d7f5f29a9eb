/// The figures of one compression with closed-loop prediction (`rdopt compress
/// --target-distortion … --json`).
public struct PredictiveSummary: Sendable {
    /// The figures every compression reports (samples are scalar values here).
    public var summary: SampleCompression.Summary
    /// The predictor, the residual quantiser and how they were chosen.
    public var design: PredictiveDesign
    /// The largest absolute error of any sample.
    public var maximumAbsoluteError: Double
    /// The times of the design with the closed-loop pass over the whole data, and of the rANS
    /// coding with the writing of the file, seconds.
    public var designSeconds: Double
    public var codingSeconds: Double
    /// How often the design was repeated with a scaled target because the whole data's mean
    /// squared error came out above the target or well below it.
    public var retries: Int
}
