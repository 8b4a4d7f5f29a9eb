import RDInterchange
import SampleCompression

/// The figures of a compression or decompression as JSON (`rdopt compress --json`,
/// `rdopt decompress --json`).
public enum CompressionSummaryDocument {
    /// The figures of one compression.
    ///
    /// - Parameter summary: What `SampleCompression` reported.
    /// - Returns: One member per figure, in the order of docs/cli.md.
    public static func json(_ summary: SampleCompression.Summary) -> JSONValue {
        .object([
            ("samples", .integer(summary.samples)), ("bytes", .integer(summary.bytes)),
            ("bits_per_sample", .finite(summary.bitsPerSample)),
            ("entropy_bits", .finite(summary.entropyBits)),
            ("distortion", .finite(summary.distortion)),
            ("overhead_bytes", .integer(summary.overheadBytes)),
            ("header_bytes", .integer(summary.headerBytes)),
            ("escaped_samples", .integer(summary.escapedSamples)),
            ("escape_bits", .finite(summary.escapeBits)),
            ("important_count", .integer(summary.importantCount)),
            ("important_max_distortion", .finite(summary.importantMaxDistortion)),
        ])
    }

    /// The figures of one compression with prediction (`rdopt compress --target-distortion …
    /// --json`, `rdopt.compress` in Python without a quantiser).
    ///
    /// - Parameter result: What `SampleCompression.compressPredicted` reported.
    /// - Returns: One member per figure, in the order of docs/cli.md.
    public static func json(_ result: PredictiveSummary) -> JSONValue {
        let s = result.summary
        let d = result.design
        let candidates = d.candidates.map {
            JSONValue.object([
                ("predictor", .string($0.predictor)), ("probe_bits", .finite($0.probeBits)),
            ])
        }
        return .object([
            ("samples", .integer(s.samples)), ("bytes", .integer(s.bytes)),
            ("bits_per_sample", .finite(s.bitsPerSample)), ("entropy_bits", .finite(s.entropyBits)),
            ("distortion", .finite(s.distortion)),
            ("max_abs_error", .finite(result.maximumAbsoluteError)),
            ("overhead_bytes", .integer(s.overheadBytes)),
            ("header_bytes", .integer(s.headerBytes)),
            ("escaped_samples", .integer(s.escapedSamples)), ("escape_bits", .finite(s.escapeBits)),
            ("important_count", .integer(s.importantCount)),
            ("important_max_distortion", .finite(s.importantMaxDistortion)),
            ("predictor", .string(d.predictor.description)),
            ("prediction_gain_bits", .finite(d.predictionGainBits)),
            ("candidates", .array(candidates)), ("codewords", .integer(d.quantizer.count)),
            ("tables", .integer(d.segmentTables)), ("activity_bins", .integer(d.activityBins)),
            ("neighbour_splits", .integer(d.neighbourSplits)),
            ("level_scales", .array(d.predictor.levelScales.map { .finite($0) })),
            ("lossless", .bool(d.isLossless)),
            ("grid_cell_points", d.gridCellPoints.map { .integer($0) } ?? .null),
            ("grid_unit", d.predictor.gridUnit.map { .finite($0) } ?? .null),
            ("design_samples", .integer(d.designSamples)), ("design_rounds", .integer(d.rounds)),
            ("design_bits", .finite(d.designBits)),
            ("residual_lower_bound_bits", .finite(d.residualLowerBoundBits)),
            ("residual_lower_bound_model", .string("memoryless")),
            ("residual_lower_bound_samples", .integer(d.residualBoundSamples)),
            ("residual_design_bits", .finite(d.residualDesignBits)),
            ("retries", .integer(result.retries)),
            ("design_seconds", .finite(result.designSeconds)),
            ("coding_seconds", .finite(result.codingSeconds)),
        ])
    }

    /// The figures of one decompression.
    ///
    /// - Parameter summary: What `SampleDecompression` reported.
    /// - Returns: The samples, their dimension, the coded samples and the file's size.
    public static func json(_ summary: SampleDecompression.Summary) -> JSONValue {
        .object([
            ("samples", .integer(summary.samples)),
            ("dimension", .integer(summary.dimension)),
            ("coded_samples", .integer(summary.codedSamples)),
            ("bytes", .integer(summary.bytes)),
        ])
    }
}
