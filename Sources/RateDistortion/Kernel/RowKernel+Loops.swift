import RowKernelLoops

extension RowKernel {
    typealias Vector = SIMD8<Double>

    /// The inner loops for one row: `a_j = log w_j − t (d_j − dmin)`, its maximum M,
    /// `e_j = exp(a_j − M)` (left in `a`), `z = Σ e_j` and the first two moments of the excess
    /// (left in `d`). The loops are C, dispatched on the CPU (``RowKernelLoops``).
    /// - Precondition: `columns` is a multiple of 8; `d` and `a` hold `columns` elements.
    @inline(__always)
    static func gibbsRow(
        d: UnsafeMutablePointer<Double>, a: UnsafeMutablePointer<Double>,
        weights: UnsafePointer<Double>,
        columns: Int, slope: Double, minimum: Double
    ) -> (logZ: Double, z: Double, mean: Double, variance: Double) {
        let r = rk_gibbs_row(d, a, weights, columns, slope, minimum)
        return (r.logZ, r.z, r.mean, r.variance)
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
        let r = rk_gibbs_row_scalar_squared(x, codebook, a, weights, columns, slope, minimum)
        return (r.logZ, r.z, r.mean, r.variance)
    }
}
