/// Validated real-valued samples: `count` rows of `dimension` coordinates, with optional
/// per-sample importance flags.
///
/// The values are stored flat and row-major (`values[i * dimension + c]` is coordinate `c`
/// of sample `i`). Construction checks everything once — at least one sample, a positive
/// dimension, a whole number of rows, only finite values of magnitude at most
/// ``largestMagnitude``, one importance flag per sample — so every algorithm behind this type
/// can trust it.
///
/// Distortions computed on samples are per dimension: the mean over the `dimension`
/// coordinates of the squared error (docs/mathematics.md, “Notation”).
public struct TrainingSamples: Sendable, Equatable {
    /// The number of coordinates of one sample, `k ≥ 1`.
    public let dimension: Int
    /// The number of samples, `N ≥ 1`.
    public let count: Int
    /// The samples, row-major: `count × dimension` finite values.
    public let values: [Double]
    /// One flag per sample (`true` for an important sample), or `nil` when no sample is
    /// marked.
    public let importance: [Bool]?

    /// The largest accepted magnitude, `1e150`: sums of squared errors of values this large
    /// stay finite.
    public static let largestMagnitude = 1e150

    /// Creates validated samples from flat row-major values.
    ///
    /// - Parameters:
    ///   - values: `N × k` values, row-major.
    ///   - dimension: `k`, the coordinates per sample (1 for scalar data).
    ///   - importance: one flag per sample, or `nil` when no sample is important.
    /// - Throws: `QuantizationError.invalidDimension`, `.emptyData`, `.raggedValues`,
    ///   `.nonFiniteValue` or `.valueOutOfRange` (naming the first offending sample and
    ///   coordinate) or `.importanceCountMismatch`.
    /// - Complexity: O(N·k).
    public init(
        values: [Double], dimension: Int = 1, importance: [Bool]? = nil
    ) throws(QuantizationError) {
        guard dimension >= 1 else { throw .invalidDimension(dimension) }
        guard !values.isEmpty else { throw .emptyData }
        guard values.count % dimension == 0 else {
            throw .raggedValues(valueCount: values.count, dimension: dimension)
        }
        if let index = values.firstIndex(where: { !$0.isFinite }) {
            throw .nonFiniteValue(
                sample: index / dimension, coordinate: index % dimension, value: values[index])
        }
        if let index = values.firstIndex(where: { abs($0) > Self.largestMagnitude }) {
            throw .valueOutOfRange(
                sample: index / dimension, coordinate: index % dimension, value: values[index])
        }
        let count = values.count / dimension
        if let importance, importance.count != count {
            throw .importanceCountMismatch(expected: count, actual: importance.count)
        }
        self.dimension = dimension
        self.count = count
        self.values = values
        self.importance = importance
    }

    /// Creates validated scalar samples (`dimension == 1`).
    ///
    /// - Parameters:
    ///   - scalars: the samples.
    ///   - importance: one flag per sample, or `nil`.
    /// - Throws: as ``init(values:dimension:importance:)``.
    /// - Complexity: O(N).
    public init(scalars: [Double], importance: [Bool]? = nil) throws(QuantizationError) {
        try self.init(values: scalars, dimension: 1, importance: importance)
    }

    /// The coordinates of sample `index`.
    ///
    /// - Precondition: `0 <= index < count`.
    /// - Complexity: O(1).
    public subscript(index: Int) -> ArraySlice<Double> {
        precondition(index >= 0 && index < count, "sample index out of range")
        return values[(index * dimension)..<((index + 1) * dimension)]
    }

    /// Whether sample `index` is marked important (`false` when no flags were given).
    ///
    /// - Complexity: O(1).
    public func isImportant(_ index: Int) -> Bool {
        importance?[index] ?? false
    }

    /// The number of samples marked important.
    ///
    /// - Complexity: O(N).
    public var importantCount: Int {
        importance?.reduce(0) { $0 + ($1 ? 1 : 0) } ?? 0
    }

    /// The mean over coordinates of the per-coordinate variance (the distortion per
    /// dimension of the best single codeword, the sample mean).
    ///
    /// - Complexity: O(N·k).
    public var variancePerDimension: Double {
        let k = dimension
        var total = 0.0
        for c in 0..<k {
            var mean = 0.0
            for i in 0..<count { mean += values[i * k + c] }
            mean /= Double(count)
            var sum = 0.0
            for i in 0..<count {
                let e = values[i * k + c] - mean
                sum += e * e
            }
            total += sum / Double(count)
        }
        return total / Double(k)
    }
}
