import ParallelLoops

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A regular file opened for reading with POSIX calls, so that the binary formats (`.f64`,
/// `.f32`, `.npy`) are read straight into their final `[Double]`: the file is never held in
/// memory as bytes beside its values.
///
/// Only regular files are opened this way (their size is known before reading); anything else
/// (a pipe, a device) makes ``init(path:)`` return `nil` and is read whole as before.
final class BinaryDataFile: Sendable {
    /// The file's path, for messages.
    let path: String
    /// The file's size when it was opened.
    let byteCount: Int
    private let descriptor: Int32

    /// Opens the file at `path`.
    ///
    /// A FIFO is not even opened here (its writer would see the reader come and go): `stat`
    /// says what `path` is first.
    ///
    /// - Returns: `nil` when `path` is not a regular file.
    /// - Throws: `DataInputError.unreadableFile` with the system's reason if it cannot be opened.
    init?(path: String) throws(DataInputError) {
        var named = stat()
        if stat(path, &named) == 0, (named.st_mode & S_IFMT) != S_IFREG { return nil }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw .unreadableFile(file: path, reason: Self.message(errno))
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            _ = close(descriptor)
            return nil
        }
        self.path = path
        self.descriptor = descriptor
        byteCount = Int(status.st_size)
    }

    deinit { _ = close(descriptor) }

    /// Fills `buffer` with the bytes at `offset`.
    ///
    /// - Throws: `.truncatedData` if the file ends first (it shrank since it was opened),
    ///   `.unreadableFile` if reading fails.
    /// - Complexity: O(n) for n bytes.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(DataInputError) {
        var filled = 0
        while filled < buffer.count {
            let got = pread(
                descriptor, buffer.baseAddress.map { $0 + filled }, buffer.count - filled,
                off_t(offset + filled))
            if got < 0 {
                if errno == EINTR { continue }
                throw .unreadableFile(file: path, reason: Self.message(errno))
            }
            if got == 0 {
                throw .truncatedData(
                    file: path, expectedBytes: byteCount, actualBytes: offset + filled)
            }
            filled += got
        }
    }

    /// Fills `buffer` with the bytes at `offset`, in slices of 8 MiB read on all cores at once,
    /// and runs `inspect` on each slice right after reading it, on the same core.
    ///
    /// Reading into fresh memory costs mostly kernel time (a page fault per 4 KiB of the
    /// destination, and the copy out of the page cache); independent `pread` calls on disjoint
    /// slices share it among the cores, and `inspect` finds its slice still in the cache.
    ///
    /// - Parameters:
    ///   - buffer: The destination.
    ///   - offset: The file position of `buffer[0]`.
    ///   - inspect: Called with a slice of `buffer` (which it may modify) and the slice's start
    ///     in `buffer`; returns a position worth reporting, or `nil`.
    /// - Returns: The first non-`nil` result of `inspect`, in slice order.
    /// - Throws: As ``read(into:at:)``, for the first slice that failed.
    /// - Complexity: O(n) for n bytes, spread over the cores.
    func readInParallel(
        into buffer: UnsafeMutableRawBufferPointer, at offset: Int,
        inspecting inspect: (UnsafeMutableRawBufferPointer, _ start: Int) -> Int?
    ) throws(DataInputError) -> Int? {
        let sliceSize = 1 << 23
        let slices = max(1, (buffer.count + sliceSize - 1) / sliceSize)
        var results = [Result<Int?, DataInputError>](repeating: .success(nil), count: slices)
        results.withUnsafeMutableBufferPointer { buffered in
            let results = buffered
            // Each slice writes only its own bytes of `buffer` and its own entry of `results`.
            ParallelLoop.forEach(slices) { slice in
                let start = slice * sliceSize
                let part = UnsafeMutableRawBufferPointer(
                    rebasing: buffer[start..<min(buffer.count, start + sliceSize)])
                do throws(DataInputError) {
                    try self.read(into: part, at: offset + start)
                    results[slice] = .success(inspect(part, start))
                } catch {
                    results[slice] = .failure(error)
                }
            }
        }
        for result in results {
            switch result {
            case .failure(let error): throw error
            case .success(let position?): return position
            case .success(nil): continue
            }
        }
        return nil
    }

    /// The `count` bytes at `offset`.
    ///
    /// - Throws: As ``read(into:at:)``.
    func bytes(at offset: Int, count: Int) throws(DataInputError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var failure: DataInputError? = nil
        bytes.withUnsafeMutableBytes { raw in
            do throws(DataInputError) { try read(into: raw, at: offset) } catch { failure = error }
        }
        if let failure { throw failure }
        return bytes
    }

    private static func message(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }
}
