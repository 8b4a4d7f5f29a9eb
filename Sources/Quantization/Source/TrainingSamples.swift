/// Validated real-valued samples: `count` rows of `dimension` coordinates, with optional
/// per-sample importance flags and optional weights (a weighted source: points and their
/// probabilities).
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
    /// Per-sample weights scaled to sum to ``count`` (each sample stands for `weights[i]`
    /// samples of an unweighted set), or `nil` when every sample weighs 1. Every statistic
    /// (mean squared error, `H(Y)`, the atoms' masses) is weighted by them.
    public let weights: [Double]?

    /// The largest accepted magnitude, `1e150`: sums of squared errors of values this large
    /// stay finite.
    public static let largestMagnitude = 1e150

    /// Creates validated samples from flat row-major values.
    ///
    /// - Parameters:
    ///   - values: `N × k` values, row-major.
    ///   - dimension: `k`, the coordinates per sample (1 for scalar data).
    ///   - importance: one flag per sample, or `nil` when no sample is important.
    ///   - weights: one positive, finite weight (or probability) per sample, or `nil` for equal
    ///     weights; they are rescaled to sum to the number of samples.
    /// - Throws: `QuantizationError.invalidDimension`, `.emptyData`, `.raggedValues`,
    ///   `.nonFiniteValue` or `.valueOutOfRange` (naming the first offending sample and
    ///   coordinate), `.importanceCountMismatch`, `.weightCountMismatch` or `.invalidWeight`.
    /// - Complexity: O(N·k).
    public init(
        values: [Double], dimension: Int = 1, importance: [Bool]? = nil, weights: [Double]? = nil
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
        self.weights = try weights.map { (given) throws(QuantizationError) in
            try Self.normalised(given, count: count)
        }
    }

    /// `weights` rescaled to sum to `count`, after checking them.
    private static func normalised(_ weights: [Double], count: Int) throws(QuantizationError)
        -> [Double]
    {
        guard weights.count == count else {
            throw .weightCountMismatch(expected: count, actual: weights.count)
        }
        if let index = weights.firstIndex(where: { !($0.isFinite && $0 > 0) }) {
            throw .invalidWeight(sample: index, value: weights[index])
        }
        // Scaled by the largest first, so that the sum cannot overflow.
        let largest = weights.max() ?? 1
        let total = weights.reduce(0) { $0 + $1 / largest }
        let scale = Double(count) / total
        return weights.map { $0 / largest * scale }
    }

    /// Creates validated scalar samples (`dimension == 1`).
    ///
    /// - Parameters:
    ///   - scalars: the samples.
    ///   - importance: one flag per sample, or `nil`.
    ///   - weights: one positive weight per sample, or `nil`.
    /// - Throws: as ``init(values:dimension:importance:weights:)``.
    /// - Complexity: O(N).
    public init(scalars: [Double], importance: [Bool]? = nil, weights: [Double]? = nil)
        throws(QuantizationError)
    {
        try self.init(values: scalars, dimension: 1, importance: importance, weights: weights)
    }

    /// The coordinates of sample `index`.
    ///
    /// - Precondition: `0 <= index < count`.
    /// - Complexity: O(1).
    public subscript(index: Int) -> ArraySlice<Double> {
        precondition(index >= 0 && index < count, "sample index out of range")
        return values[(index * dimension)..<((index + 1) * dimension)]
    }

    /// The weight of sample `index` (1 without weights).
    ///
    /// - Complexity: O(1).
    @inline(__always)
    public func weight(_ index: Int) -> Double {
        weights?[index] ?? 1
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
    /// dimension of the best single codeword, the (weighted) sample mean).
    ///
    /// - Complexity: O(N·k).
    public var variancePerDimension: Double {
        let k = dimension
        var total = 0.0
        for c in 0..<k {
            var mean = 0.0
            for i in 0..<count { mean += weight(i) * values[i * k + c] }
            mean /= Double(count)
            var sum = 0.0
            for i in 0..<count {
                let e = values[i * k + c] - mean
                sum += weight(i) * (e * e)
            }
            total += sum / Double(count)
        }
        return total / Double(k)
    }
}
