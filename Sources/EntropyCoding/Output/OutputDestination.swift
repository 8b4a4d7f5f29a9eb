#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What an output path stands for, decided before anything is written (see
/// ``AtomicFileWriter``): only a regular file (or nothing) is replaced through a temporary file;
/// everything else is written in place.
enum OutputDestination {
    /// A descriptor this process inherited (`/dev/stdout`, `/dev/fd/N`, `/proc/self/fd/N`):
    /// written through a duplicate of it, so that an appending redirection keeps appending.
    case descriptor(Int32)
    /// An existing file that is not a regular file (a device, a FIFO): opened and written in
    /// place, never replaced.
    case inPlace(path: String)
    /// A regular file at `path` (after following symbolic links), replaced through a
    /// temporary file beside it; `existing` describes the file there now, if any.
    case replacement(path: String, existing: stat?)

    /// The most symbolic links followed before giving up (Linux's own limit).
    private static let maximumLinkHops = 40

    /// Decides how to write `path`.
    ///
    /// Symbolic links are followed hop by hop, so that a dangling link names the file to
    /// create; links into `/proc` (such as `/dev/stdin`'s) are written in place.
    ///
    /// - Parameter path: The output path as the user gave it.
    /// - Returns: The destination.
    /// - Throws: ``EntropyCodingError/fileSystem(operation:path:code:)`` for a folder, a loop
    ///   of links, a dangling link whose target's folder does not exist, or a failed `lstat`.
    /// - Complexity: O(h) system calls for h links followed.
    static func resolve(_ path: String) throws(EntropyCodingError) -> OutputDestination {
        if let descriptor = inheritedDescriptor(named: path) { return .descriptor(descriptor) }
        var current = path
        for _ in 0..<maximumLinkHops {
            var status = stat()
            guard lstat(current, &status) == 0 else {
                let code = errno
                guard code == ENOENT else {
                    throw .fileSystem(operation: .status, path: path, code: code)
                }
                if current != path, !isFolder(folder(of: current)) {
                    throw .fileSystem(operation: .followLink, path: path, code: ENOENT)
                }
                return .replacement(path: current, existing: nil)
            }
            switch status.st_mode & S_IFMT {
            case S_IFLNK:
                let target = try linkTarget(of: current, reportedAs: path)
                if let descriptor = inheritedDescriptor(named: target) {
                    return .descriptor(descriptor)
                }
                if target.hasPrefix("/proc/") { return .inPlace(path: path) }
                current = target.hasPrefix("/") ? target : folder(of: current) + target
            case S_IFREG:
                return .replacement(path: current, existing: status)
            case S_IFDIR:
                throw .fileSystem(operation: .open, path: path, code: EISDIR)
            default:
                return .inPlace(path: current)
            }
        }
        throw .fileSystem(operation: .followLink, path: path, code: ELOOP)
    }

    /// The folder part of `path` including its final slash, or `""` for a bare name.
    static func folder(of path: String) -> String {
        path.lastIndex(of: "/").map { String(path[...$0]) } ?? ""
    }

    /// The descriptor that `/dev/stdout`, `/dev/stderr`, `/dev/fd/N` or `/proc/self/fd/N`
    /// names, or `nil` for any other path.
    private static func inheritedDescriptor(named path: String) -> Int32? {
        switch path {
        case "/dev/stdout": return STDOUT_FILENO
        case "/dev/stderr": return STDERR_FILENO
        default:
            for prefix in ["/dev/fd/", "/proc/self/fd/"] where path.hasPrefix(prefix) {
                return Int32(path.dropFirst(prefix.count))
            }
            return nil
        }
    }

    /// Whether `path` (`""`: the working folder) is an existing folder.
    private static func isFolder(_ path: String) -> Bool {
        var status = stat()
        return stat(path.isEmpty ? "." : path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }

    /// The text of the symbolic link at `link`.
    private static func linkTarget(of link: String, reportedAs path: String)
        throws(EntropyCodingError) -> String
    {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = buffer.withUnsafeMutableBufferPointer { bytes -> Int in
            guard let base = bytes.baseAddress else { return -1 }
            return readlink(link, base, bytes.count - 1)
        }
        guard length >= 0 else {
            throw .fileSystem(operation: .followLink, path: path, code: errno)
        }
        return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
