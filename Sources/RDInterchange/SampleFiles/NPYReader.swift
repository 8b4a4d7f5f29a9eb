import EntropyCoding

/// Reads `.npy` files holding little-endian float64 or float32 arrays in C order, of 1 to
/// ``SampleLayout/maximumRank`` dimensions; arrays of whole numbers (8 to 64 bits, signed or
/// not) are read as the float64 of each value (64-bit ones only within ±2^53, where that is
/// exact) and their reconstruction is written as float64.
///
/// A 1-D array of length n is n scalar samples; a 2-D array of shape (n, k) is n samples of
/// dimension k (rows are samples); an array of 3 or more dimensions is a field, each of its
/// values a scalar sample in C order (its shape is kept, for prediction and the output).
enum NPYReader {
    /// Parses a whole `.npy` file.
    ///
    /// - Complexity: O(n k).
    static func read(_ bytes: [UInt8], file: String) throws(DataInputError) -> SampleSet {
        let header = try NPYHeader.parse(bytes, file: file)
        let (_, dimension, width) = try layout(
            of: header, dataByteCount: bytes.count - header.dataOffset, file: file)
        let values = try RawFloatReader.decode(
            bytes[header.dataOffset...], width: width, dimension: dimension, file: file)
        return samples(values, dimension: dimension, width: width, shape: header.shape)
    }

    /// Reads a `.npy` file straight into its values (see ``BinaryDataFile``): the header
    /// first, then the data. The checks and errors are those of ``read(_:file:)``.
    ///
    /// - Complexity: O(n k); memory: the values only.
    static func read(_ data: BinaryDataFile) throws(DataInputError) -> SampleSet {
        let file = data.path
        // The magic, the version and the header length take at most 12 bytes; the header
        // itself follows. A file shorter than that is parsed whole, for the same messages.
        let lead = try data.bytes(at: 0, count: min(data.byteCount, 12))
        var headerEnd = lead.count
        if lead.count >= 10, lead.starts(with: NPYHeader.magic) {
            let lengthSize = lead[6] == 1 ? 2 : 4
            if lead.count >= 8 + lengthSize {
                var length = 0
                for i in (0..<lengthSize).reversed() { length = length << 8 | Int(lead[8 + i]) }
                // Read no more than the longest header accepted; parsing reports the claim.
                length = min(length, NPYHeader.maximumLength + 1)
                headerEnd = min(data.byteCount, 8 + lengthSize + length)
            }
        }
        let prefix = headerEnd > lead.count ? try data.bytes(at: 0, count: headerEnd) : lead
        let header = try NPYHeader.parse(prefix, file: file)
        let (count, dimension, width) = try layout(
            of: header, dataByteCount: data.byteCount - header.dataOffset, file: file)
        let values = try RawFloatReader.decode(
            data, at: header.dataOffset, count: count * dimension, width: width,
            dimension: dimension)
        return samples(values, dimension: dimension, width: width, shape: header.shape)
    }

    /// Reads and parses the header at the start of `source`, leaving it at the first value:
    /// the lead (magic, version, length) first, then no more than the longest header accepted,
    /// so that a forged length neither allocates nor waits for bytes that never come.
    ///
    /// - Throws: What ``NPYHeader/parse(_:file:)`` throws, or `.unreadableFile`.
    static func readHeader(from source: FileByteSource, file: String) throws(DataInputError)
        -> NPYHeader
    {
        var prefix = try read(10, from: source, file: file)
        if prefix.count == 10, prefix.starts(with: NPYHeader.magic) {
            let lengthSize = prefix[6] == 1 ? 2 : 4
            prefix += try read(lengthSize - 2, from: source, file: file)
            if prefix.count == 8 + lengthSize {
                var length = 0
                for i in (0..<lengthSize).reversed() { length = length << 8 | Int(prefix[8 + i]) }
                if length <= NPYHeader.maximumLength {
                    prefix += try read(length, from: source, file: file)
                }
            }
        }
        return try NPYHeader.parse(prefix, file: file)
    }

    /// Up to `count` bytes of `source` (fewer only at its end).
    private static func read(_ count: Int, from source: FileByteSource, file: String)
        throws(DataInputError) -> [UInt8]
    {
        var source = source
        do throws(EntropyCodingError) { return try source.read(count: count) } catch {
            throw InputFile.unreadable(file, error)
        }
    }

    /// The samples with the file's layout: its shape as declared, its value type.
    private static func samples(
        _ values: [Double], dimension: Int, width: RawFloatReader.Width, shape: [Int]
    ) -> SampleSet {
        var samples = SampleSet(dimension: dimension, values: values)
        samples.fileLayout = SampleLayout(
            valueType: width == .float32 ? .float32 : .float64, shape: shape)
        return samples
    }

    /// The sample count, dimension and value width a header describes, checked against the
    /// `dataByteCount` bytes that follow it.
    private static func layout(
        of header: NPYHeader, dataByteCount actual: Int, file: String
    ) throws(DataInputError) -> (count: Int, dimension: Int, width: RawFloatReader.Width) {
        let data = try dataLayout(of: header, file: file)
        guard actual >= data.byteCount else {
            throw .truncatedData(file: file, expectedBytes: data.byteCount, actualBytes: actual)
        }
        guard actual == data.byteCount else {
            throw .trailingData(file: file, expectedBytes: data.byteCount, actualBytes: actual)
        }
        return (data.count, data.dimension, data.width)
    }

    /// The sample count, dimension, value width and data size a header describes.
    ///
    /// - Throws: `.unsupportedDataType`, `.unsupportedShape`, `.fortranOrder`, `.emptyData`.
    static func dataLayout(of header: NPYHeader, file: String) throws(DataInputError) -> (
        count: Int, dimension: Int, width: RawFloatReader.Width, byteCount: Int
    ) {
        let width: RawFloatReader.Width
        switch header.descriptor {
        case "<f8": width = .float64
        case "<f4": width = .float32
        case "|i1", "<i1": width = .int8
        case "|u1", "<u1": width = .uint8
        case "<i2": width = .int16
        case "<u2": width = .uint16
        case "<i4": width = .int32
        case "<u4": width = .uint32
        case "<i8": width = .int64
        case "<u8": width = .uint64
        default: throw .unsupportedDataType(file: file, descriptor: header.descriptor)
        }
        guard (1...SampleLayout.maximumRank).contains(header.shape.count) else {
            throw .unsupportedShape(file: file, shape: header.shape)
        }
        // An array with at most one extent above 1 is the same in both orders (numpy still
        // marks a column C order).
        if header.isFortranOrder && header.shape.filter({ $0 > 1 }).count > 1 {
            throw .fortranOrder(file: file)
        }
        guard !header.shape.contains(0) else { throw .emptyData(file: file) }
        let layout = SampleLayout(valueType: .float64, shape: header.shape)
        let dimension = layout.rowLength
        // A size that overflows is reported as Int.max bytes, which no file holds.
        guard let elements = layout.valueCount else {
            return (Int.max / dimension, dimension, width, Int.max)
        }
        let (expected, overflow) = elements.multipliedReportingOverflow(by: width.byteCount)
        return (elements / dimension, dimension, width, overflow ? Int.max : expected)
    }
}
