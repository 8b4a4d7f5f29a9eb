import EntropyCoding

/// The values of a binary sample file (`.f64`, `.f32`, or a `.npy` file's data), read in order
/// a piece at a time from any input (a regular file, a pipe, a FIFO, standard input), so that
/// no more than one piece is ever in memory.
///
/// The checks are those of the whole-file readers, with the same errors: every value finite
/// (named by its sample and coordinate in the order read), and at the end the size: a raw file
/// a whole number of values and of rows, a `.npy` file's data exactly as long as its header
/// says. Big-endian values (a `.npy` descriptor such as `>f8`) have their bytes reversed in
/// the piece just read, before the little-endian decoding.
final class BinaryValueStream {
    /// The file's name, for messages.
    let file: String
    /// The stored value type.
    let width: RawFloatReader.Width
    /// Whether the values are stored big-endian.
    let isBigEndian: Bool
    /// Values per row of the file (`k`), for the position in a message.
    let rowLength: Int
    /// The number of values a `.npy` header announces; `nil` for a raw file (read to the end).
    let declaredValueCount: Int?
    private let source: FileByteSource
    /// The bytes read so far (after a `.npy` header).
    private(set) var byteCount = 0
    /// Whether the input has ended (or every declared value has been read).
    private(set) var isAtEnd = false
    /// The bytes of the last read: allocated, not zero-filled (only bytes read into it are
    /// ever read back), and grown only when a read wants more.
    private var buffer = UnsafeMutableRawBufferPointer(start: nil, count: 0)

    /// Wraps `source`, positioned at the first value.
    init(
        source: FileByteSource, file: String, width: RawFloatReader.Width,
        isBigEndian: Bool = false, rowLength: Int, declaredValueCount: Int?
    ) {
        self.source = source
        self.file = file
        self.width = width
        self.isBigEndian = isBigEndian
        self.rowLength = rowLength
        self.declaredValueCount = declaredValueCount
    }

    /// For a regular file, whose size is known before reading: the size checks of the end
    /// (``checkEnd()``) made up front, so that they come before any value's, as in the
    /// whole-file readers.
    func checkSizeFirst() throws(DataInputError) {
        guard let size = source.remainingByteCount else { return }
        if let expected = declaredByteCount {
            guard size >= expected else {
                throw .truncatedData(file: file, expectedBytes: expected, actualBytes: size)
            }
            guard size == expected else {
                throw .trailingData(file: file, expectedBytes: expected, actualBytes: size)
            }
            return
        }
        guard size > 0 else { throw .emptyData(file: file) }
        let byteSize = width.byteCount
        guard size % byteSize == 0 else {
            throw .truncatedData(
                file: file, expectedBytes: (size / byteSize + 1) * byteSize, actualBytes: size)
        }
        guard (size / byteSize) % rowLength == 0 else {
            throw .countNotDivisible(file: file, count: size / byteSize, dimension: rowLength)
        }
    }

    /// The values read so far.
    var valueCount: Int { byteCount / width.byteCount }

    /// The bytes of the values a `.npy` header announces, `Int.max` when that overflows (a
    /// forged shape: no file holds it); `nil` for a raw file.
    private var declaredByteCount: Int? {
        declaredValueCount.map { count in
            let (bytes, overflow) = count.multipliedReportingOverflow(by: width.byteCount)
            return overflow ? Int.max : bytes
        }
    }

    /// Reads up to `count` values (fewer only at the end of the data).
    ///
    /// - Throws: `.nonFiniteValue` naming the first NaN or infinity, `.unreadableFile`, or at
    ///   the end what ``checkEnd()`` throws.
    /// - Complexity: O(count).
    func read(upTo count: Int) throws(DataInputError) -> [Double] {
        var wanted = count
        if let declared = declaredValueCount { wanted = min(wanted, declared - valueCount) }
        // A regular file says how much is left: a small file needs no buffer for a whole
        // piece (one value more than is left, so that this read already finds the end).
        if let left = source.remainingByteCount { wanted = min(wanted, left / width.byteCount + 1) }
        let byteWanted = wanted * width.byteCount
        let first = valueCount
        let (values, got) = try readValues(count: wanted)
        byteCount += got
        if got < byteWanted || valueCount == declaredValueCount {
            isAtEnd = true
            try checkEnd()
        }
        if let bad = values.withUnsafeBufferPointer(RawFloatReader.firstNonFinite(in:)) {
            let position = first + bad
            throw .nonFiniteValue(
                file: file,
                at: .element(sample: position / rowLength, coordinate: position % rowLength),
                field: "\(values[bad])")
        }
        return values
    }

    /// Every value left, read a piece at a time into one array (of the size of a regular
    /// file's data from the start; a stream's grows as it comes), with the checks of
    /// ``read(upTo:)``.
    ///
    /// - Complexity: O(n); memory: the values.
    func readAll() throws(DataInputError) -> [Double] {
        var values: [Double] = []
        if let left = source.remainingByteCount { values.reserveCapacity(left / width.byteCount) }
        while !isAtEnd { values += try read(upTo: SampleStream.defaultPieceValueCount) }
        return values
    }

