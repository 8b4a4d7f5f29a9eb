/// A predicate that marks samples as important: `abs>T`, `>T`, `<T` or `dev>T`.
///
/// For vectors (dimension k > 1) the rule looks at one summary of the coordinates:
///
/// - `abs>T`: the largest absolute coordinate, `max_c |x_c| > T`;
/// - `>T`: the largest coordinate, `max_c x_c > T` (some coordinate exceeds T);
/// - `<T`: the smallest coordinate, `min_c x_c < T` (some coordinate is below T);
/// - `dev>T`: the largest deviation of a coordinate from a centre m, `max_c |x_c − m| > T`.
///   Written `dev>T@m` with the centre given; `dev>T` alone takes the mean of the data's
///   values (of every coordinate, weighted for a weighted source), fixed once the whole data
///   is read (``resolved(for:weights:)``): the tails of a signal whose mean is not zero.
///
/// For scalars the first three reduce to the plain comparison. The rule's text form
/// (``description``) is the one accepted by ``init(parsing:)``, so it round-trips through the
/// quantizer file; a design records `dev>T` with its centre, so that data compressed later is
/// marked about the same centre.
public enum ImportanceRule: Sendable, Equatable, CustomStringConvertible {
    /// Important when the largest absolute coordinate exceeds the threshold.
    case absoluteGreaterThan(Double)
    /// Important when the largest coordinate exceeds the threshold.
    case greaterThan(Double)
    /// Important when the smallest coordinate is below the threshold.
    case lessThan(Double)
    /// Important when a coordinate deviates from the centre by more than the threshold; the
    /// centre is `nil` until resolved to the data's mean.
    case deviationGreaterThan(Double, centre: Double?)

    /// Parses `abs>T`, `>T`, `<T`, `dev>T` or `dev>T@m`, with T and m finite numbers; spaces
    /// are allowed around the parts.
    ///
    /// - Throws: `DataInputError.invalidImportanceRule` naming what is wrong.
    public init(parsing text: String) throws(DataInputError) {
        let compact = text.filter { !$0.isWhitespace }
        let lowered = compact.lowercased()
        if lowered.hasPrefix("abs>") {
            self = .absoluteGreaterThan(try Self.number(compact.dropFirst(4), "threshold", text))
        } else if lowered.hasPrefix("dev>") {
            let parts = compact.dropFirst(4).split(
                separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
            let threshold = try Self.number(parts[0], "threshold", text)
            let centre = try parts.count > 1 ? Self.number(parts[1], "centre", text) : nil
            self = .deviationGreaterThan(threshold, centre: centre)
        } else if compact.hasPrefix(">") {
            self = .greaterThan(try Self.number(compact.dropFirst(), "threshold", text))
        } else if compact.hasPrefix("<") {
            self = .lessThan(try Self.number(compact.dropFirst(), "threshold", text))
        } else {
            throw .invalidImportanceRule(
                rule: text, reason: "it must start with abs>, dev>, > or <")
        }
    }

    /// A finite number from `part` of `text`, or an error naming `what` is wrong.
    private static func number(_ part: Substring, _ what: String, _ text: String)
        throws(DataInputError) -> Double
    {
        guard !part.isEmpty else {
            throw .invalidImportanceRule(rule: text, reason: "the \(what) is missing")
        }
        guard let value = Double(part) else {
            throw .invalidImportanceRule(rule: text, reason: "'\(part)' is not a number")
        }
        guard value.isFinite else {
            throw .invalidImportanceRule(rule: text, reason: "the \(what) must be finite")
        }
        return value
    }

    /// The threshold T.
    public var threshold: Double {
        switch self {
        case .absoluteGreaterThan(let t), .greaterThan(let t), .lessThan(let t),
            .deviationGreaterThan(let t, _):
            t
        }
    }

    /// Whether the rule still needs the data's mean (`dev>T` without a centre): such a rule
    /// marks nothing until ``resolved(for:weights:)`` fixes the centre.
    public var needsCentre: Bool {
        if case .deviationGreaterThan(_, nil) = self { return true }
        return false
    }

    /// The rule with its centre fixed to the mean of `values` (weighted by `weights`, one per
    /// sample of `values.count / weights.count` coordinates, when given) if it needs one;
    /// otherwise the rule itself.
    public func resolved(for values: [Double], weights: [Double]? = nil) -> ImportanceRule {
        guard case .deviationGreaterThan(let t, nil) = self else { return self }
        return .deviationGreaterThan(t, centre: Self.mean(values, weights: weights))
    }

    /// The (weighted) mean of `values`, summed in order; 0 for no values.
    private static func mean(_ values: [Double], weights: [Double]?) -> Double {
        guard let weights, !weights.isEmpty, values.count % weights.count == 0 else {
            return values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
        }
        let k = values.count / weights.count
        var (sum, total) = (0.0, 0.0)
        for (i, w) in weights.enumerated() {
            for c in 0..<k { sum += w * values[i * k + c] }
            total += w * Double(k)
        }
        return total > 0 ? sum / total : 0
    }

    /// The text form, e.g. `abs>2.5` or `dev>3@0.125`.
    public var description: String {
        switch self {
        case .absoluteGreaterThan(let t): "abs>\(Self.format(t))"
        case .greaterThan(let t): ">\(Self.format(t))"
        case .lessThan(let t): "<\(Self.format(t))"
        case .deviationGreaterThan(let t, let centre):
            "dev>\(Self.format(t))" + (centre.map { "@\(Self.format($0))" } ?? "")
        }
    }

    /// Whether a scalar sample `x` is important (never, for a rule that still needs its
    /// centre): ``isImportant(_:)`` for one coordinate, without a collection to iterate (called
    /// per value of 10^7 through `CollectionOfOne`, the generic version took a third of
    /// compressing speech with an important subset, looking up type metadata for each value).
    ///
    /// - Complexity: O(1).
    public func isImportant(value x: Double) -> Bool {
        switch self {
        case .absoluteGreaterThan(let t): abs(x) > t
        case .greaterThan(let t): x > t
        case .lessThan(let t): x < t
        case .deviationGreaterThan(let t, let centre): centre.map { abs(x - $0) > t } ?? false
        }
    }

    /// Whether a sample with these coordinates is important (never, for a rule that still
    /// needs its centre).
    ///
    /// - Complexity: O(k) for k coordinates.
    @inlinable
    public func isImportant(_ coordinates: some Collection<Double>) -> Bool {
        switch self {
        case .absoluteGreaterThan(let t): coordinates.contains { abs($0) > t }
        case .greaterThan(let t): coordinates.contains { $0 > t }
        case .lessThan(let t): coordinates.contains { $0 < t }
        case .deviationGreaterThan(let t, let centre):
            centre.map { m in coordinates.contains { abs($0 - m) > t } } ?? false
        }
    }

    /// One flag per sample of `samples`, a `dev>T` rule about the mean of their values.
    ///
    /// - Complexity: O(n k).
    public func flags(for samples: SampleSet) -> [Bool] {
        let rule = resolved(for: samples.values)
        return (0..<samples.count).map { rule.isImportant(samples[sample: $0]) }
    }

    /// `2.5` rather than `2.5`, `3` rather than `3.0`; otherwise the shortest text that reads
    /// back as the same double.
    private static func format(_ t: Double) -> String {
        if t == t.rounded(), abs(t) < 1e15 { return String(Int64(t)) }
        return "\(t)"
    }
}
