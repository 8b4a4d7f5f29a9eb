import RDInterchange

extension ImportanceRule {
    /// The parts of `range` where a scalar is important under this rule, for shading.
    ///
    /// - Returns: Up to two intervals (`abs>T` and `dev>T@m` give both tails), empty if none
    ///   intersects.
    public func regions(within range: ClosedRange<Double>) -> [ClosedRange<Double>] {
        let t = threshold
        var result: [ClosedRange<Double>] = []
        func add(_ low: Double, _ high: Double) {
            let a = max(low, range.lowerBound)
            let b = min(high, range.upperBound)
            if a < b { result.append(a...b) }
        }
        /// Both tails beyond `centre ± t` (everything for a negative t).
        func tails(around centre: Double) {
            if t < 0 {
                add(range.lowerBound, range.upperBound)
            } else {
                add(range.lowerBound, centre - t)
                add(centre + t, range.upperBound)
            }
        }
        switch self {
        case .absoluteGreaterThan: tails(around: 0)
        case .greaterThan: add(t, range.upperBound)
        case .lessThan: add(range.lowerBound, t)
        // Without its centre the rule marks nothing yet.
        case .deviationGreaterThan(_, let centre): if let centre { tails(around: centre) }
        }
        return result
    }
}
