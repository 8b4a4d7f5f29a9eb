/// A destination for the bytes of a compressed file: a file, memory, or anything else that
/// accepts bytes in order.
///
/// ``CompressedFileWriter`` writes the header once and then each chunk as one call.
public protocol ByteSink {
    /// Appends `bytes` to the destination.
    ///
    /// - Parameter bytes: The bytes to append, in order; valid only during the call.
    /// - Throws: ``EntropyCodingError/fileSystem(operation:path:code:)`` (or another case)
    ///   if the bytes cannot be stored.
    mutating func write(_ bytes: UnsafeRawBufferPointer) throws(EntropyCodingError)
}

/// A source of the bytes of a compressed file, read in order.
public protocol ByteSource {
    /// Reads up to `buffer.count` bytes into `buffer`.
    ///
    /// - Parameter buffer: Where to store the bytes.
    /// - Returns: The number of bytes stored: `buffer.count` unless the input ends first, and
    ///   0 only at the end of the input.
    /// - Throws: ``EntropyCodingError/fileSystem(operation:path:code:)`` (or another case)
    ///   if reading fails.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(EntropyCodingError) -> Int

    /// The number of bytes left to read, if known (a regular file or memory); `nil` for a
    /// stream. A reader checks every length field against it before allocating.
    var remainingByteCount: Int? { get }
}

extension ByteSink {
    /// Appends `bytes` to the destination.
    ///
    /// - Parameter bytes: The bytes to append, in order.
    /// - Throws: What ``write(_:)-(UnsafeRawBufferPointer)`` throws.
    /// - Complexity: O(n) for n bytes.
    public mutating func write(_ bytes: [UInt8]) throws(EntropyCodingError) {
        try bytes.withUnsafeBufferPointer { (buffer) throws(EntropyCodingError) in
            try write(UnsafeRawBufferPointer(buffer))
        }
    }
}

extension ByteSource {
    /// Reads exactly `count` bytes, or fewer if the input ends first.
    ///
    /// - Parameter count: The number of bytes wanted.
    /// - Returns: The bytes read; fewer than `count` only at the end of the input.
    /// - Throws: What ``read(into:)`` throws.
    /// - Complexity: O(n) for n bytes.
    public mutating func read(count: Int) throws(EntropyCodingError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: max(0, count))
        var filled = 0
        while filled < bytes.count {
            let got = try bytes.withUnsafeMutableBufferPointer {
                (buffer) throws(EntropyCodingError) -> Int in
                try read(
                    into: UnsafeMutableRawBufferPointer(
                        UnsafeMutableBufferPointer(rebasing: buffer[filled...])))
            }
            if got == 0 { break }
            filled += got
        }
        if filled < bytes.count { bytes.removeSubrange(filled...) }
        return bytes
    }
}

/// A ``ByteSink`` that collects the bytes in memory.
public struct MemoryByteSink: ByteSink, Sendable {
    /// Every byte written so far.
    public private(set) var bytes: [UInt8] = []

    /// Creates an empty sink.
    public init() {}

    /// Appends `bytes` to ``bytes``; never throws.
    ///
    /// - Parameter bytes: The bytes to append.
    /// - Complexity: Amortised O(n) for n bytes.
    public mutating func write(_ bytes: UnsafeRawBufferPointer) throws(EntropyCodingError) {
        self.bytes.append(contentsOf: bytes)
    }
}

/// A ``ByteSource`` that reads from bytes in memory.
public struct MemoryByteSource: ByteSource, Sendable {
    private let bytes: [UInt8]
    private var offset = 0

    /// Creates a source that yields `bytes` in order.
    ///
    /// - Parameter bytes: The whole input.
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Copies up to `buffer.count` of the remaining bytes into `buffer`; never throws.
    ///
    /// - Parameter buffer: Where to store the bytes.
    /// - Returns: The number of bytes copied, 0 at the end.
    /// - Complexity: O(n) for n bytes copied.
    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(EntropyCodingError)
        -> Int
    {
        let count = min(buffer.count, bytes.count - offset)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            buffer.copyMemory(
                from: UnsafeRawBufferPointer(rebasing: source[offset..<offset + count]))
        }
        offset += count
        return count
    }

    /// The number of unread bytes.
    public var remainingByteCount: Int? { bytes.count - offset }
}
