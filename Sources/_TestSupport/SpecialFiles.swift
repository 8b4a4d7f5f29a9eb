import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Device nodes and FIFOs made inside a ``ScratchFolder`` (never a real device of the machine),
/// for tests of writers that must not replace them.
public enum SpecialFiles {
    /// Linux's `/dev/null` (major 1, minor 3) in `dev_t`'s encoding for small numbers
    /// (`major << 8 | minor`).
    public static let nullDevice = dev_t(1 << 8 | 3)
    /// Linux's `/dev/full` (major 1, minor 7): every write fails with `ENOSPC`.
    public static let fullDevice = dev_t(1 << 8 | 7)

    /// Whether this process may create device nodes (it needs root, or `CAP_MKNOD`).
    public static let canMakeDeviceNodes: Bool = {
        guard let folder = try? ScratchFolder("mknod-probe") else { return false }
        return mknod(folder.path("probe"), S_IFCHR | 0o666, nullDevice) == 0
    }()

    /// Creates a character device node `name` in `folder` for `device`.
    ///
    /// - Returns: Its path.
    /// - Throws: `POSIXError` if `mknod` fails.
    @discardableResult
    public static func makeDevice(_ name: String, in folder: ScratchFolder, device: dev_t) throws
        -> String
    {
        let path = folder.path(name)
        guard mknod(path, S_IFCHR | 0o666, device) == 0 else { throw posixError() }
        return path
    }

    /// Creates a FIFO `name` in `folder`.
    ///
    /// - Returns: Its path.
    /// - Throws: `POSIXError` if `mkfifo` fails.
    @discardableResult
    public static func makeFIFO(_ name: String, in folder: ScratchFolder) throws -> String {
        let path = folder.path(name)
        guard mkfifo(path, 0o644) == 0 else { throw posixError() }
        return path
    }

    /// The type bits of `lstat(path)` (`S_IFCHR`, `S_IFIFO`, `S_IFLNK`, `S_IFREG`…), or `nil`.
    public static func fileType(_ path: String) -> mode_t? {
        var status = stat()
        return lstat(path, &status) == 0 ? status.st_mode & S_IFMT : nil
    }

    /// The permission bits of `path` (following links), or `nil`.
    public static func permissions(_ path: String) -> mode_t? {
        var status = stat()
        return stat(path, &status) == 0 ? status.st_mode & 0o777 : nil
    }

    /// The current `errno` as a `POSIXError`.
    private static func posixError() -> POSIXError {
        POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
    }
}
