/// A predicate that marks samples as important: `abs>T`, `>T` or `<T`.
///
/// For vectors (dimension k > 1) the rule looks at one summary of the coordinates:
///
/// - `abs>T`: the largest absolute coordinate, `max_c |x_c| > T`;
/// - `>T`: the largest coordinate, `max_c x_c > T` (some coordinate exceeds T);
/// - `<T`: the smallest coordinate, `min_c x_c < T` (some coordinate is below T).
///
/// For scalars all three reduce to the plain comparison. The rule's text form
/// (``description``) is the one accepted by ``init(parsing:)``, so it round-trips through the
/// quantizer file.
public enum ImportanceRule: Sendable, Equatable, CustomStringConvertible {
    /// Important when the largest absolute coordinate exceeds the threshold.
    case absoluteGreaterThan(Double)
    /// Important when the largest coordinate exceeds the threshold.
    case greaterThan(Double)
    /// Important when the smallest coordinate is below the threshold.
    case lessThan(Double)

    /// Parses `abs>T`, `>T` or `<T`, with T a finite number; spaces are allowed around the parts.
    ///
    /// - Throws: `DataInputError.invalidImportanceRule` naming what is wrong.
    public init(parsing text: String) throws(DataInputError) {
        let compact = text.filter { !$0.isWhitespace }
        let rest: Substring
        let make: (Double) -> ImportanceRule
        if compact.lowercased().hasPrefix("abs>") {
            rest = compact.dropFirst(4)
            make = ImportanceRule.absoluteGreaterThan
        } else if compact.hasPrefix(">") {
            rest = compact.dropFirst()
            make = ImportanceRule.greaterThan
        } else if compact.hasPrefix("<") {
            rest = compact.dropFirst()
            make = ImportanceRule.lessThan
        } else {
            throw .invalidImportanceRule(rule: text, reason: "it must start with abs>, > or <")
        }
        guard !rest.isEmpty else {
            throw .invalidImportanceRule(rule: text, reason: "the threshold is missing")
        }
        guard let threshold = Double(rest) else {
            throw .invalidImportanceRule(rule: text, reason: "'\(rest)' is not a number")
        }
        guard threshold.isFinite else {
            throw .invalidImportanceRule(rule: text, reason: "the threshold must be finite")
        }
        self = make(threshold)
    }

    /// The threshold T.
    public var threshold: Double {
        switch self {
        case .absoluteGreaterThan(let t), .greaterThan(let t), .lessThan(let t): t
        }
    }

    /// The text form, e.g. `abs>2.5`.
    public var description: String {
        switch self {
        case .absoluteGreaterThan(let t): "abs>\(Self.format(t))"
        case .greaterThan(let t): ">\(Self.format(t))"
        case .lessThan(let t): "<\(Self.format(t))"
        }
    }

    /// Whether a sample with these coordinates is important.
    ///
    /// - Complexity: O(k) for k coordinates.
    public func isImportant(_ coordinates: some Collection<Double>) -> Bool {
        switch self {
        case .absoluteGreaterThan(let t): coordinates.contains { abs($0) > t }
        case .greaterThan(let t): coordinates.contains { $0 > t }
        case .lessThan(let t): coordinates.contains { $0 < t }
        }
    }

    /// One flag per sample of `samples`.
    ///
    /// - Complexity: O(n k).
    public func flags(for samples: SampleSet) -> [Bool] {
        (0..<samples.count).map { isImportant(samples[sample: $0]) }
    }

    /// `2.5` rather than `2.5`, `3` rather than `3.0`.
    private static func format(_ t: Double) -> String {
        if t == t.rounded(), abs(t) < 1e15 { return String(Int64(t)) }
        return "\(t)"
    }
}
