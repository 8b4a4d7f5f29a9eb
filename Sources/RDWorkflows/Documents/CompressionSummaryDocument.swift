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
