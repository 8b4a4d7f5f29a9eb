/// Activity contexts for interpolation's symbols (docs/formats.md, "Activity contexts").
///
/// A sample interpolated between neighbours that differ little lies in a smooth stretch, and
/// its residual is most likely in the zero cell; between neighbours far apart its residual
/// spreads wide. The decoder knows the neighbours before it needs the symbol, so the symbols
/// can be split by the neighbours' *activity* (``InterpolationPrediction/activity``) into
/// bins, each coded with its own table, besides the split by level (``LevelTables``): the
/// chunk's symbols are stored segment after segment, each segment's in visiting order, and the
/// decoder takes each sample's symbol from the segment its level and activity name.
///
/// On the speech of the side-by-side script at MSE ≤ var/100 the symbols' entropy falls from
/// 1.45 to 1.27 bits with four bins in each of four level groups.
///
/// **The neighbour's symbol.** Residuals outside the zero cell come in clusters (where the
/// field bends, the samples nearby miss their interpolation too), so each segment may be split
/// once more by whether the symbol of the sample's *context neighbour* — a nearby sample of the
/// same pass, visited before it (``InterpolationOrder``) — was the *zero symbol*
/// (``zeroSymbol``, the most frequent one); the decoder has decoded that symbol before it
/// needs the next.
struct ActivityContexts: Sendable, Equatable {
    /// How many groups the levels form: the `groups − 1` finest levels each alone and the
    /// coarser ones together (1 … 4), as ``LevelTables`` segments them.
    var groups: Int
    /// Per level group of ``LevelTables`` (`[coarse, h = 4, h = 2, h = 1]`, always four), the
    /// `bins − 1` non-decreasing thresholds of its samples' activity; a sample's bin is how
    /// many of its group's thresholds its activity (as a float) exceeds.
    var thresholds: [[Double]]
    /// When the segments are split by the neighbours' symbols: the symbol that counts as zero
    /// (a missing neighbour counts as having it); nil without the split.
    var zeroSymbol: UInt32? = nil
    /// How the neighbours' symbols split the segments, with ``zeroSymbol``.
    var neighbours: NeighbourRule = .contextNeighbour

    /// The most bins per group.
    static let maximumBins = 8
    /// The level groups thresholds are given for.
    static let levelGroups = LevelTables.maximumSegments

    /// Bins per group.
    var bins: Int { (thresholds.first?.count ?? 0) + 1 }

    /// The splits of every segment by the neighbours' symbols: 1 without.
    var splits: Int { zeroSymbol == nil ? 1 : neighbours.splits }

    /// The segments (and tables): `groups × bins × splits`, group after group, bin after bin.
    var segmentCount: Int { groups * bins * splits }

    /// Whether `predictor`'s symbols may have activity contexts: interpolation's (its
    /// neighbours' activity, ``InterpolationPrediction/activity``), and the other predictors'
    /// (that of the values before, ``SequentialActivityPrediction``) unless the design found
    /// that they do not pay (``Predictor/tracksActivity``).
    static func apply(to predictor: Predictor) -> Bool {
        predictor.kind.interpolates || predictor.tracksActivity
    }

    /// The segment of bin `bin` of level group `levelGroup` (0 … 3) for a sample in split
    /// `split` (``NeighbourRule/split(fine:)``; ignored without the split).
    @inline(__always)
    func segment(levelGroup: Int, bin: Int, split: Int) -> Int {
        let unsplit = max(0, levelGroup - (Self.levelGroups - groups)) * bins + bin
        return zeroSymbol == nil ? unsplit : splits * unsplit + split
    }

    /// The level group of each visiting position, as cut points: positions before `cuts[0]`
    /// are group 0, then up to `cuts[1]` group 1, and so on (``LevelTables/boundaries(_:count:)``).
    static func cuts(_ order: InterpolationOrder, count: Int) -> [Int] {
        LevelTables.boundaries(order, count: count)
    }
}

extension ActivityContexts {
    /// The group count in the field is `G + 64·r`, `r` the split's ``NeighbourRule`` (0 without
    /// one; a reader that predates the split refuses the count).
    static let splitMarker = 64

    /// The field's bytes: the group count (plus ``splitMarker`` times the rule with the split)
    /// and the bins per group (varints), then the four level groups' `bins − 1` thresholds
    /// each — as doubles, or with `shortThresholds` (format version 5) as the varint codes of
    /// ``ActivityThreshold`` — and with the split the zero symbol (varint).
    func append(to bytes: inout [UInt8], shortThresholds: Bool) {
        let rule = zeroSymbol == nil ? 0 : neighbours.rawValue
        bytes.appendVarint(groups + rule * Self.splitMarker)
        bytes.appendVarint(bins)
        for group in thresholds {
            if shortThresholds {
                for t in group { bytes.appendVarint(ActivityThreshold.code(t)) }
            } else {
                bytes.appendDoubles(group)
            }
        }
        if let zeroSymbol { bytes.appendVarint(Int(zeroSymbol)) }
    }

    /// Reads the field written by ``append(to:shortThresholds:)``.
    static func read(from parser: inout MetadataParser, shortThresholds: Bool)
        throws(MetadataParser.Failure) -> ActivityContexts
    {
        let field = try parser.varint(
            "activity context groups",
            maximum: NeighbourRule.allCases.count * splitMarker + levelGroups)
        let rule = NeighbourRule(rawValue: field / splitMarker)
        let split = rule != nil
        let groups = field % splitMarker
        let bins = try parser.varint("activity bins", maximum: maximumBins)
        // Without the split one bin would be no context at all (the file would have level
        // tables instead).
        guard (1...levelGroups).contains(groups), bins >= (split ? 1 : 2) else {
            throw MetadataParser.Failure(
                reason: "activity contexts of \(groups) groups and \(bins) bins")
        }
        var thresholds: [[Double]] = []
        for group in 0..<levelGroups {
            let values =
                shortThresholds
                ? try shortValues(bins - 1, from: &parser)
                : try parser.doubles(bins - 1, "activity thresholds")
            guard values.allSatisfy(\.isFinite), zip(values, values.dropFirst()).allSatisfy(<=)
            else {
                throw MetadataParser.Failure(
                    reason:
                        "the activity thresholds of level group \(group) are not finite and increasing"
                )
            }
            thresholds.append(values)
        }
        var contexts = ActivityContexts(groups: groups, thresholds: thresholds)
        if let rule {
            contexts.neighbours = rule
            contexts.zeroSymbol = UInt32(
                try parser.varint("zero symbol", maximum: Int(UInt32.max)))
        }
        return contexts
    }

    /// `count` thresholds in their short form.
    private static func shortValues(_ count: Int, from parser: inout MetadataParser)
        throws(MetadataParser.Failure) -> [Double]
    {
        var values: [Double] = []
        for _ in 0..<count {
            let code = try parser.varint(
                "activity threshold", maximum: ActivityThreshold.maximumCode)
            guard let value = ActivityThreshold.value(code: code) else {
                throw MetadataParser.Failure(reason: "activity threshold code \(code)")
            }
            values.append(value)
        }
        return values
    }
}
