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

    /// The bytes of the file at `path`.
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
        let size: Int?
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            let isRegular = attributes[.type] as? FileAttributeType == .typeRegular
            size = isRegular ? (attributes[.size] as? NSNumber)?.intValue : nil
        } catch {
            throw .unreadable(file: path, reason: (error as NSError).localizedDescription)
        }
        if let size, size > maximum {
            throw .tooLarge(file: path, byteCount: size, maximum: maximum)
        }
        do {
            if size != nil { return try Data(contentsOf: URL(fileURLWithPath: path)) }
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            let data: Data
            do { data = try handle.read(upToCount: maximum + 1) ?? Data() } catch {
                try handle.close()
                throw error
            }
            try handle.close()
            guard data.count <= maximum else {
                throw DocumentError.tooLarge(file: path, byteCount: data.count, maximum: maximum)
            }
            return data
        } catch let error as DocumentError {
            throw error
        } catch {
            throw .unreadable(file: path, reason: (error as NSError).localizedDescription)
        }
    }
}
