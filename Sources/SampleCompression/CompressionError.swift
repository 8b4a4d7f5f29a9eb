import EntropyCoding
import RDInterchange

/// Everything that can go wrong while compressing samples with a quantiser or decompressing a
/// `.rdq` file. Every case is bad input (exit status 2 in the CLI) except `.unwritable`.
public enum CompressionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// With escapes refused: `count` samples are unserved — important with no codeword within
    /// the tolerance, or with no codeword of finite cost; `samples` lists the first of them.
    case unservedSamples(file: String, samples: [Int], count: Int, tolerance: Double?)
    /// The data's dimension differs from the quantiser's.
    case dimensionMismatch(file: String, data: Int, quantizer: Int)
    /// The quantiser's importance rule text cannot be parsed.
    case invalidImportanceRule(file: String, DataInputError)
    /// The header's metadata is not what `rdopt compress` writes, or disagrees with the table
    /// or the sample count.
    case invalidMetadata(file: String, reason: String)
    /// The container is corrupt or truncated, or cannot be read or written.
    case container(file: String, EntropyCodingError)
    /// Reading the input data or writing the output failed.
    case data(DataInputError)
    /// The reconstruction a `.rdq` file announces would be larger than the caller's limit
    /// (`rdopt decompress --max-output-bytes`); nothing was written.
    case outputTooLarge(file: String, byteCount: Int, values: Int, maximum: Int)
    /// The residual quantiser or the predictor cannot be designed for these data and bounds.
    case design(file: String, reason: String)

    public var description: String {
        switch self {
        case .unservedSamples(let file, let samples, let count, let tolerance):
            Self.unservedDescription(
                file: file, samples: samples, count: count, tolerance: tolerance)
        case .dimensionMismatch(let file, let data, let quantizer):
            "\(file): the data has dimension \(data) but the quantizer has dimension \(quantizer)"
        case .invalidImportanceRule(let file, let error):
            "\(file): important.rule: \(error)"
        case .invalidMetadata(let file, let reason):
            "\(file): corrupt compressed file: metadata: \(reason)"
        case .container(let file, let error):
            "\(file): \(error)"
        case .data(let error):
            "\(error)"
        case .outputTooLarge(let file, let byteCount, let values, let maximum):
            "\(file): the reconstruction would take up to \(byteCount) bytes (\(values) values), more than the limit of \(maximum) bytes; raise it with --max-output-bytes if the file is trusted"
        case .design(let file, let reason):
            "\(file): cannot design the compression: \(reason)"
        }
    }

    /// "FILE: N samples have no codeword …: samples a, b, … (and M more); …".
    private static func unservedDescription(
        file: String, samples: [Int], count: Int, tolerance: Double?
    ) -> String {
        let list = samples.map(String.init).joined(separator: ", ")
        let more = count > samples.count ? " and \(count - samples.count) more" : ""
        let which = count == 1 ? "sample \(list) has" : "\(count) samples (\(list)\(more)) have"
        let limit =
            tolerance.map { "within the tolerance \($0) (or of finite cost)" } ?? "of finite cost"
        return
            "\(file): \(which) no codeword \(limit); without --no-escapes they are stored exactly"
    }
}
