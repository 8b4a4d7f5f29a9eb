extension InterpolationOrder {
    /// For the order of one row (or one column), each visit's neighbour-class weight: the fine
    /// class (``NeighbourRule/fineClass(_:_:order:nonzero:)``) the visit has when the symbol of
    /// the visit before it is not the zero symbol (0 when it is); nil when some visit names a
    /// neighbour other than the visit before it in its level.
    ///
    /// In one row a visit of level h at h(2v + 1) names its context neighbour and axis
    /// neighbours, where it has them, all at h(2v − 1): the visit before it in its level (a
    /// level's first visit names none, and weighs 0). With every named neighbour that visit,
    /// the generic class is `f · (3·[context named] + min(axes named, 2))`, `f` whether that
    /// visit's symbol is not the zero symbol: so a chunk's classes are one pass over its
    /// symbols (``ContextTables/oneRowClasses(_:zero:order:into:)``), without reading the
    /// order's neighbour tables again for every chunk.
    static func rowClassWeights(
        positions: [Int32], contextOffsets: [Int32], axisOffsets: [Int32], levelStarts: [Int]
    ) -> [UInt8]? {
        let count = positions.count
        guard count > 0 else { return [] }
        var weights = [UInt8](repeating: 0, count: count)
        func namesNone(_ t: Int) -> Bool {
            contextOffsets[t] == 0 && axisOffsets[3 * t] == 0 && axisOffsets[3 * t + 1] == 0
                && axisOffsets[3 * t + 2] == 0
        }
        guard namesNone(0) else { return nil }
        for k in levelStarts.indices {
            let range = levelStarts[k]..<(k == 0 ? count : levelStarts[k - 1])
            guard let first = range.first else { continue }
            guard namesNone(first) else { return nil }
            for t in (first + 1)..<range.upperBound {
                let context = contextOffsets[t]
                let (a, b, c) = (axisOffsets[3 * t], axisOffsets[3 * t + 1], axisOffsets[3 * t + 2])
                let distance = positions[t] &- positions[t - 1]
                guard
                    (context == 0 || context == distance) && (a == 0 || a == distance)
                        && (b == 0 || b == distance) && (c == 0 || c == distance)
                else { return nil }
                let named = (a != 0 ? 1 : 0) + (b != 0 ? 1 : 0) + (c != 0 ? 1 : 0)
                weights[t] = UInt8(3 * (context != 0 ? 1 : 0) + min(named, 2))
            }
        }
        return weights
    }
}
