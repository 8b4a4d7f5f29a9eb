#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes an output file all or nothing, without ever destroying what the output path names:
/// the one place in rdopt that writes output files.
///
/// What happens depends on what is at the path (decided before anything is written):
///
/// - **Nothing, or a regular file:** the bytes go to a temporary file beside it, named
///   `.NAME.rdopt-tmp-` plus six random characters, which is renamed over the destination
///   only when everything succeeded. A command that fails half-way (bad input discovered late,
///   a full disk, a thrown error) thus leaves no partial output, and an existing file stays
///   untouched until the new one is complete; the rename is atomic on POSIX file systems. A
///   replaced file keeps its permission bits (and, where the system allows, its owner and
///   group); a new file gets `0666` less the umask, as `open` gives it.
/// - **A symbolic link:** the link is followed and its target replaced as above, so the link
///   stays a link. A dangling link creates its target if the target's folder exists.
/// - **Anything else** (a character or block device, a FIFO, `/dev/stdout`, `/dev/fd/N`): the
///   bytes are written in place, as `cat >` would, and every failed write is reported. Such an
///   output cannot be taken back.
/// - **A folder** is an error.
///
/// Only a `kill -9` (or a crash) between creating and renaming the temporary file leaves it
/// behind; its name says what it is.
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
///
/// A command with several outputs stages each (``stage(toPath:synchronize:_:)``, or an
/// ``OutputSet``) and commits them together at the end.
public enum AtomicFileWriter {
    /// The marker in the name of every temporary file: `.NAME.rdopt-tmp-RANDOM`.
    public static let temporaryMarker = ".rdopt-tmp-"

    /// Runs `body` with a sink on the destination (see the type's rules), then puts the file
    /// in place; if anything throws, a temporary file is removed and `path` is not touched.
    ///
    /// - Parameters:
    ///   - path: The destination.
    ///   - synchronize: Whether to `fsync` the file before the rename and its folder after it,
    ///     so that the new file survives a crash of the machine (off by default; see above).
    ///   - body: Writes the content; the sink is valid only during the call.
    /// - Returns: What `body` returns.
    /// - Throws: Whatever `body` throws, unchanged, or
    ///   ``EntropyCodingError/fileSystem(operation:path:code:)`` (naming `path`) if the
    ///   destination cannot be opened, created, written, synchronised or renamed.
    /// - Complexity: O(1) besides `body` and the bytes it writes.
    public static func write<Result>(
        toPath path: String, synchronize: Bool = false, _ body: (FileByteSink) throws -> Result
    ) throws -> Result {
        let (result, output) = try stage(toPath: path, synchronize: synchronize, body)
        try output.commit()
        return result
    }

    /// Runs `body` with a sink on the destination and returns the output staged: a regular
    /// file's content sits complete in its temporary file until ``StagedOutput/commit()``.
    ///
    /// An output written in place (a device, a FIFO) is complete when this returns.
    ///
    /// - Parameters:
    ///   - path: The destination.
    ///   - synchronize: Whether to `fsync` the temporary file before returning and the folder
    ///     after the rename.
    ///   - body: Writes the content; the sink is valid only during the call.
    /// - Returns: What `body` returns, and the staged output.
    /// - Throws: As ``write(toPath:synchronize:_:)``; nothing is left behind then.
    /// - Complexity: O(1) besides `body` and the bytes it writes.
    public static func stage<Result>(
        toPath path: String, synchronize: Bool = false, _ body: (FileByteSink) throws -> Result
    ) throws -> (result: Result, output: StagedOutput) {
        let destination = try OutputDestination.resolve(path)
        let sink: FileByteSink
        let output: StagedOutput
        switch destination {
        case .descriptor(let inherited):
            let descriptor = dup(inherited)
            guard descriptor >= 0 else {
                throw EntropyCodingError.fileSystem(operation: .open, path: path, code: errno)
            }
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
            sink = FileByteSink(descriptor: descriptor, path: path)
            output = StagedOutput(
                path: path, temporaryPath: nil, finalPath: path, synchronize: false)
        case .inPlace(let target):
            let descriptor = open(target, O_WRONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                throw EntropyCodingError.fileSystem(operation: .open, path: path, code: errno)
            }
            sink = FileByteSink(descriptor: descriptor, path: path)
            output = StagedOutput(
                path: path, temporaryPath: nil, finalPath: target, synchronize: false)
        case .replacement(let target, let existing):
            let (descriptor, temporaryPath) = try createTemporary(beside: target, for: path)
            sink = FileByteSink(descriptor: descriptor, path: path)
            output = StagedOutput(
                path: path, temporaryPath: temporaryPath, finalPath: target,
                synchronize: synchronize)
            if let existing { try adopt(existing, descriptor: descriptor, path: path) }
        }
        do {
            let result = try body(sink)
            try sink.close(synchronize: synchronize && !output.isWrittenInPlace)
            return (result, output)
        } catch {
            sink.abandon()
            output.discard()
            throw error
        }
    }

