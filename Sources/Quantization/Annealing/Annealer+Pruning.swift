extension Annealer {
    /// Removes codewords of mass below `threshold` and merges codewords that have come within
    /// `mergeDistance` (squared error per dimension) of a heavier one, whose mass absorbs theirs.
    /// Total mass is kept; merging coarsens Y, so `H(Y)` does not increase. (A row with a
    /// tolerance keeps mass ≥ its own on the codewords that meet it, far above the threshold; the
    /// final rule re-checks every important sample and repairs any that no codeword meets.)
    /// - Complexity: O(m²·k) for the merge test, one kernel rebuild O(n·m·k).
    mutating func pruneAndMerge(threshold: Double, mergeDistance: Double) {
        let m = codewordCount
        let k = dimension
        let order = (0..<m).sorted { q[$0] > q[$1] }
        var keep: [Int] = []
        var mass: [Double] = []
        for j in order {
            guard q[j] >= threshold else { continue }
            var absorbed = false
            for (t, kept) in keep.enumerated() {
                var d = 0.0
                for c in 0..<k {
                    let e = codebook[j * k + c] - codebook[kept * k + c]
                    d += e * e
                }
                if d / Double(k) <= mergeDistance {
                    mass[t] += q[j]
                    absorbed = true
                    break
                }
            }
            if !absorbed {
                keep.append(j)
                mass.append(q[j])
            }
        }
        guard keep.count < m, !keep.isEmpty else { return }
        let total = mass.reduce(0, +)
        var newCodebook: [Double] = []
        newCodebook.reserveCapacity(keep.count * k)
        for j in keep { newCodebook.append(contentsOf: codebook[(j * k)..<((j + 1) * k)]) }
        setCodebook(newCodebook, q: mass.map { $0 / total })
        ownSlopes = ownSlopes.map { min($0, Self.slopeCeiling) }
    }

    /// Live codewords (positive mass).
    var liveCodewords: Int { q.reduce(0) { $0 + ($1 > 0 ? 1 : 0) } }
}
