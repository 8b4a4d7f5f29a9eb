/// Linear prediction along a 1-D signal: `origin + Σ_k a_k (r[i−k] − origin)`, the terms added
/// in order of k.
struct LinearPrediction: NeighbourPrediction {
    let coefficients: UnsafeBufferPointer<Double>
    let origin: Double

    mutating func restart(at start: Int) {}

    @inline(__always)
    mutating func next(_ r: UnsafeMutablePointer<Double>, _ i: Int) -> Double {
        var sum = 0.0
        let order = coefficients.count
        if i >= order {
            for k in 0..<order { sum += coefficients[k] * (r[i - k - 1] - origin) }
        } else {
            for k in 0..<order where i > k { sum += coefficients[k] * (r[i - k - 1] - origin) }
        }
        return origin + sum
    }
}
