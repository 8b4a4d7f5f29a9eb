import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The other end of a FIFO, on a background thread: a reader that collects everything written
/// to it, or a writer that sends fixed bytes.
///
/// ``finish()`` never hangs: if the program under test never opened the FIFO, it opens the
/// missing end itself (without blocking) so that the thread's `open` returns.
public final class FIFOPeer: @unchecked Sendable {
    /// The FIFO.
    public let path: String
    private let isReader: Bool
    private let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var received: [UInt8] = []

    private init(path: String, isReader: Bool) {
        self.path = path
        self.isReader = isReader
    }

    /// Starts a thread that reads the FIFO at `path` to its end.
    public static func reader(_ path: String) -> FIFOPeer {
        let peer = FIFOPeer(path: path, isReader: true)
        DispatchQueue.global().async { peer.readAll() }
        return peer
    }

    /// Starts a thread that writes `bytes` into the FIFO at `path` and closes it.
    public static func writer(_ path: String, bytes: [UInt8]) -> FIFOPeer {
        let peer = FIFOPeer(path: path, isReader: false)
        DispatchQueue.global().async { peer.writeAll(bytes) }
        return peer
    }

    /// Waits for the thread (at most 10 s) and returns what a reader received.
    @discardableResult
    public func finish() -> [UInt8] {
        // Opening the other end lets a thread still blocked in `open` go on; a reader then
        // sees the end of the file at once, a writer writes into the pipe buffer.
        let unblock = open(path, (isReader ? O_WRONLY : O_RDONLY) | O_NONBLOCK)
        _ = done.wait(timeout: .now() + 10)
        if unblock >= 0 { _ = close(unblock) }
        lock.lock()
        defer { lock.unlock() }
        return received
    }

    private func readAll() {
        defer { done.signal() }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return }
        defer { _ = close(descriptor) }
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            lock.lock()
            received += chunk[..<count]
            lock.unlock()
        }
    }

    private func writeAll(_ bytes: [UInt8]) {
        defer { done.signal() }
        let descriptor = open(path, O_WRONLY)
        guard descriptor >= 0 else { return }
        defer { _ = close(descriptor) }
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes {
                write(descriptor, $0.baseAddress.map { $0 + offset }, $0.count - offset)
            }
            if count <= 0 { break }
            offset += count
        }
    }
}
