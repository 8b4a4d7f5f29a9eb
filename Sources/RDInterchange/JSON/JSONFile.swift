import Foundation

/// Reads the bytes of a JSON document from a file, refusing one larger than
/// ``maximumByteCount`` before reading it (docs/formats.md, "Limits").
///
/// Parsing holds the file's bytes and the parsed values at once, several times the file's
/// size, so a document past the limit (a forged or mistaken file) is an error instead of
/// an allocation the machine cannot make. A regular file's size is known before reading;
/// anything else (a pipe) is read up to one byte past the limit.
package enum JSONFile {
    /// The largest JSON document rdopt reads: 1 GiB (about 50 million numbers; sample data
    /// that large belongs in `.npy` or raw files, which have no such limit).
    package static let maximumByteCount = 1 << 30

    /// The bytes of the file at `path` (`-`: standard input; pipes and FIFOs work too, read
    /// through ``InputFile``).
    /// - Parameters:
    ///   - path: The file.
    ///   - maximum: The largest size accepted, in bytes.
    /// - Returns: The file's bytes.
    /// - Throws: ``DocumentError/unreadable(file:reason:)`` when the file cannot be read,
    ///   ``DocumentError/tooLarge(file:byteCount:maximum:)`` when it is larger than `maximum`.
    /// - Complexity: O(b) for b bytes; nothing is read from a regular file past the limit.
    package static func read(path: String, maximum: Int = maximumByteCount)
        throws(DocumentError) -> Data
    {
        let contents: InputFile.Contents
        do { contents = try InputFile.bytes(atPath: path, maximum: maximum) } catch {
            guard case .unreadableFile(_, let reason) = error else {
                throw .unreadable(file: path, reason: error.description)
            }
            throw .unreadable(file: path, reason: reason)
        }
        switch contents {
        case .complete(let bytes): return Data(bytes)
        case .tooLarge(let count): throw .tooLarge(file: path, byteCount: count, maximum: maximum)
        }
    }
}
