/// A list of points in R^k, stored flat and row-major (`coordinates[i * dimension + c]`).
///
/// Used for source points and for codebooks. Scalars are points of dimension 1.
public struct PointSet: Sendable, Equatable {
    /// The dimension k of every point.
    public let dimension: Int
    /// All coordinates, row-major: point i is `coordinates[i*dimension ..< (i+1)*dimension]`.
    public let coordinates: [Double]

    /// Creates a point set from flat coordinates.
    /// - Throws: ``RateDistortionError`` if `dimension < 1`, the length is not a multiple
    ///   of it, or a coordinate is not finite.
    public init(dimension: Int, coordinates: [Double], field: String = "points")
        throws(RateDistortionError)
    {
        guard dimension >= 1 else {
            throw .invalidValue(
                field: "\(field).dimension", value: Double(dimension),
                requirement: "must be at least 1")
        }
        guard coordinates.count % dimension == 0 else {
            throw .shapeMismatch(
                field: field, expected: (coordinates.count / dimension + 1) * dimension,
                found: coordinates.count)
        }
        for (index, value) in coordinates.enumerated() where !value.isFinite {
            throw .nonFinite(field: field, index: index / dimension)
        }
        self.dimension = dimension
        self.coordinates = coordinates
    }

    /// Creates a set of scalar points.
    public init(scalars: [Double], field: String = "points") throws(RateDistortionError) {
        try self.init(dimension: 1, coordinates: scalars, field: field)
    }

    /// The number of points.
    public var count: Int { coordinates.count / dimension }

    /// The coordinates of point `index`.
    public subscript(index: Int) -> ArraySlice<Double> {
        coordinates[index * dimension..<(index + 1) * dimension]
    }
}
