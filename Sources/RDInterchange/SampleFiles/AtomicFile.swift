import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes whole files so that a reader sees either the old file or the complete new one.
package enum AtomicFile {
    /// Writes `bytes` to a temporary file beside `url`, then renames it to `url` (an atomic
    /// replacement on POSIX file systems). On failure the temporary file is removed.
    ///
    /// - Throws: `DataInputError.unwritableFile` with the system's reason.
    package static func write(_ bytes: [UInt8], to url: URL) throws(DataInputError) {
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try Data(bytes).write(to: temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw .unwritableFile(file: url.path, reason: SampleSet.reason(error))
        }
        if rename(temporary.path, url.path) != 0 {
            let message = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw .unwritableFile(file: url.path, reason: message)
        }
    }
}
