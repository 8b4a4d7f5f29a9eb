import RateDistortion

/// Errors reading or checking rdopt's JSON documents (problems, certificates, quantizers).
public enum DocumentError: Error, Sendable, CustomStringConvertible {
    /// The file could not be read.
    case unreadable(file: String, reason: String)
    /// The file is not valid JSON (or is truncated).
    case malformed(file: String, reason: String)
    /// The file is larger than the largest JSON document rdopt reads
    /// (1 GiB, `JSONFile.maximumByteCount`).
    case tooLarge(file: String, byteCount: Int, maximum: Int)
    /// A key is missing, has the wrong type or an invalid value.
    case field(file: String, key: String, reason: String)
    /// The document is well-formed but describes an invalid or infeasible problem.
    case invalid(file: String, RateDistortionError)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason): "\(file): cannot read: \(reason)"
        case .malformed(let file, let reason): "\(file): \(reason)"
        case .tooLarge(let file, let byteCount, let maximum):
            "\(file): the JSON document is \(byteCount) bytes, more than the \(maximum) bytes "
                + "rdopt reads (sample data this large belongs in a .npy or raw .f64 file)"
        case .field(let file, let key, let reason): "\(file): \(key): \(reason)"
        case .invalid(let file, let error): "\(file): \(error)"
        }
    }
}
