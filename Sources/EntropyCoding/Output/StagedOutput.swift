#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One output written completely but not yet in place: a temporary file beside its
/// destination, waiting for ``commit()`` (rename it over the destination) or ``discard()``
/// (remove it). Made by ``AtomicFileWriter/stage(toPath:synchronize:_:)``.
///
/// An output that is written in place (a device, a FIFO, an inherited descriptor) has no
/// temporary file: its bytes are already out, so committing it does nothing and discarding it
/// cannot take them back.
///
/// Released without either call, the temporary file is removed, so an error thrown between
/// staging and committing leaves nothing behind.
public final class StagedOutput {
    /// The destination as the caller named it (used in messages).
    public let path: String
    /// The temporary file, or `nil` for an output written in place.
    let temporaryPath: String?
    /// The file the temporary file is renamed to (the target of a symbolic link at `path`).
    let finalPath: String
    /// Whether to `fsync` the folder after the rename.
    let synchronize: Bool
    /// Whether ``commit()`` or ``discard()`` has run.
    private var isSettled = false

    /// Records a staged output.
    init(path: String, temporaryPath: String?, finalPath: String, synchronize: Bool) {
        self.path = path
        self.temporaryPath = temporaryPath
        self.finalPath = finalPath
        self.synchronize = synchronize
    }

    deinit { discard() }

    /// Whether the bytes went straight to the destination (nothing to rename).
    public var isWrittenInPlace: Bool { temporaryPath == nil }

    /// Renames the temporary file over the destination (atomic on POSIX file systems); an
    /// existing regular file is replaced by exchanging the two names instead, where the system
    /// can (`renameat2` with `RENAME_EXCHANGE`), which is as atomic and much cheaper on ext4.
    ///
    /// - Throws: ``EntropyCodingError/fileSystem(operation:path:code:)`` if the rename fails;
    ///   the temporary file is removed then and the destination is untouched.
    /// - Complexity: O(1) system calls.
    public func commit() throws(EntropyCodingError) {
        guard !isSettled else { return }
        isSettled = true
        guard let temporaryPath else { return }
        guard !EntryExchange.replace(finalPath, with: temporaryPath) else {
            if synchronize { Self.synchronizeFolder(OutputDestination.folder(of: finalPath)) }
            return
        }
        guard rename(temporaryPath, finalPath) == 0 else {
            let code = errno
            _ = unlink(temporaryPath)
            throw .fileSystem(operation: .rename, path: path, code: code)
        }
        if synchronize { Self.synchronizeFolder(OutputDestination.folder(of: finalPath)) }
    }

    /// Removes the temporary file and leaves the destination as it was.
    ///
    /// - Complexity: O(1) system calls.
    public func discard() {
        guard !isSettled else { return }
        isSettled = true
        if let temporaryPath { _ = unlink(temporaryPath) }
    }

    /// Best effort: makes the rename durable by syncing the folder entry.
    private static func synchronizeFolder(_ folder: String) {
        let descriptor = open(folder.isEmpty ? "." : folder, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        _ = systemClose(descriptor)
    }
}
