/// The Cholesky factor of a symmetric positive definite band matrix, and solves with it.
///
/// The annealer's stage Hessian on a sorted scalar codebook is a band matrix (a row of the
/// encoder reaches only the codewords near its atom), so its factorisation costs O(n·b²) for
/// half-bandwidth b instead of the O(n³) of a dense one. No dependency of the package offers a
/// band factorisation (the solver's dense LU is `solveDenseSystem` in RateDistortion).
struct BandedCholesky {
    let size: Int
    let bandwidth: Int
    /// L[i][i − k] at `factor[i * (bandwidth + 1) + k]`, k = 0…bandwidth.
    private var factor: [Double]

    /// Factors `A + shift·I`, reading the band of the dense row-major `size × size` matrix A
    /// (its lower half).
    /// - Returns: nil if `A + shift·I` is not positive definite to working precision.
    init?(dense matrix: [Double], size n: Int, bandwidth b: Int, shift: Double) {
        precondition(matrix.count >= n * n && b >= 0)
        size = n
        bandwidth = b
        let width = b + 1
        var factor = [Double](repeating: 0, count: n * width)
        for i in 0..<n {
            for j in max(0, i - b)...i {
                var sum = matrix[i * n + j] + (i == j ? shift : 0)
                for k in max(0, i - b)..<j {
                    sum -= factor[i * width + (i - k)] * factor[j * width + (j - k)]
                }
                if i == j {
                    guard sum > 0, sum.isFinite else { return nil }
                    factor[i * width] = sum.squareRoot()
                } else {
                    factor[i * width + (i - j)] = sum / factor[j * width]
                }
            }
        }
        self.factor = factor
    }

    /// x with `(A + shift·I) x = rhs`.
    func solve(_ rhs: [Double]) -> [Double] {
        let n = size
        let b = bandwidth
        let width = b + 1
        var x = rhs
        for i in 0..<n {
            var sum = x[i]
            for k in max(0, i - b)..<i { sum -= factor[i * width + (i - k)] * x[k] }
            x[i] = sum / factor[i * width]
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            var sum = x[i]
            for k in (i + 1)..<min(n, i + b + 1) { sum -= factor[k * width + (k - i)] * x[k] }
            x[i] = sum / factor[i * width]
        }
        return x
    }
}
