#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file all or nothing: into a temporary file in the destination's folder, renamed
/// over the destination only when everything succeeded.
///
/// A command that fails half-way (bad input discovered late, a full disk, a thrown error)
/// thus leaves no partial output behind, and an existing file at the destination stays
/// untouched until the new one is complete. The rename is atomic on POSIX file systems.
///
/// That is a guarantee about failed *commands*, not about a crash of the whole machine: by
/// default the data is not `fsync`ed (`zstd`, `gzip` and `cp` do not either): forcing an 80 MB
/// reconstruction to disk took about 30 ms here, a fifth of the whole decompression, and takes
/// longer on slow disks. After a power loss right after a successful run the
/// new file may be missing, empty or incomplete, while the old one may already be gone. Pass
/// `synchronize: true` when the file must survive that.
///
/// ```swift
/// try AtomicFileWriter.write(toPath: "out.rdq") { sink in
///     var writer = try CompressedFileWriter(sink: sink, table: table, metadata: json, sampleCount: n)
///     try writer.write(symbols)
///     _ = try writer.finish()
/// }
/// ```
public enum AtomicFileWriter {
    /// Runs `body` with a sink on a temporary file beside `path`, then moves the file to
    /// `path`; if anything throws, the temporary file is removed and `path` is not touched.
    ///
    /// The temporary file is named `.NAME.tmp-` plus six random characters (`mkstemp`) in the same folder (so the rename
    /// never crosses file systems) and gets permissions `0644`.
    ///
    /// - Parameters:
    ///   - path: The destination file.
    ///   - synchronize: Whether to `fsync` the file before the rename and its folder after it,
    ///     so that the new file survives a crash of the machine (off by default; see above).
    ///   - body: Writes the content; the sink is valid only during the call.
    /// - Returns: What `body` returns.
    /// - Throws: Whatever `body` throws, unchanged, or
    ///   ``EntropyCodingError/fileSystem(operation:path:code:)`` if the temporary file cannot
    ///   be created, written, synchronised or renamed.
    /// - Complexity: O(1) besides `body` and the bytes it writes.
    public static func write<Result>(
        toPath path: String, synchronize: Bool = false, _ body: (FileByteSink) throws -> Result
    ) throws -> Result {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        // mkstemp replaces the trailing six "X" of its template with random characters.
        let randomSuffix = String(repeating: "X", count: 6)
        var template = Array((folder + "." + name + ".tmp-" + randomSuffix).utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return -1 }
            return mkstemp(base)
        }
        guard descriptor >= 0 else {
            throw EntropyCodingError.fileSystem(
                operation: .createTemporary, path: path, code: errno)
        }
        let temporaryPath = String(
            decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        _ = fchmod(descriptor, 0o644)
        let sink = FileByteSink(descriptor: descriptor, path: temporaryPath)
        do {
            let result = try body(sink)
            try sink.close(synchronize: synchronize)
            guard rename(temporaryPath, path) == 0 else {
                throw EntropyCodingError.fileSystem(operation: .rename, path: path, code: errno)
            }
            if synchronize { synchronizeFolder(folder.isEmpty ? "." : folder) }
            return result
        } catch {
            sink.abandon()
            _ = unlink(temporaryPath)
            throw error
        }
    }

    /// Best effort: makes the rename durable by syncing the folder entry.
    private static func synchronizeFolder(_ folder: String) {
        let descriptor = open(folder, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        _ = systemClose(descriptor)
    }
}
