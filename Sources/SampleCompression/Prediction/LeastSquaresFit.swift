/// Least-squares coefficients of a linear predictor with arbitrary lags,
/// `x_i − o ≈ Σ_k a_k (y_{i−lag_k} − o)`, over the design blocks: from the data itself
/// (`y = x`, open loop) or from a closed loop's reconstructions (`y` the reconstruction), which
/// shrinks the coefficients against the reconstruction noise the loop feeds back.
enum LeastSquaresFit {
    /// The weight of each term. A quantiser's rate follows `Σ log(r² + D)` more closely than
    /// the squared error: on a seismogram quiet but for an event, the plain fit is drawn to the
    /// event's few large residuals, and the quiet majority, which most of the bits code, gets
    /// the event's coefficients.
    enum Weighting {
        /// Every term alike: plain least squares.
        case none
        /// `1 / (e + floor)`, `e` the mean square of the term's neighbours: every stretch of
        /// the signal counts by its shape, not by its loudness (convex: one solve).
        case localEnergy
        /// `1 / (r² + floor)`, `r` the term's residual under these coefficients: one step of
        /// iteratively reweighted least squares towards the least `Σ log(r² + floor)` (not
        /// convex: it keeps to the minimum nearest its start).
        case residuals([Double])
    }

    /// The coefficients, or `nil` when the normal equations are singular.
    ///
    /// - Parameters:
    ///   - lags: The lags, each at least 1.
    ///   - blocks: The design blocks, as flat ranges of `targets`.
    ///   - targets: The data.
    ///   - neighbours: The values predictions are made from, block after block (block `b`
    ///     starts at `blockStarts[b]`).
    ///   - origin: The value subtracted from both.
    ///   - weighting: How each term is weighted (``Weighting``; by default all alike).
    ///   - floor: The weights' floor, about the design's mean squared error.
    static func coefficients(
        lags: [Int], blocks: [Range<Int>], targets: UnsafeBufferPointer<Double>,
        neighbours: UnsafeBufferPointer<Double>, blockStarts: [Int], origin: Double,
        weighting: Weighting = .none, floor: Double = 0
    ) -> [Double]? {
        let p = lags.count
        let reach = lags.max() ?? 0
        var a = [Double](repeating: 0, count: p * p)
        var b = [Double](repeating: 0, count: p)
        var f = [Double](repeating: 0, count: p)
        // Through raw pointers, with `w·f_k` taken once per row (the product the sums always
        // added, so the figures are the same): the checked loops over the p² terms were most of
        // a design's refits (16 lags, 32,768 values, a dozen fits).
        a.withUnsafeMutableBufferPointer { a in
            b.withUnsafeMutableBufferPointer { b in
                f.withUnsafeMutableBufferPointer { f in
                    for (block, base) in zip(blocks, blockStarts) where block.count > reach {
                        for offset in reach..<block.count {
                            for k in 0..<p { f[k] = neighbours[base + offset - lags[k]] - origin }
                            let t = targets[block.lowerBound + offset] - origin
                            let w = Self.weight(weighting, f, t, floor: floor)
                            for k in 0..<p {
                                let weighted = w * f[k]
                                b[k] += weighted * t
                                let row = a.baseAddress.unsafelyUnwrapped + k &* p
                                for l in 0..<p { row[l] += weighted * f[l] }
                            }
                        }
                    }
                }
            }
        }
        return solve(a, b, size: p)
    }

    /// The weight of the term with neighbours `f` and target `t` (``Weighting``).
    @inline(__always)
    private static func weight(
        _ weighting: Weighting, _ f: UnsafeMutableBufferPointer<Double>, _ t: Double,
        floor: Double
    ) -> Double {
        switch weighting {
        case .none:
            return 1
        case .localEnergy:
            var energy = 0.0
            for k in f.indices { energy += f[k] * f[k] }
            return 1 / (energy / Double(f.count) + floor)
        case .residuals(let current):
            var r = t
            for k in f.indices { r -= current[k] * f[k] }
            return 1 / (r * r + floor)
        }
    }

    /// Solves `A x = b` (A symmetric, p × p) by Gaussian elimination with partial pivoting,
    /// after a hair of ridge for stability.
    static func solve(_ matrix: [Double], _ vector: [Double], size p: Int) -> [Double]? {
        var a = matrix
        var b = vector
        var trace = 0.0
        for k in 0..<p { trace += a[k * p + k] }
        guard trace > 0, trace.isFinite else { return nil }
        for k in 0..<p { a[k * p + k] += 1e-9 * trace / Double(p) }
        for column in 0..<p {
            let pivot =
                (column..<p).max { abs(a[$0 * p + column]) < abs(a[$1 * p + column]) } ?? column
            guard a[pivot * p + column] != 0 else { return nil }
            if pivot != column {
                for l in 0..<p { a.swapAt(column * p + l, pivot * p + l) }
                b.swapAt(column, pivot)
            }
            for row in (column + 1)..<p {
                let factor = a[row * p + column] / a[column * p + column]
                for l in column..<p { a[row * p + l] -= factor * a[column * p + l] }
                b[row] -= factor * b[column]
            }
        }
        var x = [Double](repeating: 0, count: p)
        for row in stride(from: p - 1, through: 0, by: -1) {
            var sum = b[row]
            for l in (row + 1)..<p { sum -= a[row * p + l] * x[l] }
            x[row] = sum / a[row * p + row]
        }
        return x.allSatisfy(\.isFinite) ? x : nil
    }
}
