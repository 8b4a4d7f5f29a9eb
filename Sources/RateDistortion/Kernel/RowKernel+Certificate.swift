import ParallelLoops
import RowKernelLoops

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension RowKernel {
    /// One pass and the certificate's column sums at once, with one `exp` per entry instead of
    /// two: `pass(logWeights:slopes:probabilities:)` (column masses included) followed by
    /// ``columnBound(slopes:logPartition:probabilities:)`` give the same numbers up to rounding
    /// (the same terms, with the exponent split differently and summed in another order).
    ///
    /// Per row, `g_j = exp(−t_i (d_ij − dmin_i)) ≤ 1` is formed once; then `Z̃_i = Σ_j w_j g_j`,
    /// the column mass adds `p_i w_j g_j / Z̃_i` and the column bound `p_i g_j / Z̃_i`. This is
    /// exact in floating point unless `Z̃_i` underflows (every live codeword far from the row
    /// at a large slope): such a row, `Z̃_i < 1e-250`, is redone in the log domain.
    /// - Returns: the pass (column masses included) and the m column sums `c_j`.
    /// - Complexity: O(n·m·k) time, one exponential per entry.
    public func certificatePass(logWeights: [Double], slopes: [Double], probabilities: [Double])
        -> (pass: Pass, columnBound: [Double])
    {
        let n = field.rows
        let m = field.columns
        let mp = field.paddedColumns
        precondition(logWeights.count == m && slopes.count == n && probabilities.count == n)
        var weights = [Double](repeating: 0, count: mp)
        var logW = [Double](repeating: -.infinity, count: mp)
        for j in 0..<m {
            weights[j] = exp(logWeights[j])
            logW[j] = logWeights[j]
        }
        var logZ = [Double](repeating: 0, count: n)
        var mean = [Double](repeating: 0, count: n)
        var variance = [Double](repeating: 0, count: n)
        let chunks = Self.chunkCount(rows: n, columns: mp)
        var partial = [Double](repeating: 0, count: chunks * 2 * mp)
        logW.withUnsafeBufferPointer { lw in
            SharedBuffers.with(
                weights: weights, slopes: slopes, probabilities: probabilities,
                minima: rowMinima, logZ: &logZ, mean: &mean, variance: &variance,
                columns: &partial
            ) { shared in
                ParallelLoop.forEachChunk(chunks, count: n) { chunk, range in
                    certificateRows(range, chunk: chunk, shared: shared, logWeights: lw)
                }
            }
        }
        var columnMass = [Double](repeating: 0, count: m)
        var bound = [Double](repeating: 0, count: m)
        for c in 0..<chunks {
            let base = c * 2 * mp
            for j in 0..<m {
                columnMass[j] += partial[base + j]
                bound[j] += partial[base + mp + j]
            }
        }
        return (
            Pass(logPartition: logZ, meanExcess: mean, variance: variance, columnMass: columnMass),
            bound
        )
    }

    /// The rows of one worker: its column masses go to `columns[2·chunk·mp ..]`, its column
    /// sums right after them.
    private func certificateRows(
        _ range: Range<Int>, chunk: Int, shared: SharedBuffers,
        logWeights: UnsafeBufferPointer<Double>
    ) {
        let mp = field.paddedColumns
        let scratch = RowScratch(columns: mp)
        defer { withExtendedLifetime(scratch) {} }
        let d = scratch.distortions
        let g = scratch.terms
        let w = shared.weights.baseAddress.unsafelyUnwrapped
        let mass = shared.columns.baseAddress.unsafelyUnwrapped + chunk * 2 * mp
        let bound = mass + mp
        for i in range {
            let slope = shared.slopes[i]
            let minimum = shared.minima[i]
            let pi = shared.probabilities[i]
            let (r, columns) = weightedRow(i, d: d, g: g, weights: w, slope: slope)
            if r.z >= 1e-250 && r.z.isFinite {
                shared.logZ[i] = log(r.z)
                shared.mean[i] = r.mean
                shared.variance[i] = r.variance
                let start = columns.lowerBound
                Self.accumulateCertificate(
                    g + start, weights: w + start, scale: pi / r.z, mass: mass + start,
                    bound: bound + start, columns: columns.count)
            } else {
                // Log domain: e_j = exp(log w_j − t x_j − M) in `g`, then the bound's terms.
                field.fillRow(i, into: d)
                let exact = Self.gibbsRow(
                    d: d, a: g, weights: logWeights.baseAddress.unsafelyUnwrapped, columns: mp,
                    slope: slope, minimum: minimum)
                shared.logZ[i] = exact.logZ
                shared.mean[i] = exact.mean
                shared.variance[i] = exact.variance
                Self.accumulate(g, scale: pi / exact.z, into: mass, columns: mp)
                // `d` holds the excess now: its minimum is 0.
                rk_accumulate_bound(d, 0, slope, exact.logZ, pi, bound, mp)
            }
        }
    }

    /// Row i's terms `g_j` over the returned columns (exactly 0 outside them) and its
    /// statistics. A scalar point under squared error forms its distortions in the loop and,
    /// on a sorted codebook, visits only the codewords whose term is not exactly 0: those with
    /// `t (d_j − dmin) ≤ 720`, beyond the 708.39 below which the loops' exponential is 0.
    /// Windows start and end at multiples of the SIMD width, so every lane adds the same
    /// terms in the same order: the bits are those of the full row.
    @inline(__always)
    private func weightedRow(
        _ i: Int, d: UnsafeMutablePointer<Double>, g: UnsafeMutablePointer<Double>,
        weights w: UnsafePointer<Double>, slope: Double
    ) -> (statistics: (z: Double, mean: Double, variance: Double), columns: Range<Int>) {
        let mp = field.paddedColumns
        let minimum = rowMinima[i]
        guard field.isScalarSquaredError else {
            field.fillRow(i, into: d)
            let r = Self.weightedRow(
                d: d, g: g, weights: w, columns: mp, slope: slope, minimum: minimum)
            return (r, 0..<mp)
        }
        let x = field.source[i]
        let columns = exactColumns(x: x, slope: slope, minimum: minimum)
        let start = columns.lowerBound
        let r = field.codebook.withUnsafeBufferPointer { y in
            rk_weighted_row_scalar_squared(
                x, y.baseAddress.unsafelyUnwrapped + start, g + start, w + start, columns.count,
                slope, minimum)
        }
        return ((r.z, r.mean, r.variance), columns)
    }

    /// `g_j = exp(−t (d_j − dmin))` into `g`, and `Z̃ = Σ w_j g_j` with the mean and variance
    /// of the excess under `w_j g_j / Z̃`. `d` is left holding the excess.
    @inline(__always)
    static func weightedRow(
        d: UnsafeMutablePointer<Double>, g: UnsafeMutablePointer<Double>,
        weights: UnsafePointer<Double>,
        columns: Int, slope: Double, minimum: Double
    ) -> (z: Double, mean: Double, variance: Double) {
        let r = rk_weighted_row(d, g, weights, columns, slope, minimum)
        return (r.z, r.mean, r.variance)
    }

    /// `mass_j += scale · w_j g_j` and `bound_j += scale · g_j`.
    @inline(__always)
    static func accumulateCertificate(
        _ g: UnsafeMutablePointer<Double>, weights: UnsafePointer<Double>, scale: Double,
        mass: UnsafeMutablePointer<Double>, bound: UnsafeMutablePointer<Double>, columns: Int
    ) {
        let gRaw = UnsafeRawPointer(g)
        let wRaw = UnsafeRawPointer(weights)
        let mRaw = UnsafeMutableRawPointer(mass)
        let bRaw = UnsafeMutableRawPointer(bound)
        let s = Vector(repeating: scale)
        var offset = 0
        let stride = MemoryLayout<Vector>.stride
        let end = columns * MemoryLayout<Double>.stride
        while offset < end {
            let term = s * gRaw.loadUnaligned(fromByteOffset: offset, as: Vector.self)
            let w = wRaw.loadUnaligned(fromByteOffset: offset, as: Vector.self)
            mRaw.storeBytes(
                of: mRaw.loadUnaligned(fromByteOffset: offset, as: Vector.self) + w * term,
                toByteOffset: offset, as: Vector.self)
            bRaw.storeBytes(
                of: bRaw.loadUnaligned(fromByteOffset: offset, as: Vector.self) + term,
                toByteOffset: offset, as: Vector.self)
            offset += stride
        }
    }
}
