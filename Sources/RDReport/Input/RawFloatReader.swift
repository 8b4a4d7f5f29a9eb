/// Reads raw little-endian float64 (`.f64`) or float32 (`.f32`) files: no header, 1-D unless a
/// dimension k is given, in which case every k consecutive values form one sample.
enum RawFloatReader {
    /// The size of one stored value.
    enum Width: Sendable {
        case float64, float32

        /// Bytes per value.
        var byteCount: Int { self == .float64 ? 8 : 4 }
    }

    /// Parses a whole raw file.
    ///
    /// - Complexity: O(n k).
    static func read(_ bytes: [UInt8], file: String, width: Width, dimension: Int) throws(DataInputError) -> SampleSet {
        guard !bytes.isEmpty else { throw .emptyData(file: file) }
        guard bytes.count % width.byteCount == 0 else {
            let expected = (bytes.count / width.byteCount + 1) * width.byteCount
            throw .truncatedData(file: file, expectedBytes: expected, actualBytes: bytes.count)
        }
        let count = bytes.count / width.byteCount
        guard count % dimension == 0 else {
            throw .countNotDivisible(file: file, count: count, dimension: dimension)
        }
        let values = try decode(bytes[...], width: width, dimension: dimension, file: file)
        return SampleSet(dimension: dimension, values: values)
    }

    /// Decodes little-endian floats, rejecting NaN and infinity with their position.
    ///
    /// - Precondition: `bytes.count` is a multiple of the width.
    static func decode(
        _ bytes: ArraySlice<UInt8>, width: Width, dimension: Int, file: String
    ) throws(DataInputError) -> [Double] {
        let count = bytes.count / width.byteCount
        var values = [Double](repeating: 0, count: count)
        var firstBad: Int? = nil
        bytes.withUnsafeBytes { raw in
            for i in 0..<count {
                let value: Double
                switch width {
                case .float64:
                    let bits = raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)
                    value = Double(bitPattern: UInt64(littleEndian: bits))
                case .float32:
                    let bits = raw.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)
                    value = Double(Float(bitPattern: UInt32(littleEndian: bits)))
                }
                if !value.isFinite, firstBad == nil { firstBad = i }
                values[i] = value
            }
        }
        if let bad = firstBad {
            throw .nonFiniteValue(
                file: file, at: .element(sample: bad / dimension, coordinate: bad % dimension),
                field: "\(values[bad])")
        }
        return values
    }
}
