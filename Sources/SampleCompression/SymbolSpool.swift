import EntropyCoding

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The symbols of the first pass of compression, kept on disk until the frequency table is
/// known: 1 byte per symbol for an alphabet of up to 256, 2 up to 65,536, else 4.
///
/// The file is created in a given folder and unlinked at once, so it has no name: nothing is
/// left behind however the process ends, and the space is returned when the spool is released.
final class SymbolSpool {
    /// Bytes per stored symbol.
    let width: Int
    /// The symbols appended so far.
    private(set) var count = 0
    private let descriptor: Int32
    /// The folder, for messages.
    private let folder: String
    private var buffer: [UInt8] = []
    private var readOffset = 0

    /// Creates an empty spool for symbols below `alphabetSize` in `folder`.
    ///
    /// - Throws: ``EntropyCodingError/fileSystem(operation:path:code:)`` if no file can be
    ///   created there.
    init(alphabetSize: Int, folder: String) throws(EntropyCodingError) {
        width = alphabetSize <= 1 << 8 ? 1 : alphabetSize <= 1 << 16 ? 2 : 4
        self.folder = folder
        var template = Array((folder.hasSuffix("/") ? folder : folder + "/").utf8CString)
        template.removeLast()
        // mkstemp replaces the six trailing placeholders with a unique suffix.
        template += Array((".rdopt-symbols-" + String(repeating: "X", count: 6)).utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer {
            $0.baseAddress.map { mkstemp($0) } ?? -1
        }
        guard descriptor >= 0 else {
            throw .fileSystem(operation: .createTemporary, path: folder, code: errno)
        }
        _ = template.withUnsafeBufferPointer { $0.baseAddress.map { unlink($0) } }
        self.descriptor = descriptor
    }

    deinit { _ = close(descriptor) }

    /// Appends symbols.
    ///
    /// - Throws: ``EntropyCodingError/fileSystem(operation:path:code:)`` when the write fails
    ///   (a full disk).
    /// - Complexity: O(n) for n symbols.
    func append(_ symbols: [UInt32]) throws(EntropyCodingError) {
        if buffer.count < symbols.count * width {
            buffer = [UInt8](repeating: 0, count: symbols.count * width)
        }
        let width = self.width
        symbols.withUnsafeBufferPointer { symbols in
            buffer.withUnsafeMutableBytes { raw in
                switch width {
                case 1:
                    for i in symbols.indices { raw[i] = UInt8(truncatingIfNeeded: symbols[i]) }
                case 2:
                    for i in symbols.indices {
                        raw.storeBytes(
                            of: UInt16(truncatingIfNeeded: symbols[i]), toByteOffset: i &* 2,
                            as: UInt16.self)
                    }
                default:
                    for i in symbols.indices {
                        raw.storeBytes(of: symbols[i], toByteOffset: i &* 4, as: UInt32.self)
                    }
                }
            }
        }
        let byteCount = symbols.count * width
        let code = buffer.withUnsafeBytes { all -> Int32? in
            let raw = UnsafeRawBufferPointer(rebasing: all[..<byteCount])
            var offset = 0
            while offset < raw.count {
                let written = pwrite(
                    descriptor, raw.baseAddress.map { $0 + offset }, raw.count - offset,
                    off_t(count * width + offset))
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return nil
        }
        if let code { throw .fileSystem(operation: .write, path: folder, code: code) }
        count += symbols.count
    }

    /// The next `maximum` symbols in the order appended (fewer at the end, none after it).
    ///
    /// - Throws: ``EntropyCodingError/fileSystem(operation:path:code:)`` when reading fails.
    /// - Complexity: O(n) for the n symbols returned.
    func read(maximum: Int) throws(EntropyCodingError) -> [UInt32] {
        let n = min(maximum, count - readOffset)
        guard n > 0 else { return [] }
        if buffer.count < n * width { buffer = [UInt8](repeating: 0, count: n * width) }
        let code = buffer.withUnsafeMutableBytes { raw -> Int32? in
            var filled = 0
            while filled < n * width {
                let got = pread(
                    descriptor, raw.baseAddress.map { $0 + filled }, n * width - filled,
                    off_t(readOffset * width + filled))
                if got < 0, errno == EINTR { continue }
                // The spool cannot end early unless something else truncated it.
                guard got > 0 else { return got < 0 ? errno : EIO }
                filled += got
            }
            return nil
        }
        if let code { throw .fileSystem(operation: .read, path: folder, code: code) }
        readOffset += n
        let bytesPerSymbol = width
        return buffer.withUnsafeBytes { raw in
            [UInt32](unsafeUninitializedCapacity: n) { symbols, initialized in
                switch bytesPerSymbol {
                case 1:
                    for i in 0..<n { symbols[i] = UInt32(raw[i]) }
                case 2:
                    for i in 0..<n {
                        symbols[i] = UInt32(
                            raw.loadUnaligned(fromByteOffset: i &* 2, as: UInt16.self))
                    }
                default:
                    for i in 0..<n {
                        symbols[i] = raw.loadUnaligned(fromByteOffset: i &* 4, as: UInt32.self)
                    }
                }
                initialized = n
            }
        }
    }
}
