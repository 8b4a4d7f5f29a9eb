import ParallelLoops
import RowKernelLoops

extension RowKernel {
    /// The certificate's column sums `c_j = Σ_i p_i exp(−t_i (d_ij − dmin_i) − log Z̃_i)` for
    /// every codeword j, including those with zero weight (docs/mathematics.md, “The certificate”).
    ///
    /// The lower bound needs `max_j c_j` over *all* codewords, so this pass cannot skip the
    /// dead ones; on a sorted scalar codebook under squared error it skips only terms that are
    /// exactly 0 (`exactColumns(x:slope:minimum:shift:)`). An overflowing term gives `+∞`,
    /// never a rounded-down value.
    /// - Parameters:
    ///   - slopes: `t_i`, n entries.
    ///   - logPartition: `log Z̃_i`, n entries, as a pass computes them (``Pass/logPartition``).
    ///   - probabilities: `p_i`, n entries.
    /// - Returns: m values c_j.
    /// - Complexity: O(n·m·k).
    public func columnBound(slopes: [Double], logPartition: [Double], probabilities: [Double])
        -> [Double]
    {
        let n = field.rows
        let m = field.columns
        let mp = field.paddedColumns
        precondition(slopes.count == n && logPartition.count == n && probabilities.count == n)
        let chunks = Self.chunkCount(rows: n, columns: mp)
        var partial = [Double](repeating: 0, count: chunks * mp)
        partial.withUnsafeMutableBufferPointer { acc in
            ParallelLoop.forEachChunk(chunks, count: n) { chunk, range in
                let d = UnsafeMutablePointer<Double>.allocate(capacity: mp)
                defer { d.deallocate() }
                let column = acc.baseAddress.unsafelyUnwrapped + chunk * mp
                for i in range {
                    guard field.isScalarSquaredError else {
                        field.fillRow(i, into: d)
                        rk_accumulate_bound(
                            d, rowMinima[i], slopes[i], logPartition[i], probabilities[i], column,
                            mp)
                        continue
                    }
                    // Distortions formed in the loop, over the codewords whose term is not
                    // exactly 0 (the same bits as the whole row).
                    let x = field.source[i]
                    let columns = exactColumns(
                        x: x, slope: slopes[i], minimum: rowMinima[i], shift: logPartition[i])
                    let start = columns.lowerBound
                    field.codebook.withUnsafeBufferPointer { y in
                        rk_accumulate_bound_scalar_squared(
                            x, y.baseAddress.unsafelyUnwrapped + start, rowMinima[i], slopes[i],
                            logPartition[i], probabilities[i], column + start, columns.count)
                    }
                }
            }
        }
        var c = [Double](repeating: 0, count: m)
        for chunk in 0..<chunks {
            for j in 0..<m { c[j] += partial[chunk * mp + j] }
        }
        return c
    }
}
