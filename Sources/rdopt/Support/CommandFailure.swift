import Foundation
import RDInterchange
import RDPlot
import RDWorkflows
import RateDistortion
import SampleCompression

/// A failed command: a one-line message (empty: end silently) and an exit status (2 bad input,
/// 1 anything else).
struct CommandFailure: Error {
    var message: String
    var status: Int32

    /// Bad input: exit 2.
    static func badInput(_ message: String) -> CommandFailure {
        CommandFailure(message: message, status: 2)
    }
    /// Anything else: exit 1.
    static func failure(_ message: String) -> CommandFailure {
        CommandFailure(message: message, status: 1)
    }

    /// A failed write to stdout or stderr: exit 1; no message for a broken stdout pipe (the
    /// reader went away and wants nothing more, docs/cli.md).
    init(_ failure: StandardStreamFailure) {
        self.init(
            message: failure.isBrokenPipe && failure.stream == .output ? "" : failure.message,
            status: 1)
    }

    /// Wraps a library error: document and problem errors are bad input.
    init(_ error: any Error) {
        switch error {
        case let failure as CommandFailure: self = failure
        case let failure as StandardStreamFailure: self.init(failure)
        case let failure as LibraryFailure: self.init(failure)
        case let error as DocumentError: self = .badInput(error.description)
        case let error as RateDistortionError: self = .badInput(error.description)
        default: self = .failure("\(error)")
        }
    }

    /// A classified library failure, with its message and exit status.
    init(_ failure: LibraryFailure) {
        self.init(message: failure.message, status: failure.status)
    }

    /// A failure with this message and exit status.
    init(message: String, status: Int32) {
        self.message = message
        self.status = status
    }
}

/// Runs `body`, turning any error into a ``CommandFailure``; problem errors (infeasible bounds,
/// …) are prefixed with `file` so the message names the input at fault.
func reportingErrors<T>(file: String? = nil, _ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as RateDistortionError {
        throw CommandFailure.badInput(file.map { "\($0): \(error)" } ?? error.description)
    } catch {
        throw CommandFailure(error)
    }
}
