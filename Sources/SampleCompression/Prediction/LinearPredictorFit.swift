/// The least-squares linear predictor of order p of a signal, by the autocorrelation method
/// (Levinson–Durbin recursion on the autocorrelations of the mean-removed blocks).
enum LinearPredictorFit {
    /// The coefficients `a_1 … a_p`, or `nil` when the signal has no variance or the recursion
    /// breaks down.
    static func coefficients(
        order p: Int, blocks: [Range<Int>], values: UnsafeBufferPointer<Double>, mean: Double
    ) -> [Double]? {
        var correlation = [Double](repeating: 0, count: p + 1)
        for block in blocks {
            for lag in 0...p where block.count > lag {
                var sum = 0.0
                for i in (block.lowerBound + lag)..<block.upperBound {
                    sum += (values[i] - mean) * (values[i - lag] - mean)
                }
                correlation[lag] += sum
            }
        }
        guard correlation[0] > 0 else { return nil }
        // A hair of white noise keeps the recursion stable on very smooth signals.
        correlation[0] *= 1 + 1e-9
        return levinsonDurbin(correlation, order: p)
    }

    /// Solves the Toeplitz normal equations for the predictor coefficients.
    static func levinsonDurbin(_ r: [Double], order p: Int) -> [Double]? {
        var a = [Double](repeating: 0, count: p + 1)
        var error = r[0]
        for m in 1...p {
            var acc = r[m]
            for k in 1..<m { acc -= a[k] * r[m - k] }
            let reflection = acc / error
            guard reflection.isFinite, abs(reflection) < 1 else { return nil }
            var next = a
            next[m] = reflection
            for k in 1..<m { next[k] = a[k] - reflection * a[m - k] }
            a = next
            error *= 1 - reflection * reflection
            guard error > 0 else { return nil }
        }
        return Array(a[1...])
    }
}
