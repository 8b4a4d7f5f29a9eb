#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Windows of non-negligible codewords for scalar squared error over a sorted codebook.
///
/// A row's Gibbs weights are `e_j = exp(a_j − M)` with `a_j = log w_j − t (d_j − dmin)` and
/// `M = max_j a_j`. For any lower bound `M₀ ≤ M` (taken at the codewords next to x),
/// `a_j ≤ max_j log w_j − t (d_j − dmin)`, so every codeword with
/// `d_j − dmin > (max log w − M₀ + L)/t` has `e_j < e^{−L}`: it changes `Z̃ ≥ 1` by less
/// than one part in `e^L`. With the codebook sorted, the others are the contiguous run
/// `|x − y_j| ≤ √(dmin + (max log w − M₀ + L)/t)`, found by two binary searches; the pass
/// then costs O(window) per row instead of O(m). Used where the iterates need not be
/// certified (annealing, Newton steps); certificates and verification keep every term.
extension RowKernel {
    /// Whether the codebook is scalar, sorted (non-decreasing) and under squared error: the
    /// case in which a pass windows (with a finite `negligibleLogRatio`, the default included).
    static func isWindowable(_ field: DistortionField) -> Bool {
        guard field.isScalarSquaredError else { return false }
        let y = field.codebook
        for j in 1..<max(1, field.columns) where !(y[j - 1] <= y[j]) { return false }
        return true
    }

    /// The padded column range `[lo, hi)` (multiples of the SIMD width) outside which every
    /// term of row x is below `e^{−logRatio}` relative to the row's largest, or nil when no
    /// window is known (a zero slope, no finite weight next to x): then the whole row is used.
    @inline(__always)
    func window(
        x: Double, weights: UnsafePointer<Double>, maximumWeight: Double, slope t: Double,
        minimum dmin: Double, logRatio: Double
    ) -> Range<Int>? {
        guard t > 0, logRatio.isFinite, maximumWeight.isFinite else { return nil }
        return field.codebook.withUnsafeBufferPointer { buffer -> Range<Int>? in
            let y = buffer.baseAddress.unsafelyUnwrapped
            let m = field.columns
            let next = Self.firstIndex(in: y, count: m) { $0 >= x }
            var floor = -Double.infinity
            for j in max(0, next - 2)..<min(m, next + 2) {
                let e = x - y[j]
                floor = max(floor, weights[j] - t * (e * e - dmin))
            }
            guard floor.isFinite else { return nil }
            let radius = (dmin + (maximumWeight - floor + logRatio) / t).squareRoot()
            guard radius.isFinite else { return nil }
            return paddedColumns(within: radius, of: x, in: y)
        }
    }

    /// The padded columns outside which every term `exp(−t (d_j − dmin) − shift)` of row x is
    /// exactly 0 in the C loops (the exponential is 0 below −708.39): the codewords with
    /// `t (d_j − dmin) ≤ 720 − shift`, on a sorted scalar codebook under squared error, widened
    /// to multiples of the SIMD width. The whole padded row when no window is known (not
    /// windowable, a zero slope, a non-finite shift).
    /// - Complexity: O(log m).
    @inline(__always)
    func exactColumns(x: Double, slope t: Double, minimum dmin: Double, shift: Double = 0)
        -> Range<Int>
    {
        let mp = field.paddedColumns
        guard isWindowable, t > 0, shift.isFinite else { return 0..<mp }
        let radius = (dmin + max(0, Self.exactLogRatio - shift) / t).squareRoot()
        guard radius.isFinite else { return 0..<mp }
        return field.codebook.withUnsafeBufferPointer { buffer in
            paddedColumns(within: radius, of: x, in: buffer.baseAddress.unsafelyUnwrapped)
        }
    }

    /// The codewords of the sorted codebook `y` within `radius` of x, widened to multiples of
    /// the SIMD width (so that every lane adds the same terms in the same order).
    /// - Complexity: O(log m).
    @inline(__always)
    private func paddedColumns(within radius: Double, of x: Double, in y: UnsafePointer<Double>)
        -> Range<Int>
    {
        let m = field.columns
        let low = Self.firstIndex(in: y, count: m) { $0 >= x - radius }
        let high = Self.firstIndex(in: y, count: m) { $0 > x + radius }
        let width = Self.width
        return (low / width * width)..<min(field.paddedColumns, (high + width - 1) / width * width)
    }

    /// The first index in `0..<count` whose value satisfies `predicate` (monotone: false, then
    /// true), or `count`.
    @inline(__always)
    static func firstIndex(
        in y: UnsafePointer<Double>, count: Int, where predicate: (Double) -> Bool
    ) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if predicate(y[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// The row minima of a sorted scalar codebook under squared error: the nearest codeword is
    /// one of the two around x (binary search).
    /// - Complexity: O(n log m).
    static func sortedScalarRowMinima(_ field: DistortionField) -> [Double] {
        field.codebook.withUnsafeBufferPointer { buffer in
            let y = buffer.baseAddress.unsafelyUnwrapped
            let m = field.columns
            return field.source.map { x in
                let next = firstIndex(in: y, count: m) { $0 >= x }
                var best = Double.infinity
                for j in max(0, next - 1)..<min(m, next + 1) {
                    let e = x - y[j]
                    best = min(best, e * e)
                }
                return best
            }
        }
    }
}
