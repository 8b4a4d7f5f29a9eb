/// Lorenzo prediction of order 0 to 3 along a 1-D signal: the polynomial of that degree less one
/// through the previous samples, extrapolated one step (order 0: the origin).
struct LorenzoPrediction1D: NeighbourPrediction {
    let order: Int
    let origin: Double

    mutating func restart(at start: Int, count: Int) {}

    @inline(__always)
    private func value(_ r: UnsafeMutablePointer<Double>, _ i: Int, lag: Int) -> Double {
        i >= lag ? r[i - lag] : origin
    }

    @inline(__always)
    mutating func next(_ r: UnsafeMutablePointer<Double>, _ i: Int) -> Double {
        switch order {
        case 0: return origin
        case 1: return value(r, i, lag: 1)
        case 2: return 2 * value(r, i, lag: 1) - value(r, i, lag: 2)
        default:
            let first = 3 * value(r, i, lag: 1) - 3 * value(r, i, lag: 2)
            return first + value(r, i, lag: 3)
        }
    }
}
