import EntropyCoding

/// A ``ByteSource`` that forwards to a file and counts the bytes read, so that a compressed
/// file read from a pipe can report its size.
final class CountingByteSource: ByteSource {
    private let base: FileByteSource
    /// The bytes read so far.
    private(set) var consumedByteCount = 0

    init(base: FileByteSource) { self.base = base }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(EntropyCodingError) -> Int {
        let count = try base.read(into: buffer)
        consumedByteCount += count
        return count
    }

    var remainingByteCount: Int? { base.remainingByteCount }
}