    /// Reads up to `count` values (fewer at the end of the input) and the number of bytes
    /// read, which may end in part of a value.
    ///
    /// Float64 values are read straight into the array's storage (a big-endian piece's bytes
    /// then reversed there); other data through the buffer and a conversion.
    private func readValues(count: Int) throws(DataInputError) -> (values: [Double], bytes: Int) {
        let byteWanted = count * width.byteCount
        guard width == .float64, 1.littleEndian == 1 else {
            reserve(byteWanted)
            let got = try fill(UnsafeMutableRawBufferPointer(rebasing: buffer[..<byteWanted]))
            if isBigEndian {
                RawFloatReader.reverseByteOrder(
                    of: UnsafeMutableRawBufferPointer(rebasing: buffer[..<got]), width: width)
            }
            return (try decode(count: got / width.byteCount), got)
        }
        var got = 0
        var failure: DataInputError?
        let values = [Double](unsafeUninitializedCapacity: count) { storage, initialized in
            HugePages.advise(storage)
            do throws(DataInputError) {
                got = try fill(UnsafeMutableRawBufferPointer(storage))
            } catch {
                failure = error
            }
            if isBigEndian, failure == nil {
                RawFloatReader.reverseByteOrder(
                    of: UnsafeMutableRawBufferPointer(
                        UnsafeMutableBufferPointer(rebasing: storage[..<(got / 8)])),
                    width: .float64)
            }
            initialized = failure == nil ? got / 8 : 0
        }
        if let failure { throw failure }
        return (values, got)
    }

    /// Reads into `destination` until it is full or the input ends.
    private func fill(_ destination: UnsafeMutableRawBufferPointer) throws(DataInputError) -> Int {
        do throws(EntropyCodingError) {
            return try source.read(into: destination)
        } catch {
            throw InputFile.unreadable(file, error)
        }
    }

    /// The first `count` values of the buffer, in host order (one copy, in tight loops over
    /// the raw bytes).
    private func decode(count: Int) throws(DataInputError) -> [Double] {
        let raw = UnsafeRawBufferPointer(buffer)
        var inexact: Int?
        let values = [Double](unsafeUninitializedCapacity: count) { values, initialized in
            HugePages.advise(values)
            switch width {
            case .float64:
                for i in 0..<count {
                    values[i] = Double(
                        bitPattern: UInt64(
                            littleEndian: raw.loadUnaligned(
                                fromByteOffset: i &* 8, as: UInt64.self)))
                }
            case .float32:
                for i in 0..<count {
                    values[i] = Double(
                        Float(
                            bitPattern: UInt32(
                                littleEndian: raw.loadUnaligned(
                                    fromByteOffset: i &* 4, as: UInt32.self))))
                }
            default:
                for i in 0..<count {
                    guard let value = width.value(raw, i) else {
                        inexact = i
                        break
                    }
                    values[i] = value
                }
            }
            initialized = inexact == nil ? count : 0
        }
        if let bad = inexact {
            let index = valueCount + bad
            throw .inexactInteger(
                file: file,
                at: .element(sample: index / rowLength, coordinate: index % rowLength),
                field: width.text(raw, bad))
        }
        return values
    }

    /// Makes the buffer hold at least `byteCount` bytes (its contents are not kept).
    private func reserve(_ byteCount: Int) {
        guard buffer.count < byteCount else { return }
        buffer.deallocate()
        buffer = .allocate(byteCount: byteCount, alignment: 8)
    }

    deinit { buffer.deallocate() }

    /// The checks at the end of the data, with the whole-file readers' errors: a `.npy` file
    /// must hold exactly its declared values and nothing after them; a raw file must hold a
    /// whole number of values and of rows, and at least one.
    private func checkEnd() throws(DataInputError) {
        let size = width.byteCount
        if let expected = declaredByteCount {
            guard byteCount == expected else {
                throw .truncatedData(file: file, expectedBytes: expected, actualBytes: byteCount)
            }
            let extra = try trailingByteCount()
            guard extra == 0 else {
                throw .trailingData(
                    file: file, expectedBytes: expected, actualBytes: expected + extra)
            }
            return
        }
        guard byteCount > 0 else { throw .emptyData(file: file) }
        guard byteCount % size == 0 else {
            throw .truncatedData(
                file: file, expectedBytes: (byteCount / size + 1) * size, actualBytes: byteCount)
        }
        guard valueCount % rowLength == 0 else {
            throw .countNotDivisible(file: file, count: valueCount, dimension: rowLength)
        }
    }

    /// The bytes left after the declared data: known for a regular file, else read (and
    /// dropped) to the end.
    private func trailingByteCount() throws(DataInputError) -> Int {
        if let left = source.remainingByteCount { return left }
        // Not into the buffer: it still holds the last values read, not yet decoded.
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 8)
        defer { scratch.deallocate() }
        var extra = 0
        while true {
            let got = try fill(scratch)
            if got == 0 { return extra }
            extra += got
        }
    }
}
