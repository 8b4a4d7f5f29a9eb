import ParallelLoops
import RowKernelLoops

extension RowKernel {
    /// The certificate's column sums `c_j = Σ_i p_i exp(−t_i (d_ij − dmin_i) − log Z̃_i)` for
    /// every codeword j, including those with zero weight (docs/mathematics.md, “The certificate”).
    ///
    /// The lower bound needs `max_j c_j` over *all* codewords, so this pass cannot skip the
    /// dead ones. An overflowing term gives `+∞`, never a rounded-down value.
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
                    field.fillRow(i, into: d)
                    rk_accumulate_bound(
                        d, rowMinima[i], slopes[i], logPartition[i], probabilities[i], column, mp)
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
