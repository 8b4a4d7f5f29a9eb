/// How far a reconstruction y is from a source point x.
///
/// For vectors in R^k, squared and absolute error are averaged over the k coordinates
/// (distortion per dimension); Hamming counts a vector as wrong unless all coordinates match.
public enum DistortionMeasure: Sendable, Equatable {
    /// `d(x, y) = (1/k) Σ_c (x_c − y_c)²`.
    case squaredError
    /// `d(x, y) = (1/k) Σ_c |x_c − y_c|`.
    case absoluteError
    /// `d(x, y) = 0` if `x == y` coordinate-wise, else 1.
    case hamming
    /// A user-given n × m matrix of distortions.
    case matrix(DistortionMatrix)

    /// The name used in files and reports.
    public var name: String {
        switch self {
        case .squaredError: "squared-error"
        case .absoluteError: "absolute-error"
        case .hamming: "hamming"
        case .matrix: "matrix"
        }
    }

    /// The distortion between two points of equal dimension.
    public static func evaluate(
        _ measure: DistortionMeasure, _ x: ArraySlice<Double>, _ y: ArraySlice<Double>
    ) -> Double {
        switch measure {
        case .squaredError:
            var sum = 0.0
            for (a, b) in zip(x, y) { sum += (a - b) * (a - b) }
            return sum / Double(x.count)
        case .absoluteError:
            var sum = 0.0
            for (a, b) in zip(x, y) { sum += abs(a - b) }
            return sum / Double(x.count)
        case .hamming:
            return zip(x, y).allSatisfy { $0 == $1 } ? 0 : 1
        case .matrix:
            preconditionFailure("a matrix distortion has no points to evaluate")
        }
    }
}

/// A dense n × m matrix of non-negative, finite distortions, row-major.
public struct DistortionMatrix: Sendable, Equatable {
    /// Number of source points n.
    public let rows: Int
    /// Number of codewords m.
    public let columns: Int
    /// `entries[i * columns + j] = d(x_i, y_j)`.
    public let entries: [Double]

    /// Validates a matrix given as rows.
    /// - Throws: ``RateDistortionError`` for an empty or ragged matrix, or a negative or
    ///   non-finite entry.
    public init(rows matrixRows: [[Double]]) throws(RateDistortionError) {
        guard let first = matrixRows.first, !first.isEmpty else {
            throw .empty(field: "distortion.matrix")
        }
        var flat: [Double] = []
        flat.reserveCapacity(matrixRows.count * first.count)
        for (i, row) in matrixRows.enumerated() {
            guard row.count == first.count else {
                throw .shapeMismatch(
                    field: "distortion.matrix[\(i)]", expected: first.count, found: row.count)
            }
            for value in row {
                guard value.isFinite else { throw .nonFinite(field: "distortion.matrix", index: i) }
                guard value >= 0 else {
                    throw .invalidValue(
                        field: "distortion.matrix[\(i)]", value: value,
                        requirement: "distortions must be non-negative")
                }
                flat.append(value)
            }
        }
        self.rows = matrixRows.count
        self.columns = first.count
        self.entries = flat
    }
}
