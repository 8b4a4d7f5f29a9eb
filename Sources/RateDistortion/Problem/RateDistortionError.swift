/// Everything that can be wrong with a rate–distortion problem or its solution.
///
/// Each case names the field or bound at fault so that a front end can print a one-line
/// message; `description` gives that message.
public enum RateDistortionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A required collection was empty (`field` names it).
    case empty(field: String)
    /// A value that must be finite was NaN or infinite.
    case nonFinite(field: String, index: Int)
    /// A probability was negative.
    case negativeProbability(index: Int, value: Double)
    /// Probabilities did not sum to one within `tolerance`.
    case probabilitiesDoNotSumToOne(sum: Double, tolerance: Double)
    /// Two sizes that must agree did not.
    case shapeMismatch(field: String, expected: Int, found: Int)
    /// A value outside its allowed range (negative distortion, tolerance, slope, …).
    case invalidValue(field: String, value: Double, requirement: String)
    /// An index (fidelity member) outside `0..<count`.
    case indexOutOfRange(field: String, index: Int, count: Int)
    /// A distortion bound that no encoder can meet: `minimum` is the smallest feasible value.
    case infeasible(bound: String, value: Double, minimum: Double)
    /// A certificate that does not belong to the problem it is checked against.
    case certificateMismatch(reason: String)

    public var description: String {
        switch self {
        case .empty(let field):
            return "\(field) is empty"
        case .nonFinite(let field, let index):
            return "\(field)[\(index)] is not a finite number"
        case .negativeProbability(let index, let value):
            return "probabilities[\(index)] = \(value) is negative"
        case .probabilitiesDoNotSumToOne(let sum, let tolerance):
            return
                "probabilities sum to \(sum), not 1 (accepted: |sum − 1| ≤ \(tolerance); they are then renormalised)"
        case .shapeMismatch(let field, let expected, let found):
            return "\(field) has \(found) entries where \(expected) are needed"
        case .invalidValue(let field, let value, let requirement):
            return "\(field) = \(value): \(requirement)"
        case .indexOutOfRange(let field, let index, let count):
            return "\(field) contains index \(index), outside 0..<\(count)"
        case .infeasible(let bound, let value, let minimum):
            return
                "infeasible: \(bound) = \(value) is below the smallest achievable value \(minimum) "
                + "(short by \(minimum - value))"
        case .certificateMismatch(let reason):
            return "certificate does not fit the problem: \(reason)"
        }
    }
}
