import Foundation
import RDInterchange
import RDPlot
import RDWorkflows
import RateDistortion
import SampleCompression

/// A failed command: a one-line message and an exit status (2 bad input, 1 anything else).
struct CommandFailure: Error {
    var message: String
    var status: Int32

    static func badInput(_ message: String) -> CommandFailure {
        CommandFailure(message: message, status: 2)
    }
    static func failure(_ message: String) -> CommandFailure {
        CommandFailure(message: message, status: 1)
    }

    /// Wraps a library error: document and problem errors are bad input.
    init(_ error: any Error) {
        switch error {
        case let failure as CommandFailure: self = failure
        case let error as DocumentError: self = .badInput(error.description)
        case let error as RateDistortionError: self = .badInput(error.description)
        default: self = .failure("\(error)")
        }
    }

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
