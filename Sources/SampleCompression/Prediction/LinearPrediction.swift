/// Linear prediction: `origin + Σ_k a_k (r[i−lag_k] − origin)`, the terms added in order of k
/// from 0; a term whose neighbour lies before the chunk adds nothing (it counts as the origin).
struct LinearPrediction: NeighbourPrediction {
    let coefficients: UnsafeBufferPointer<Double>
    let lags: UnsafeBufferPointer<Int>
    /// The largest lag.
    let reach: Int
    let origin: Double

    mutating func restart(at start: Int, count: Int) {}

    @inline(__always)
    mutating func next(_ r: UnsafeMutablePointer<Double>, _ i: Int) -> Double {
        var sum = 0.0
        let order = coefficients.count
        if i >= reach {
            for k in 0..<order { sum += coefficients[k] * (r[i - lags[k]] - origin) }
        } else {
            for k in 0..<order where i >= lags[k] {
                sum += coefficients[k] * (r[i - lags[k]] - origin)
            }
        }
        return origin + sum
    }
}
