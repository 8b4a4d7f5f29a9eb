/// Windows of the active set for rows on a line (scalar squared or absolute error, T sorted
/// by codeword value).
///
/// A row's terms are `a_l = log q_l − t e_l` with `e_l = d_l − dmin ≥ 0`; along a sorted T,
/// `e_l` falls and then rises. For any lower bound `M₀` on the row's largest term (taken at the
/// codewords of T next to x), every codeword with `e_l > (max log q − M₀ + L)/t` has a term
/// below `e^{−L}` of the largest. The others form one contiguous run of T, found by two binary
/// searches on the row's stored excess distortions, so the comparison is the one the full row
/// would make. With ``logRatio`` = 50 every term left out is below 2e-22 of its row's largest,
/// far below the rounding of the Newton residual; the certificate that follows a restricted
/// solve uses the full kernel, so the windows never weaken a bound.
struct RestrictedLine {
    /// The rows' points (n).
    let x: UnsafeBufferPointer<Double>
    /// T's codewords in the order of T, non-decreasing.
    let y: UnsafeBufferPointer<Double>
    /// The largest `log q_l` on T.
    let maximumLogMass: Double

    /// Terms below `e^{−logRatio}` of their row's largest are left out.
    static let logRatio = 50.0

    /// The range of T positions, widened to whole SIMD vectors, outside which row `i`'s terms
    /// are negligible; nil when no window is known (then the whole row is used).
    @inline(__always)
    func window(
        row i: Int, excess: ExcessRow, logQ: UnsafePointer<Double>, slope t: Double,
        width: Int, padded: Int
    ) -> Range<Int>? {
        let r = y.count
        guard t > 0, maximumLogMass.isFinite, r > 0 else { return nil }
        let point = x[i]
        let next = Self.firstPosition(r) { y[$0] >= point }
        var floor = -Double.infinity
        for l in max(0, next - 2)..<min(r, next + 2) {
            floor = max(floor, excess[l] == 0 ? logQ[l] : logQ[l] - t * excess[l])
        }
        let bound = (maximumLogMass - floor + Self.logRatio) / t
        guard bound.isFinite else { return nil }
        // Left of x the excess does not increase with l, right of it it does not decrease.
        let lo = Self.firstPosition(next) { excess[$0] <= bound }
        let hi = next + Self.firstPosition(r - next) { excess[next + $0] > bound }
        return (lo / width * width)..<min(padded, (hi + width - 1) / width * width)
    }

    /// The first position in `0..<count` where `predicate` holds (false, then true), or `count`.
    @inline(__always)
    static func firstPosition(_ count: Int, where predicate: (Int) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if predicate(middle) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
