import EntropyCoding

/// Reads `.npy` files holding float64, float32 or float16 arrays, or arrays of whole numbers
/// (8 to 64 bits, signed or not), little- or big-endian, in C or Fortran order, of 1 to
/// ``SampleLayout/maximumRank`` dimensions (``NPYDataType`` lists the descriptors).
///
/// The values are those `np.load` gives, as float64, in C order: a big-endian array's bytes
/// are reversed right after reading, and an array stored in Fortran order is read as stored,
/// then permuted (``FortranOrder``), which takes a second array of its values. Whole numbers
/// are read as the float64 of each value (64-bit ones only within ±2^53, where that is exact)
/// and their reconstruction is written as float64; float16 values are read exactly and their
/// reconstruction is written as float32 (``RawFloatReader/Width/valueType``). Only the values
/// and the shape are kept: the byte order and the memory order are not.
///
/// A 1-D array of length n is n scalar samples; a 2-D array of shape (n, k) is n samples of
/// dimension k (rows are samples); an array of 3 or more dimensions is a field, each of its
/// values a scalar sample in C order (its shape is kept, for prediction and the output). A
/// NaN, an infinity or a whole number beyond ±2^53 is named by its sample and coordinate in
/// that C order, whatever the order stored.
enum NPYReader {
    /// What a header says about the data that follows it.
    struct DataLayout {
        /// The number of samples.
        var sampleCount: Int
        /// Values per sample: the second extent of a 2-D array, else 1.
        var dimension: Int
        /// The stored value type and byte order.
        var type: NPYDataType
        /// The bytes of data announced (`Int.max` when that overflows: no file holds it).
        var byteCount: Int
        /// The array's shape, as declared.
        var shape: [Int]
        /// Whether the values are stored in Fortran order and must be permuted into C order
        /// (an array with at most one extent above 1 is the same in both orders).
        var needsReordering: Bool

        /// The number of values.
        var valueCount: Int { sampleCount * dimension }
    }

    /// Parses a whole `.npy` file.
    ///
    /// - Complexity: O(n k).
    static func read(_ bytes: [UInt8], file: String) throws(DataInputError) -> SampleSet {
        let header = try NPYHeader.parse(bytes, file: file)
        let layout = try checkedLayout(
            of: header, dataByteCount: bytes.count - header.dataOffset, file: file)
        let values = try inCOrder(layout) { () throws(DataInputError) in
            try decode(bytes[header.dataOffset...], as: layout, file: file)
        }
        return samples(values, layout)
    }

    /// Reads a `.npy` file straight into its values (see ``BinaryDataFile``): the header
    /// first, then the data. The checks and errors are those of ``read(_:file:)``.
    ///
    /// - Complexity: O(n k); memory: the values only (twice for an array in Fortran order).
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
        let layout = try checkedLayout(
            of: header, dataByteCount: data.byteCount - header.dataOffset, file: file)
        let values = try inCOrder(layout) { () throws(DataInputError) in
            try RawFloatReader.decode(
                data, at: header.dataOffset, count: layout.valueCount, width: layout.type.width,
                dimension: layout.dimension, isBigEndian: layout.type.isBigEndian)
        }
        return samples(values, layout)
    }

    /// The values `read` gives in the order stored, in C order: permuted when the array is
    /// stored in Fortran order, with the position of a bad value in an error made the C-order
    /// one.
    ///
    /// - Complexity: O(n) beyond `read`, and n values of memory, for an array in Fortran order.
    static func inCOrder(
        _ layout: DataLayout, _ read: () throws(DataInputError) -> [Double]
    ) throws(DataInputError) -> [Double] {
        guard layout.needsReordering else { return try read() }
        let stored: [Double]
        do throws(DataInputError) {
            stored = try read()
        } catch {
            throw FortranOrder.locatingInCOrder(
                error, shape: layout.shape, rowLength: layout.dimension)
        }
        return FortranOrder.cOrder(stored, shape: layout.shape)
    }

    /// The stored values in their order, decoded; big-endian ones through a copy whose bytes
    /// are reversed first.
    private static func decode(_ stored: ArraySlice<UInt8>, as layout: DataLayout, file: String)
        throws(DataInputError) -> [Double]
    {
        let width = layout.type.width
        guard layout.type.isBigEndian else {
            return try RawFloatReader.decode(
                stored, width: width, dimension: layout.dimension, file: file)
        }
        var littleEndian = Array(stored)
        littleEndian.withUnsafeMutableBytes {
            RawFloatReader.reverseByteOrder(of: $0, width: width)
        }
        return try RawFloatReader.decode(
            littleEndian[...], width: width, dimension: layout.dimension, file: file)
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

    /// The samples with the file's layout: its shape as declared, the value type of its
    /// reconstruction.
    static func samples(_ values: [Double], _ layout: DataLayout) -> SampleSet {
        var samples = SampleSet(dimension: layout.dimension, values: values)
        samples.fileLayout = SampleLayout(
            valueType: layout.type.width.valueType, shape: layout.shape)
        return samples
    }

    /// The layout a header describes, checked against the `dataByteCount` bytes that follow
    /// it.
    ///
    /// - Throws: What ``dataLayout(of:file:)`` throws, `.truncatedData`, `.trailingData`.
    private static func checkedLayout(
        of header: NPYHeader, dataByteCount actual: Int, file: String
    ) throws(DataInputError) -> DataLayout {
        let layout = try dataLayout(of: header, file: file)
        guard actual >= layout.byteCount else {
            throw .truncatedData(file: file, expectedBytes: layout.byteCount, actualBytes: actual)
        }
        guard actual == layout.byteCount else {
            throw .trailingData(file: file, expectedBytes: layout.byteCount, actualBytes: actual)
        }
        return layout
    }

    /// The sample count, dimension, value type, data size and order a header describes.
    ///
    /// - Throws: `.unsupportedDataType`, `.unsupportedShape`, `.emptyData`.
    static func dataLayout(of header: NPYHeader, file: String) throws(DataInputError)
        -> DataLayout
    {
        guard let type = NPYDataType(descriptor: header.descriptor) else {
            throw .unsupportedDataType(file: file, descriptor: header.descriptor)
        }
        guard (1...SampleLayout.maximumRank).contains(header.shape.count) else {
            throw .unsupportedShape(file: file, shape: header.shape)
        }
        guard !header.shape.contains(0) else { throw .emptyData(file: file) }
        let array = SampleLayout(valueType: .float64, shape: header.shape)
        let dimension = array.rowLength
        var layout = DataLayout(
            sampleCount: Int.max / dimension, dimension: dimension, type: type,
            byteCount: Int.max, shape: header.shape,
            needsReordering: header.isFortranOrder
                && FortranOrder.differsFromCOrder(shape: header.shape))
        // A size that overflows is reported as Int.max bytes, which no file holds.
        guard let elements = array.valueCount else { return layout }
        let (expected, overflow) = elements.multipliedReportingOverflow(
            by: type.width.byteCount)
        layout.sampleCount = elements / dimension
        layout.byteCount = overflow ? Int.max : expected
        return layout
    }
}
