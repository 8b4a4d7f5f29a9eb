#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Solution {
    /// The stochastic encoder `Q_ij = q_j exp(−s_i (d_ij − dmin_i)) / Z̃_i`, row-major n × m.
    /// Only built on request: it is the one O(n·m) array the solver never stores.
    /// - Parameter problem: the problem this solution solves.
    /// - Complexity: O(n·m·k) time and O(n·m) memory.
    public func encoder(for problem: Problem) -> [Double] {
        let field = problem.distortionField()
        let n = field.rows
        let m = field.columns
        let q = certificate.outputProbabilities
        var encoder = [Double](repeating: 0, count: n * m)
        var a = [Double](repeating: 0, count: m)
        for i in 0..<n {
            var least = Double.infinity
            for j in 0..<m { least = min(least, field.value(row: i, column: j)) }
            var top = -Double.infinity
            for j in 0..<m {
                let excess = field.value(row: i, column: j) - least
                a[j] = q[j] > 0 ? log(q[j]) - (excess == 0 ? 0 : rowSlopes[i] * excess) : -.infinity
                top = max(top, a[j])
            }
            var z = 0.0
            for j in 0..<m {
                a[j] = a[j] == -.infinity ? 0 : exp(a[j] - top)
                z += a[j]
            }
            for j in 0..<m { encoder[i * m + j] = a[j] / z }
        }
        return encoder
    }
}

extension DistortionField {
    /// `Σ_i p_i d_ij` for every codeword j: the distortion of sending everything to j.
    /// - Complexity: O(n·m·k).
    public func columnAverages(probabilities p: [Double]) -> [Double] {
        var sums = [Double](repeating: 0, count: columns)
        let buffer = UnsafeMutablePointer<Double>.allocate(capacity: paddedColumns)
        defer { buffer.deallocate() }
        for i in 0..<rows where p[i] > 0 {
            fillRow(i, into: buffer)
            for j in 0..<columns { sums[j] += p[i] * buffer[j] }
        }
        return sums
    }
}
