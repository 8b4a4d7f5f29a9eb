import EntropyCoding
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes whole files so that a reader sees either the old file or the complete new one: the
/// bytes go through EntropyCoding's ``EntropyCoding/AtomicFileWriter`` (a temporary file beside
/// the destination, renamed over it only when complete; a device or FIFO written in place), the
/// one place rdopt does this.
package enum AtomicFile {
    /// Writes `bytes` to `url` all or nothing; on failure the temporary file is removed and
    /// `url` is untouched.
    ///
    /// - Parameters:
    ///   - bytes: The whole content.
    ///   - url: The destination.
    /// - Throws: `DataInputError.unwritableFile` with the system's reason.
    /// - Complexity: O(n) for n bytes.
    package static func write(_ bytes: [UInt8], to url: URL) throws(DataInputError) {
        let outputs = OutputSet()
        try write(bytes, to: url, in: outputs)
        do { try outputs.commit() } catch { throw unwritable(url, error) }
    }

    /// Stages `bytes` as the content of `url` in `outputs`, which puts it in place on
    /// ``EntropyCoding/OutputSet/commit()``; on failure every output of the set is discarded.
    ///
    /// - Parameters:
    ///   - bytes: The whole content.
    ///   - url: The destination.
    ///   - outputs: The command's outputs.
    /// - Throws: `DataInputError.unwritableFile` with the system's reason.
    /// - Complexity: O(n) for n bytes.
    package static func write(_ bytes: [UInt8], to url: URL, in outputs: OutputSet)
        throws(DataInputError)
    {
        do { try outputs.write(bytes, toPath: url.path) } catch { throw unwritable(url, error) }
    }

    /// The error for a file that could not be written, naming the file the system call
    /// failed on (`url` if the error does not say).
    package static func unwritable(_ url: URL, _ error: any Error) -> DataInputError {
        if case .fileSystem(_, let path, let code)? = error as? EntropyCodingError {
            return .unwritableFile(file: path, reason: String(cString: strerror(code)))
        }
        return .unwritableFile(file: url.path, reason: "\(error)")
    }
}
