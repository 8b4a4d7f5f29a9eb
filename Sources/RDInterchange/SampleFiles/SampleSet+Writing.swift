import Foundation

extension SampleSet {
    /// Writes the samples to `url` in the format named by its extension.
    ///
    /// - `.csv`: one row per sample, one column per coordinate, no header, each value in the
    ///   shortest form that reads back to the same `Double`;
    /// - `.npy`: float64, shape `(n,)` for scalars or `(n, k)`, version 1.0, C order;
    /// - `.f64` / `.f32`: raw little-endian values, row-major.
    ///
    /// The bytes go to a temporary file in the same folder, which is then renamed over `url`,
    /// so a failure leaves no partial output behind (and never a half-replaced old file).
    /// Blocked data is written as blocks; call ``unblocked()`` first to drop the padding.
    ///
    /// - Throws: `DataInputError.unsupportedExtension`, `.notRepresentableAsFloat32` (a value
    ///   beyond float32's range), `.unwritableFile`.
    /// - Complexity: O(n k).
    public func write(to url: URL) throws(DataInputError) {
        let format = try DataFormat(of: url)
        let bytes: [UInt8]
        switch format {
        case .csv: bytes = csvBytes()
        case .npy:
            bytes =
                NPYHeader.encode(float64Shape: dimension == 1 ? [count] : [count, dimension])
                + float64Bytes()
        case .float64: bytes = float64Bytes()
        case .float32: bytes = try float32Bytes(file: url.path)
        }
        try AtomicFile.write(bytes, to: url)
    }

    func csvBytes() -> [UInt8] {
        var text = ""
        text.reserveCapacity(values.count * 12)
        for i in 0..<count {
            for c in 0..<dimension {
                if c > 0 { text += "," }
                text += values[i * dimension + c].description
            }
            text += "\n"
        }
        return Array(text.utf8)
    }

    func float64Bytes() -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: values.count * 8)
        bytes.withUnsafeMutableBytes { raw in
            for (i, value) in values.enumerated() {
                raw.storeBytes(
                    of: value.bitPattern.littleEndian, toByteOffset: i * 8, as: UInt64.self)
            }
        }
        return bytes
    }

    func float32Bytes(file: String) throws(DataInputError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: values.count * 4)
        for (i, value) in values.enumerated() {
            let single = Float(value)
            if value.isFinite && !single.isFinite {
                throw .notRepresentableAsFloat32(file: file, sample: i / dimension, value: value)
            }
            let bits = single.bitPattern
            for b in 0..<4 { bytes[i * 4 + b] = UInt8(truncatingIfNeeded: bits >> (8 * b)) }
        }
        return bytes
    }
}
