/// What a `.npy` dtype descriptor (the header's `descr`) says about the stored values: their
/// type and their byte order.
///
/// A descriptor is a byte-order mark followed by a type code: `<` little-endian, `>`
/// big-endian, `|` not applicable (single bytes); `f8`, `f4`, `f2` for IEEE 754 float64,
/// float32 and float16, `i1` … `i8` and `u1` … `u8` for signed and unsigned whole numbers of 1
/// to 8 bytes. numpy writes big-endian descriptors for data such as FITS images or the result
/// of `astype('>f8')`. Anything else (complex, strings, booleans, dates, structured dtypes,
/// `<f16` long doubles, `=` native order) has no reading.
struct NPYDataType: Equatable {
    /// The type of one stored value.
    var width: RawFloatReader.Width
    /// Whether each value's bytes are stored most significant first (and must be reversed
    /// before the little-endian decoding of ``RawFloatReader``); never for single bytes.
    var isBigEndian: Bool

    /// The type codes read, after the byte-order mark.
    private static let widths: [Substring: RawFloatReader.Width] = [
        "f8": .float64, "f4": .float32, "f2": .float16,
        "i1": .int8, "u1": .uint8, "i2": .int16, "u2": .uint16,
        "i4": .int32, "u4": .uint32, "i8": .int64, "u8": .uint64,
    ]

    /// Parses a descriptor such as `<f8`, `>i2` or `|u1`.
    ///
    /// - Returns: `nil` for a descriptor without a reading (see the type's description), and
    ///   for `|` before a type of more than one byte, whose byte order it leaves unsaid.
    init?(descriptor: String) {
        guard let mark = descriptor.first, "<>|".contains(mark),
            let width = Self.widths[descriptor.dropFirst()]
        else { return nil }
        guard mark != "|" || width.byteCount == 1 else { return nil }
        self.width = width
        isBigEndian = mark == ">" && width.byteCount > 1
    }
}
