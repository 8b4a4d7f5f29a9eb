import ParallelLoops
import RowKernelLoops

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The hot loop of `ActiveSetNewton`: every row's Gibbs law on the active set T,
/// `P_il = q_l exp(−t_i e_il) / Z_i` with `e_il = d_il − dmin_i`, its log-partition and the
/// mean and variance of `e_il`, and the output masses `Σ_i p_i P_il` (per worker).
/// Each worker writes disjoint rows and its own slice of `output` (``ParallelLoop``'s contract).
struct RestrictedRows {
    let logQ: UnsafeBufferPointer<Double>  // padded with −∞ to a multiple of 8
    let excess: ExcessRows
    let slopes: UnsafeBufferPointer<Double>
    let p: UnsafeBufferPointer<Double>
    let probabilities: UnsafeMutableBufferPointer<Double>  // n × r, written on `spans` only
    /// Each row's span of T positions: its probabilities are written there, and are
    /// negligible (below e^−50 of the row's largest) elsewhere.
    let spans: UnsafeMutableBufferPointer<Range<Int>>
    let mean: UnsafeMutableBufferPointer<Double>
    let variance: UnsafeMutableBufferPointer<Double>
    let logZ: UnsafeMutableBufferPointer<Double>
    let output: UnsafeMutableBufferPointer<Double>  // chunks × r
    /// Rows on a line visit only their window of T (nil: every row visits all of T).
    let line: RestrictedLine?

    func evaluate(_ range: Range<Int>, chunk: Int, active r: Int, padded: Int) {
        typealias Vector = SIMD8<Double>
        let a = UnsafeMutablePointer<Double>.allocate(capacity: padded)
        let x = UnsafeMutablePointer<Double>.allocate(capacity: padded)
        defer {
            a.deallocate()
            x.deallocate()
        }
        x.initialize(repeating: 0, count: padded)
        let q = UnsafeRawPointer(logQ.baseAddress.unsafelyUnwrapped)
        let aRaw = UnsafeMutableRawPointer(a)
        let xRaw = UnsafeMutableRawPointer(x)
        let stride = MemoryLayout<Vector>.stride
        let out = output.baseAddress.unsafelyUnwrapped + chunk * r
        for i in range {
            let row = excess[i]
            let columns =
                line?.window(
                    row: i, excess: row, logQ: logQ.baseAddress.unsafelyUnwrapped,
                    slope: slopes[i], width: Vector.scalarCount, padded: padded) ?? 0..<padded
            let first = columns.lowerBound
            let stop = min(columns.upperBound, r)
            spans[i] = first..<stop
            row.copy(first..<stop, to: x)
            let t = Vector(repeating: slopes[i])
            var maxima = Vector(repeating: -.infinity)
            var offset = first * MemoryLayout<Double>.stride
            let end = columns.upperBound * MemoryLayout<Double>.stride
            while offset < end {
                let e = xRaw.load(fromByteOffset: offset, as: Vector.self)
                // `replacing` keeps log q_l where e = 0 even for the hard-row slope.
                let value = (q.load(fromByteOffset: offset, as: Vector.self) - t * e)
                    .replacing(
                        with: q.load(fromByteOffset: offset, as: Vector.self), where: e .== 0)
                aRaw.storeBytes(of: value, toByteOffset: offset, as: Vector.self)
                maxima.replace(with: value, where: value .> maxima)
                offset += stride
            }
            let (zs, sum, second) = Self.exponentiate(
                a + first, excess: x + first, shift: maxima.max(), count: columns.count)
            let m = sum / zs
            logZ[i] = maxima.max() + log(zs)
            mean[i] = m
            variance[i] = max(0, second / zs - m * m)
            let target = probabilities.baseAddress.unsafelyUnwrapped + i * r
            let pi = p[i]
            let inverse = 1 / zs
            for l in first..<stop {
                let value = a[l] * inverse
                target[l] = value
                out[l] += pi * value
            }
        }
    }

    /// `a_l ← exp(a_l − shift)` and the sums `Σ a_l`, `Σ a_l x_l`, `Σ a_l x_l²` (C loops,
    /// dispatched on the CPU: ``RowKernelLoops``).
    /// - Precondition: `count` is a multiple of 8.
    @inline(__always)
    static func exponentiate(
        _ a: UnsafeMutablePointer<Double>, excess x: UnsafeMutablePointer<Double>, shift: Double,
        count: Int
    ) -> (Double, Double, Double) {
        var sums = (0.0, 0.0, 0.0)
        withUnsafeMutableBytes(of: &sums) { raw in
            rk_exponentiate(
                a, x, shift, count, raw.baseAddress?.assumingMemoryBound(to: Double.self))
        }
        return sums
    }
}