    /// The folder in which ``stage(toPath:synchronize:_:)`` would create the temporary file for
    /// `path` (`.` for a bare name), or `nil` when `path` is written in place (a device, a
    /// FIFO, standard output) or cannot be resolved: a caller that needs scratch space of its
    /// own on the output's file system puts it there.
    ///
    /// - Complexity: O(h) system calls for h symbolic links followed.
    public static func stagingFolder(forPath path: String) -> String? {
        guard case .replacement(let target, _)? = try? OutputDestination.resolve(path) else {
            return nil
        }
        let folder = OutputDestination.folder(of: target)
        return folder.isEmpty ? "." : folder
    }

    /// Creates `.NAME.rdopt-tmp-RANDOM` beside `target` with `O_EXCL` and mode `0666`, which
    /// the kernel reduces by the umask (and a default ACL) exactly as for any new file.
    ///
    /// - Returns: The open descriptor and the temporary file's path.
    /// - Throws: ``EntropyCodingError/fileSystem(operation:path:code:)`` naming `path`.
    private static func createTemporary(beside target: String, for path: String)
        throws(EntropyCodingError) -> (descriptor: Int32, path: String)
    {
        let folder = OutputDestination.folder(of: target)
        var name = Substring(target.dropFirst(folder.count))
        // Keep the name within NAME_MAX (255 bytes) after the 18 added bytes.
        while name.utf8.count > 200 { name = name.dropLast() }
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        var generator = SystemRandomNumberGenerator()
        var code = EEXIST
        for _ in 0..<100 {
            let suffix = String(
                (0..<6).map { _ in alphabet.randomElement(using: &generator) ?? "x" })
            let temporaryPath = folder + "." + name + temporaryMarker + suffix
            let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if descriptor >= 0 { return (descriptor, temporaryPath) }
            code = errno
            if code != EEXIST { break }
        }
        throw .fileSystem(operation: .createTemporary, path: path, code: code)
    }

    /// Gives the temporary file the permission bits of the file it replaces, and its owner and
    /// group where the system allows (an ordinary user can only keep a group they belong to;
    /// a refused `fchown` leaves the new file theirs, as an editor's save would).
    ///
    /// - Throws: ``EntropyCodingError/fileSystem(operation:path:code:)`` if `fchmod` fails.
    private static func adopt(_ existing: stat, descriptor: Int32, path: String)
        throws(EntropyCodingError)
    {
        if existing.st_uid != geteuid() || existing.st_gid != getegid() {
            // Best effort by design (see above): the result is deliberately not checked.
            _ = fchown(descriptor, existing.st_uid, existing.st_gid)
        }
        guard fchmod(descriptor, existing.st_mode & 0o777) == 0 else {
            throw .fileSystem(operation: .setPermissions, path: path, code: errno)
        }
    }
}
