/// A vector codebook sorted along one coordinate, for the exact pruned search of
/// ``QuantizerEncoder``: the vector form of the scalar outward scan.
///
/// The codewords are sorted by their coordinate `axis` (the one with the widest spread). For a
/// sample x a binary search finds x's place along that axis, and the scan walks outward on both
/// sides, scoring each codeword with the full distortion in the definitional order
/// (`Σ_c (x_c − y_c)²`, then divided by k). A side is abandoned at sorted position `t` once the
/// one-coordinate bound `low_t = fl(e_t²) / k`, with `e_t = x_axis − y_t,axis`, exceeds the
/// tolerance or `fl(a_min + fl(s · low_t))` exceeds the best cost, with `a_min` the least `−log q`
/// beyond `t`. The bound is exact in floating point: a running sum of non-negative terms never
/// falls below any of its terms, IEEE rounding is monotone, and `|e_t|` only grows outward; so no
/// codeword further out can win or tie.
struct SortedVectorCodebook: Sendable {
    let dimension: Int
    /// The coordinate the codewords are sorted by.
    let axis: Int
    /// Sorted position → codeword index (stable for equal coordinates).
    let order: [Int]
    /// The codewords' `axis` coordinate, in sorted order.
    let axisValues: [Double]
    /// The codewords, k coordinates each, in sorted order.
    let rows: [Double]
    /// `−log q` in sorted order, and its prefix and suffix minima.
    let penalties: [Double]
    let prefixMinimum: [Double]
    let suffixMinimum: [Double]

    /// Sorts `codebook` (m · k coordinates) along its widest coordinate; O(m (k + log m)).
    init(codebook: [Double], dimension k: Int, penalties: [Double]) {
        precondition(k > 1 && codebook.count == penalties.count * k)
        let m = penalties.count
        var widest = 0
        var widestSpan = -1.0
        for c in 0..<k {
            let column = (0..<m).map { codebook[$0 * k + c] }
            let span = (column.max() ?? 0) - (column.min() ?? 0)
            if span > widestSpan {
                widestSpan = span
                widest = c
            }
        }
        let axis = widest
        let order = (0..<m).sorted {
            (codebook[$0 * k + axis], $0) < (codebook[$1 * k + axis], $1)
        }
        dimension = k
        self.axis = axis
        self.order = order
        axisValues = order.map { codebook[$0 * k + axis] }
        rows = order.flatMap { codebook[($0 * k)..<($0 * k + k)] }
        let sorted = order.map { penalties[$0] }
        self.penalties = sorted
        var prefix = sorted
        for t in prefix.indices.dropFirst() { prefix[t] = min(prefix[t - 1], prefix[t]) }
        var suffix = sorted
        for t in suffix.indices.reversed().dropFirst() { suffix[t] = min(suffix[t + 1], suffix[t]) }
        prefixMinimum = prefix
        suffixMinimum = suffix
    }

    /// The rule's codeword index for `x` and its distortion, or `(-1, ∞)` when no codeword lies
    /// within `limit`.
    func encode(_ x: UnsafeBufferPointer<Double>, slope s: Double, limit: Double) -> (Int, Double) {
        let k = dimension
        let xAxis = x[axis]
        let scale = Double(k)
        var best = BestCodeword()
        axisValues.withUnsafeBufferPointer { axisValues in
            scanOutward(from: firstPosition(atLeast: xAxis, in: axisValues), count: order.count) {
                t, isRight in
                let e = xAxis - axisValues[t]
                let bound = (e * e) / scale
                let minimum = isRight ? suffixMinimum[t] : prefixMinimum[t]
                if bound > limit || (best.index >= 0 && minimum + s * bound > best.cost) {
                    return false
                }
                var d = 0.0
                for c in 0..<k {
                    let ec = x[c] - rows[t * k + c]
                    d += ec * ec
                }
                d /= scale
                guard d <= limit else { return true }
                best.consider(cost: penalties[t] + s * d, distortion: d, index: order[t])
                return true
            }
        }
        return (best.index, best.distortion)
    }
}
