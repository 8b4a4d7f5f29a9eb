import EntropyCoding
import Quantization
import RDInterchange
import RateDistortion
import SampleCompression

/// A library error as the user sees it: the one-line message `rdopt` prints after `error: `,
/// and whether it is bad input (exit status 2) or another failure (exit status 1).
///
/// The command line and the C entry points (`RDOptC`, used by the Python package) classify
/// errors here, so both report the same message with the same status.
public struct LibraryFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The message, without the `error: ` prefix.
    public var message: String
    /// Whether the input was at fault (exit status 2); otherwise exit status 1.
    public var isBadInput: Bool

    /// A failure with this message.
    ///
    /// - Parameters:
    ///   - message: The one-line message.
    ///   - isBadInput: Whether the input was at fault.
    public init(message: String, isBadInput: Bool) {
        self.message = message
        self.isBadInput = isBadInput
    }

    /// The exit status of docs/cli.md: 2 for bad input, 1 otherwise.
    public var status: Int32 { isBadInput ? 2 : 1 }

    public var description: String { message }

    /// Bad input (exit status 2).
    public static func badInput(_ message: String) -> LibraryFailure {
        LibraryFailure(message: message, isBadInput: true)
    }

    /// Classifies a library error: documents, problems, data and quantisation inputs are bad
    /// input, except a design target the method did not reach (the input may be fine).
    ///
    /// - Parameters:
    ///   - error: The error a library call threw.
    ///   - file: The input to name in a problem error's message (`FILE: …`), if any.
    public init(_ error: any Error, file: String? = nil) {
        switch error {
        case let failure as LibraryFailure: self = failure
        case let error as DocumentError: self = .badInput(error.description)
        case let error as RateDistortionError:
            self = .badInput(file.map { "\($0): \(error)" } ?? error.description)
        case let error as QuantizationError: self.init(quantization: error)
        case let error as DataInputError: self = .badInput(error.description)
        case let error as CompressionError: self.init(compression: error)
        default: self.init(message: "\(error)", isBadInput: false)
        }
    }

    /// A design error: bad input, except a target not reached, which says what to try.
    public init(quantization error: QuantizationError) {
        if case .targetNotReached = error {
            self.init(
                message: error.description
                    + "; the method fell short on these samples (for design, try more --stages or --codewords)",
                isBadInput: false)
        } else {
            self = .badInput(error.description)
        }
    }

    /// A compression error: bad input, except a file or spool that cannot be written.
    public init(compression error: CompressionError) {
        switch error {
        case .container(_, .fileSystem), .data(.unwritableFile):
            self.init(message: error.description, isBadInput: false)
        default: self = .badInput(error.description)
        }
    }
}
