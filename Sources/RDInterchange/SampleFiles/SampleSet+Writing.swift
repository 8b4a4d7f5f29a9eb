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
        SampleEncoding.csv(count: values.count, rowLength: dimension) { values[$0] }
    }

    func float64Bytes() -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: values.count * 8)
        bytes.withUnsafeMutableBytes { raw in
            SampleEncoding.storeFloat64(count: values.count, into: raw) { values[$0] }
        }
        return bytes
    }

    func float32Bytes(file: String) throws(DataInputError) -> [UInt8] {
        try SampleEncoding.float32(count: values.count, file: file, dimension: dimension) {
            values[$0]
        }
    }
}
