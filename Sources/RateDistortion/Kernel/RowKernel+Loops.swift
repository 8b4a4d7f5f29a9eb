#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension RowKernel {
    typealias Vector = SIMD8<Double>

    /// The inner loops for one row: `a_j = log w_j − t (d_j − dmin)`, its maximum M,
    /// `e_j = exp(a_j − M)` (left in `a`), `z = Σ e_j` and the first two moments of the excess.
    /// - Precondition: `columns` is a multiple of 8; `d` and `a` hold `columns` elements.
    @inline(__always)
    static func gibbsRow(
        d: UnsafeMutablePointer<Double>, a: UnsafeMutablePointer<Double>,
        weights: UnsafePointer<Double>,
        columns: Int, slope: Double, minimum: Double
    ) -> (logZ: Double, z: Double, mean: Double, variance: Double) {
        let t = Vector(repeating: slope)
        let dmin = Vector(repeating: minimum)
        let dRaw = UnsafeMutableRawPointer(d)
        let aRaw = UnsafeMutableRawPointer(a)
        let wRaw = UnsafeRawPointer(weights)
        var maxima = Vector(repeating: -.infinity)
        var offset = 0
        let stride = MemoryLayout<Vector>.stride
        let end = columns * MemoryLayout<Double>.stride
        while offset < end {
            let excess = dRaw.loadUnaligned(fromByteOffset: offset, as: Vector.self) - dmin
            dRaw.storeBytes(of: excess, toByteOffset: offset, as: Vector.self)
            let value = wRaw.loadUnaligned(fromByteOffset: offset, as: Vector.self) - t * excess
            aRaw.storeBytes(of: value, toByteOffset: offset, as: Vector.self)
            maxima.replace(with: value, where: value .> maxima)
            offset += stride
        }
        let top = maxima.max()
        let shift = Vector(repeating: top)
        var z = Vector(repeating: 0)
        var first = Vector(repeating: 0)
        var second = Vector(repeating: 0)
        offset = 0
        while offset < end {
            let e = vectorExpOfNonPositive(
                aRaw.loadUnaligned(fromByteOffset: offset, as: Vector.self) - shift)
            aRaw.storeBytes(of: e, toByteOffset: offset, as: Vector.self)
            let x = dRaw.loadUnaligned(fromByteOffset: offset, as: Vector.self)
            let ex = e * x
            z += e
            first += ex
            second += ex * x
            offset += stride
        }
        let zs = z.sum()
        let mean = first.sum() / zs
        let variance = max(0, second.sum() / zs - mean * mean)
        return (top + log(zs), zs, mean, variance)
    }

    /// `column_j += scale · e_j` for a row's unnormalised weights `e`.
    @inline(__always)
    static func accumulate(
        _ e: UnsafeMutablePointer<Double>, scale: Double, into column: UnsafeMutablePointer<Double>,
        columns: Int
    ) {
        let eRaw = UnsafeRawPointer(e)
        let cRaw = UnsafeMutableRawPointer(column)
        let s = Vector(repeating: scale)
        var offset = 0
        let stride = MemoryLayout<Vector>.stride
        let end = columns * MemoryLayout<Double>.stride
        while offset < end {
            let sum =
                cRaw.loadUnaligned(fromByteOffset: offset, as: Vector.self)
                + s * eRaw.loadUnaligned(fromByteOffset: offset, as: Vector.self)
            cRaw.storeBytes(of: sum, toByteOffset: offset, as: Vector.self)
            offset += stride
        }
    }
}

extension RowKernel {
    /// ``gibbsRow(d:a:weights:columns:slope:minimum:)`` for scalar points under squared error,
    /// with `d_j = (x − y_j)²` formed in the loops instead of read from a filled row: the
    /// common case (fine scalar grids) then streams only the codebook and the weights.
    @inline(__always)
    static func gibbsRowScalarSquared(
        x: Double, codebook: UnsafePointer<Double>, a: UnsafeMutablePointer<Double>,
        weights: UnsafePointer<Double>,
        columns: Int, slope: Double, minimum: Double
    ) -> (logZ: Double, z: Double, mean: Double, variance: Double) {
        let t = Vector(repeating: slope)
        let dmin = Vector(repeating: minimum)
        let xv = Vector(repeating: x)
        let yRaw = UnsafeRawPointer(codebook)
        let aRaw = UnsafeMutableRawPointer(a)
        let wRaw = UnsafeRawPointer(weights)
        var maxima = Vector(repeating: -.infinity)
        var offset = 0
        let stride = MemoryLayout<Vector>.stride
        let end = columns * MemoryLayout<Double>.stride
        while offset < end {
            let e = xv - yRaw.loadUnaligned(fromByteOffset: offset, as: Vector.self)
            let value =
                wRaw.loadUnaligned(fromByteOffset: offset, as: Vector.self) - t * (e * e - dmin)
            aRaw.storeBytes(of: value, toByteOffset: offset, as: Vector.self)
            maxima.replace(with: value, where: value .> maxima)
            offset += stride
        }
        let top = maxima.max()
        let shift = Vector(repeating: top)
        var z = Vector(repeating: 0)
        var first = Vector(repeating: 0)
        var second = Vector(repeating: 0)
        offset = 0
        while offset < end {
            let e = vectorExpOfNonPositive(
                aRaw.loadUnaligned(fromByteOffset: offset, as: Vector.self) - shift)
            aRaw.storeBytes(of: e, toByteOffset: offset, as: Vector.self)
            let difference = xv - yRaw.loadUnaligned(fromByteOffset: offset, as: Vector.self)
            let excess = difference * difference - dmin
            let ex = e * excess
            z += e
            first += ex
            second += ex * excess
            offset += stride
        }
        let zs = z.sum()
        let mean = first.sum() / zs
        let variance = max(0, second.sum() / zs - mean * mean)
        return (top + log(zs), zs, mean, variance)
    }
}
