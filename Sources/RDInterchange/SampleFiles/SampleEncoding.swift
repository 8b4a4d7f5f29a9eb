/// The byte encodings of sample values in the data formats, written once for every writer: a
/// whole ``SampleSet`` (``SampleSet/write(to:)``) and the streamed reconstruction of
/// decompression both use them.
///
/// - CSV: one row per `rowLength` values, comma-separated, each value in the shortest form that
///   reads back to the same `Double`, no header;
/// - float64 (`.f64`, and `.npy` after its header): raw little-endian IEEE doubles;
/// - float32 (`.f32`): raw little-endian IEEE singles, a value beyond float32's range an error.
///
/// Values are given by position (`value(i)` for `i` in `0..<count`), so a caller can map
/// codeword indices to values on the fly instead of building an array first.
public enum SampleEncoding {
    /// The CSV text of `count` values, `rowLength` per row.
    /// - Parameters:
    ///   - count: the number of values.
    ///   - rowLength: values per row (a newline after every `rowLength`-th value).
    ///   - asFloat32: write each value in the shortest form that reads back to the same
    ///     `Float` (for float32 data, whose values are float32 already) instead of `Double`.
    ///   - value: the value at each position `0..<count`.
    /// - Precondition: `count` is a multiple of `rowLength`.
    public static func csv(
        count: Int, rowLength: Int, asFloat32: Bool = false, value: (Int) -> Double
    ) -> [UInt8] {
        var text = ""
        text.reserveCapacity(count * 12)
        for position in 0..<count {
            let x = value(position)
            text += asFloat32 ? Float(x).description : x.description
            text += (position + 1) % rowLength == 0 ? "\n" : ","
        }
        return Array(text.utf8)
    }

    /// A CSV header row: the names, comma-separated, then a newline.
    public static func csvHeader(_ names: [String]) -> [UInt8] {
        Array((names.joined(separator: ",") + "\n").utf8)
    }

    /// Stores `count` values as little-endian float64 at the start of `raw`.
    /// - Precondition: `raw` holds at least `8 · count` bytes.
    @inlinable
    public static func storeFloat64(
        count: Int, into raw: UnsafeMutableRawBufferPointer, value: (Int) -> Double
    ) {
        precondition(raw.count >= count * 8, "the buffer is too small")
        for position in 0..<count {
            raw.storeBytes(
                of: value(position).bitPattern.littleEndian, toByteOffset: position * 8,
                as: UInt64.self)
        }
    }

    /// The little-endian float32 bytes of `count` values.
    /// - Parameters:
    ///   - count: the number of values (`4 · count` bytes).
    ///   - file: names the output in an error.
    ///   - firstSample: the sample number of position 0, for the error.
    ///   - dimension: values per sample, for the error.
    ///   - value: the value at each position `0..<count`.
    /// - Throws: `DataInputError.notRepresentableAsFloat32` for a finite value beyond
    ///   float32's range.
    public static func float32(
        count: Int, file: String, firstSample: Int = 0, dimension: Int = 1,
        value: (Int) -> Double
    ) throws(DataInputError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count * 4)
        for position in 0..<count {
            let x = value(position)
            let single = Float(x)
            if x.isFinite && !single.isFinite {
                throw .notRepresentableAsFloat32(
                    file: file, sample: firstSample + position / dimension, value: x)
            }
            let bits = single.bitPattern
            for b in 0..<4 { bytes[position * 4 + b] = UInt8(truncatingIfNeeded: bits >> (8 * b)) }
        }
        return bytes
    }
}
