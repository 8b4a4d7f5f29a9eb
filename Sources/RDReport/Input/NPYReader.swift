/// Reads `.npy` files holding little-endian float64 or float32 arrays, 1-D or 2-D in C order.
///
/// A 1-D array of length n is n scalar samples; a 2-D array of shape (n, k) is n samples of
/// dimension k (rows are samples).
enum NPYReader {
    /// Parses a whole `.npy` file.
    ///
    /// - Complexity: O(n k).
    static func read(_ bytes: [UInt8], file: String) throws(DataInputError) -> SampleSet {
        let header = try NPYHeader.parse(bytes, file: file)
        let width: RawFloatReader.Width
        switch header.descriptor {
        case "<f8": width = .float64
        case "<f4": width = .float32
        default: throw .unsupportedDataType(file: file, descriptor: header.descriptor)
        }
        let count: Int
        let dimension: Int
        switch header.shape.count {
        case 1:
            count = header.shape[0]
            dimension = 1
        case 2:
            count = header.shape[0]
            dimension = header.shape[1]
        default:
            throw .unsupportedShape(file: file, shape: header.shape)
        }
        // A 2-D array with one column is the same in both orders; numpy still marks it C order.
        if header.isFortranOrder && dimension > 1 { throw .fortranOrder(file: file) }
        guard count > 0, dimension > 0 else { throw .emptyData(file: file) }
        let (elements, overflow) = count.multipliedReportingOverflow(by: dimension)
        let (expected, overflow2) = elements.multipliedReportingOverflow(by: width.byteCount)
        let actual = bytes.count - header.dataOffset
        guard !overflow, !overflow2, actual >= expected else {
            throw .truncatedData(
                file: file, expectedBytes: overflow || overflow2 ? Int.max : expected, actualBytes: actual)
        }
        guard actual == expected else {
            throw .trailingData(file: file, expectedBytes: expected, actualBytes: actual)
        }
        let values = try RawFloatReader.decode(
            bytes[header.dataOffset...], width: width, dimension: dimension, file: file)
        return SampleSet(dimension: dimension, values: values)
    }
}
