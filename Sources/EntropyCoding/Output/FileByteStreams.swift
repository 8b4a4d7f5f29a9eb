#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A buffered ``ByteSink`` that writes to a file through POSIX calls.
///
/// Create one with ``init(path:)`` to write a file in place, or let
/// ``AtomicFileWriter/write(toPath:synchronize:_:)`` hand you one that writes to a temporary file and
/// renames it over the destination only on success (or in place, for a device or a FIFO). Bytes are buffered (1 MiB) and reach the
/// file on ``flush()``, `close()` or when the buffer fills; the file is closed when the
/// sink is released.
public final class FileByteSink: ByteSink {
    /// The destination as the caller named it, for messages (inside ``AtomicFileWriter`` the
    /// bytes may go to a temporary file beside it, whose name no message shows).
    public let path: String
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private static let bufferCapacity = 1 << 20

    /// Creates or truncates the file at `path` in place (permissions `0666` less the umask).
    ///
    /// - Parameter path: The file to write.
    /// - Throws: ``EntropyCodingError/fileSystem(operation:path:code:)`` if it cannot be opened.
    public init(path: String) throws(EntropyCodingError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw .fileSystem(operation: .open, path: path, code: errno) }
        self.path = path
        self.descriptor = descriptor
    }

    /// Wraps an open descriptor; the sink owns it from now on.
    init(descriptor: Int32, path: String) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit { if descriptor >= 0 { _ = systemClose(descriptor) } }

    /// Appends `bytes` to the file (through the buffer).
    ///
    /// - Parameter bytes: The bytes to append.
    /// - Throws: ``EntropyCodingError/fileSystem(operation:path:code:)`` if writing fails or
    ///   the sink is closed.
    /// - Complexity: O(n) for n bytes.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(EntropyCodingError) {
        if buffer.count + bytes.count > Self.bufferCapacity {
            try flush()
        }
        if bytes.count >= Self.bufferCapacity {
            try writeAll(bytes)
        } else {
            if buffer.capacity < Self.bufferCapacity { buffer.reserveCapacity(Self.bufferCapacity) }
            buffer.append(contentsOf: bytes)
        }
    }

    /// Appends `bytes` to the file (through the buffer).
    ///
    /// - Parameter bytes: The bytes to append.
    /// - Throws: ``EntropyCodingError/fileSystem(operation:path:code:)`` if writing fails or
    ///   the sink is closed.
    /// - Complexity: O(n) for n bytes.
    public func write(_ bytes: [UInt8]) throws(EntropyCodingError) {
        try bytes.withUnsafeBufferPointer { (buffer) throws(EntropyCodingError) in
            try write(UnsafeRawBufferPointer(buffer))
        }
    }

    /// Writes every buffered byte to the file.
    ///
    /// - Throws: ``EntropyCodingError/fileSystem(operation:path:code:)`` if writing fails.
    /// - Complexity: O(b) for b buffered bytes.
    public func flush() throws(EntropyCodingError) {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBufferPointer { (bytes) throws(EntropyCodingError) in
            try writeAll(UnsafeRawBufferPointer(bytes))
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, optionally forces the data to stable storage, and closes the file.
    ///
    /// - Parameter synchronize: Whether to `fsync` before closing.
    /// - Throws: ``EntropyCodingError/fileSystem(operation:path:code:)`` if any step fails;
    ///   the descriptor is closed in any case.
    public func close(synchronize: Bool = false) throws(EntropyCodingError) {
        guard descriptor >= 0 else { return }
        defer { descriptor = -1 }
        do throws(EntropyCodingError) {
            try flush()
            if synchronize, fsync(descriptor) != 0 {
                throw .fileSystem(operation: .sync, path: path, code: errno)
            }
        } catch {
            _ = systemClose(descriptor)
            throw error
        }
        guard systemClose(descriptor) == 0 else {
            throw .fileSystem(operation: .close, path: path, code: errno)
        }
    }

    /// Closes without flushing or reporting errors (used when abandoning a file).
    func abandon() {
        buffer.removeAll()
        if descriptor >= 0 { _ = systemClose(descriptor) }
        descriptor = -1
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws(EntropyCodingError) {
        guard descriptor >= 0 else { throw .fileSystem(operation: .write, path: path, code: EBADF) }
        var offset = 0
        while offset < bytes.count {
            let written = systemWrite(
                descriptor, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw .fileSystem(operation: .write, path: path, code: errno)
            }
            offset += written
        }
    }
}

/// A ``ByteSource`` that reads a file through POSIX calls and knows how many bytes are left
/// when the file is a regular file.
public final class FileByteSource: ByteSource {
    /// The path of the file being read.
    public let path: String
    private var descriptor: Int32
    private var remaining: Int?

    /// Opens the file at `path` for reading.
    ///
    /// - Parameter path: The file to read.
    /// - Throws: ``EntropyCodingError/fileSystem(operation:path:code:)`` if it cannot be
    ///   opened or examined.
    public init(path: String) throws(EntropyCodingError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .fileSystem(operation: .open, path: path, code: errno) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let code = errno
            _ = systemClose(descriptor)
            throw .fileSystem(operation: .status, path: path, code: code)
        }
        self.path = path
        self.descriptor = descriptor
        remaining = (status.st_mode & S_IFMT) == S_IFREG ? Int(status.st_size) : nil
    }

    /// Reads what this process inherited as descriptor `descriptor` (0 for standard input),
    /// through a duplicate of it.
    ///
    /// - Parameters:
    ///   - descriptor: An open descriptor; it stays open and the caller keeps it.
    ///   - path: A name for messages, such as `-`.
    /// - Throws: ``EntropyCodingError/fileSystem(operation:path:code:)`` if it is not open.
    public init(duplicating descriptor: Int32, path: String) throws(EntropyCodingError) {
        let copy = dup(descriptor)
        guard copy >= 0 else { throw .fileSystem(operation: .open, path: path, code: errno) }
        _ = fcntl(copy, F_SETFD, FD_CLOEXEC)
        self.path = path
        self.descriptor = copy
        var status = stat()
        let isRegular = fstat(copy, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
        let offset = lseek(copy, 0, SEEK_CUR)
        remaining = isRegular && offset >= 0 ? max(0, Int(status.st_size) - Int(offset)) : nil
    }

    deinit { _ = systemClose(descriptor) }

    /// Reads up to `buffer.count` bytes.
    ///
    /// - Parameter buffer: Where to store the bytes.
    /// - Returns: The number of bytes read, 0 at the end of the file.
    /// - Throws: ``EntropyCodingError/fileSystem(operation:path:code:)`` if reading fails.
    /// - Complexity: O(n) for n bytes.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(EntropyCodingError) -> Int {
        var filled = 0
        while filled < buffer.count {
            let got = systemRead(
                descriptor, buffer.baseAddress.map { $0 + filled }, buffer.count - filled)
            if got < 0 {
                if errno == EINTR { continue }
                throw .fileSystem(operation: .read, path: path, code: errno)
            }
            if got == 0 { break }
            filled += got
        }
        if let left = remaining { remaining = max(0, left - filled) }
        return filled
    }

    /// The number of unread bytes of a regular file; `nil` for a pipe or device.
    public var remainingByteCount: Int? { remaining }
}

/// The C library's description of `errno` value `code`.
func systemErrorMessage(_ code: Int32) -> String {
    guard let message = strerror(code) else { return "error \(code)" }
    return String(cString: message)
}

// The POSIX calls under names that the methods `read`, `write` and `close` do not shadow.
@inline(__always) func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int)
    -> Int
{
    read(fd, buffer, count)
}
@inline(__always) func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(fd, buffer, count)
}
@inline(__always) func systemClose(_ fd: Int32) -> Int32 { close(fd) }
