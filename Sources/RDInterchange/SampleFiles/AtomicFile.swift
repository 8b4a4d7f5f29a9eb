import EntropyCoding
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes whole files so that a reader sees either the old file or the complete new one: the
/// bytes go through EntropyCoding's ``EntropyCoding/AtomicFileWriter`` (a temporary file beside
/// the destination, renamed over it only when complete), the one place rdopt does this.
package enum AtomicFile {
    /// Writes `bytes` to `url` all or nothing; on failure the temporary file is removed and
    /// `url` is untouched.
    ///
    /// - Throws: `DataInputError.unwritableFile` with the system's reason.
    package static func write(_ bytes: [UInt8], to url: URL) throws(DataInputError) {
        do {
            try AtomicFileWriter.write(toPath: url.path) { sink in try sink.write(bytes) }
        } catch let error as EntropyCodingError {
            throw .unwritableFile(file: url.path, reason: reason(error))
        } catch {
            throw .unwritableFile(file: url.path, reason: "\(error)")
        }
    }

    /// The system's words for a failed file operation.
    private static func reason(_ error: EntropyCodingError) -> String {
        if case .fileSystem(_, _, let code) = error { return String(cString: strerror(code)) }
        return error.description
    }
}
