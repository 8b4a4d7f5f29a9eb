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
        switch self {
        case .absoluteGreaterThan:
            if t < 0 {
                add(range.lowerBound, range.upperBound)
            } else {
                add(range.lowerBound, -t)
                add(t, range.upperBound)
            }
        case .greaterThan: add(t, range.upperBound)
        case .lessThan: add(range.lowerBound, t)
        case .deviationGreaterThan(_, let centre):
            // Without its centre the rule marks nothing yet.
            guard let m = centre else { break }
            if t < 0 {
                add(range.lowerBound, range.upperBound)
            } else {
                add(range.lowerBound, m - t)
                add(m + t, range.upperBound)
            }
        }
        return result
    }
}
