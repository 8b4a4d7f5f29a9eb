import Foundation

/// Standard output or standard error, written with plain POSIX `write` calls whose every
/// failure is reported (Foundation's `FileHandle.write` traps on a full disk or a closed pipe).
enum StandardStream: Int32 {
    /// Standard output: results.
    case output = 1
    /// Standard error: errors, warnings, progress.
    case error = 2

    /// The stream's name in messages.
    var name: String {
        switch self {
        case .output: "standard output"
        case .error: "standard error"
        }
    }

    /// Writes every byte of `text`, retrying after signals and short writes.
    ///
    /// - Parameter text: The text, written as UTF-8.
    /// - Throws: ``StandardStreamFailure`` with the `errno` of the failed write.
    /// - Complexity: O(n) for n bytes.
    func write(_ text: String) throws(StandardStreamFailure) {
        var bytes = Array(text.utf8)
        let code = bytes.withUnsafeMutableBytes { buffer -> Int32? in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(
                    rawValue, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return nil
        }
        if let code { throw StandardStreamFailure(stream: self, code: code) }
    }
}

/// A failed write to standard output or standard error.
struct StandardStreamFailure: Error {
    /// The stream written to.
    var stream: StandardStream
    /// The `errno` value of the failed write.
    var code: Int32

    /// `cannot write to standard output: No space left on device`.
    var message: String {
        "cannot write to \(stream.name): \(String(cString: strerror(code)))"
    }

    /// Whether the reader of a pipe went away (`rdopt curve … | head -1`).
    var isBrokenPipe: Bool { code == EPIPE }
}
