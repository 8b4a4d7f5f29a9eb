/// A probability vector: finite, non-negative entries that sum to one.
///
/// Validated once, at construction, so that everything behind it can trust the values.
/// Input whose sum is within ``ProbabilityVector/sumTolerance`` of one is accepted and
/// renormalised (input already normalised up to rounding is kept bit for bit); anything further
/// off is rejected.
public struct ProbabilityVector: Sendable, Equatable {
    /// The largest accepted `|Σ p − 1|` before renormalisation.
    public static let sumTolerance = 1e-6

    /// The probabilities, summing to one up to rounding.
    public let values: [Double]

    /// Validates and normalises `values`.
    /// - Parameters:
    ///   - values: the probabilities.
    ///   - field: the name used in error messages.
    /// - Throws: ``RateDistortionError`` for an empty, non-finite, negative or
    ///   non-normalising input.
    public init(_ values: [Double], field: String = "probabilities") throws(RateDistortionError) {
        guard !values.isEmpty else { throw .empty(field: field) }
        var sum = 0.0
        for (index, value) in values.enumerated() {
            guard value.isFinite else { throw .nonFinite(field: field, index: index) }
            guard value >= 0 else { throw .negativeProbability(index: index, value: value) }
            sum += value
        }
        guard abs(sum - 1) <= Self.sumTolerance else {
            throw .probabilitiesDoNotSumToOne(sum: sum, tolerance: Self.sumTolerance)
        }
        // A sum that is 1 up to the rounding of the summation is kept as given (bit for bit).
        let isNormalised = abs(sum - 1) <= 4 * Double.ulpOfOne * Double(values.count)
        self.values = isNormalised ? values : values.map { $0 / sum }
    }

    /// Normalises non-negative weights (counts, masses) into probabilities.
    /// - Throws: ``RateDistortionError`` if a weight is negative or non-finite or all are zero.
    public init(weights: [Double], field: String = "weights") throws(RateDistortionError) {
        guard !weights.isEmpty else { throw .empty(field: field) }
        var sum = 0.0
        for (index, value) in weights.enumerated() {
            guard value.isFinite else { throw .nonFinite(field: field, index: index) }
            guard value >= 0 else { throw .negativeProbability(index: index, value: value) }
            sum += value
        }
        guard sum > 0 else {
            throw .invalidValue(
                field: field, value: sum, requirement: "total weight must be positive")
        }
        self.values = weights.map { $0 / sum }
    }

    /// The number of entries.
    public var count: Int { values.count }
}
