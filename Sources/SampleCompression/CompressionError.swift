import EntropyCoding
import RDInterchange

/// Everything that can go wrong while compressing samples with a quantiser or decompressing a
/// `.rdq` file. Every case is bad input (exit status 2 in the CLI) except `.unwritable`.
public enum CompressionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An important sample has no codeword within the tolerance.
    case toleranceUnreachable(file: String, sample: Int, tolerance: Double)
    /// No codeword has a finite cost for this sample (coordinates far beyond the codebook).
    case sampleNotEncodable(file: String, sample: Int)
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

    public var description: String {
        switch self {
        case .toleranceUnreachable(let file, let sample, let tolerance):
            "\(file): sample \(sample) is important but no codeword is within the tolerance \(tolerance)"
        case .sampleNotEncodable(let file, let sample):
            "\(file): sample \(sample) cannot be encoded: every codeword's cost is infinite"
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
        }
    }
}
