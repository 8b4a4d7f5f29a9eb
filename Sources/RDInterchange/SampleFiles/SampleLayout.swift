/// How a data file held its samples: the value type, the array's shape and, for a CSV file
/// with a header row, the column names. Decompression gives the reconstruction back in the
/// same layout (docs/formats.md, "Compressed file").
public struct SampleLayout: Sendable, Equatable {
    /// The binary type of the values as stored.
    public enum ValueType: Sendable, Equatable {
        /// IEEE 754 double precision (`.f64`, `.npy` `<f8`, and CSV text).
        case float64
        /// IEEE 754 single precision (`.f32`, `.npy` `<f4`).
        case float32
    }

    /// The value type of the file.
    public var valueType: ValueType
    /// The array's shape: `[n]` for n scalars, `[n, k]` for n rows of k values (a `.npy`
    /// file's own shape, `(n, 1)` included; for a raw file, `[n, k]` with `--dimension k > 1`).
    public var shape: [Int]
    /// The names of the data columns of a CSV header row (the importance column left out), or
    /// `nil` for a file without one.
    public var columnNames: [String]?

    /// Creates a layout.
    ///
    /// - Parameters:
    ///   - valueType: The stored value type.
    ///   - shape: One or two non-negative extents.
    ///   - columnNames: A CSV header's data columns, one per value of a row.
    public init(valueType: ValueType, shape: [Int], columnNames: [String]? = nil) {
        self.valueType = valueType
        self.shape = shape
        self.columnNames = columnNames
    }

    /// The layout of float64 data with no header: `[n]` for scalars, `[n, k]` for k-vectors.
    ///
    /// - Parameters:
    ///   - count: The number of rows.
    ///   - dimension: Values per row.
    public static func plain(count: Int, dimension: Int) -> SampleLayout {
        SampleLayout(valueType: .float64, shape: dimension == 1 ? [count] : [count, dimension])
    }

    /// Values per row: the second extent, or 1 for a 1-D shape.
    public var rowLength: Int { shape.count == 2 ? shape[1] : 1 }

    /// The number of values, or `nil` if the extents' product overflows.
    public var valueCount: Int? {
        var product = 1
        for extent in shape {
            let (next, overflow) = product.multipliedReportingOverflow(by: extent)
            if overflow { return nil }
            product = next
        }
        return product
    }
}
