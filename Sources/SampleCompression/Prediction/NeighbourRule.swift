/// How the symbols of a sample's already coded neighbours split its segment
/// (``ActivityContexts``; docs/formats.md, "Activity contexts").
///
/// Residuals outside the zero cell come in clusters: where a field bends, the samples nearby
/// miss their interpolation too. Each visited sample has a *context neighbour* and up to three
/// *axis neighbours* — the samples of the same pass one lattice step back along each axis —
/// all visited before it (``InterpolationOrder``). A sample's *fine class* is
/// `3·a + min(c, 2)`, with `a` 1 when its context neighbour's symbol is not the zero symbol
/// and `c` the number of its axis neighbours whose symbol is not; a rule merges the six fine
/// classes into the splits of every segment.
enum NeighbourRule: Int, Sendable, CaseIterable {
    /// Two splits: the context neighbour's symbol is the zero symbol (or there is none), or not.
    case contextNeighbour = 1
    /// Two splits: no axis neighbour's symbol is other than the zero symbol, or one is.
    case anyAxisNeighbour = 2
    /// Three splits: none, one, or two or more axis neighbours with another symbol.
    case axisNeighbourCount = 3

    /// The fine classes (3 × 2).
    static let fineClasses = 6

    /// The splits of every segment.
    var splits: Int { self == .axisNeighbourCount ? 3 : 2 }

    /// The split of fine class `fine`.
    @inline(__always)
    func split(fine: Int) -> Int {
        switch self {
        case .contextNeighbour: fine / 3
        case .anyAxisNeighbour: fine % 3 == 0 ? 0 : 1
        case .axisNeighbourCount: fine % 3
        }
    }

    /// The fine class of visit `t` at position `i` of a chunk visited in `order`, with
    /// `nonzero[j]` 1 where position `j` (visited before) has another symbol than the zero one.
    @inline(__always)
    static func fineClass(
        _ t: Int, _ i: Int, order: InterpolationOrder, nonzero: UnsafePointer<UInt8>
    ) -> Int {
        let context = Int(order.contextOffsets[t])
        let a = context > 0 ? Int(nonzero[i - context]) : 0
        var c = 0
        for k in 0..<3 {
            let offset = Int(order.axisOffsets[3 * t + k])
            if offset > 0 { c += Int(nonzero[i - offset]) }
        }
        return 3 * a + min(c, 2)
    }
}
