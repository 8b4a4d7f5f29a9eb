/// How a data file held its samples: the value type, the array's shape and, for a CSV file
/// with a header row, the column names. Decompression gives the reconstruction back in the
/// same layout (docs/formats.md, "Compressed file").
public struct SampleLayout: Sendable, Equatable {
    /// The binary type of the values as stored.
    public enum ValueType: Sendable, Equatable {
        /// IEEE 754 double precision (`.f64`, `.npy` `<f8` or `>f8` and whole numbers, and CSV
        /// text).
        case float64
        /// IEEE 754 single precision (`.f32`, `.npy` `<f4` or `>f4`), and half precision
        /// (`.npy` `<f2` or `>f2`), whose reconstruction is float32 too: rounded to float16, it
        /// would no longer meet the error bounds, and float32 holds every float16 exactly.
        case float32
    }

    /// The value type of the file.
    public var valueType: ValueType
    /// The array's shape: `[n]` for n scalars, `[n, k]` for n rows of k values (a `.npy`
    /// file's own shape, `(n, 1)` included; for a raw file, `[n, k]` with `--dimension k > 1`),
    /// or 3 to ``maximumRank`` extents for a field whose values are each a scalar sample (a
    /// `.npy` file of that shape).
    public var shape: [Int]
    /// The names of the data columns of a CSV header row (the importance column left out), or
    /// `nil` for a file without one.
    public var columnNames: [String]?

    /// Creates a layout.
    ///
    /// - Parameters:
    ///   - valueType: The stored value type.
    ///   - shape: 1 to ``maximumRank`` non-negative extents.
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

    /// The most extents a shape may have (numpy's own limit when `.npy` version 1 was set).
    public static let maximumRank = 32

    /// Values per sample row: the second extent of a 2-D shape, else 1 (a 1-D array's values
    /// and a field's values of rank 3 or more are scalar samples).
    public var rowLength: Int { shape.count == 2 ? shape[1] : 1 }

    /// The extents that neighbouring values are found along, innermost last: `[]` for a 1-D
    /// array, `[w]` for rows of `w` values, and for rank 3 or more the last two extents
    /// `[h, w]`, planes of `h` rows of `w` values (the leading extents stack the planes).
    public var fieldExtents: [Int] {
        switch shape.count {
        case 0, 1: []
        case 2: [shape[1]]
        default: Array(shape.suffix(2))
        }
    }

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
