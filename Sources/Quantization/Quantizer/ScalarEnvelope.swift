#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A scalar rule's cells for unimportant samples, as intervals (for measuring a rule from
/// prefix sums, not for encoding: ``QuantizerEncoder`` encodes). The cells are the lower
/// envelope of the lines `c_j(x) = a_j − b_j x` with `a_j = −log q_j + s y_j²`, `b_j = 2 s y_j`
/// (the rule's cost minus `s x²`): codewords in increasing order of `y_j` and the breakpoints
/// between consecutive envelope pieces.
struct ScalarEnvelope: Sendable {
    /// Codeword index of each envelope piece, in increasing order of value.
    let pieces: [Int]
    /// `breaks[t]`: the x where piece t+1 takes over from piece t.
    let breaks: [Double]
    let intercepts: [Double]
    let gradients: [Double]

    init(_ rule: Quantizer) {
        let m = rule.count
        let s = rule.slope
        var a = [Double](repeating: 0, count: m)
        var b = a
        for j in 0..<m {
            let y: Double = rule.codebook[j]
            let information: Double = -log(rule.probabilities[j])
            a[j] = information + s * y * y
            b[j] = 2 * s * y
        }
        // Increasing gradient b; for equal gradients keep the lowest intercept (then lowest index).
        let order = (0..<m).sorted { (j: Int, l: Int) -> Bool in
            if b[j] != b[l] { return b[j] < b[l] }
            if a[j] != a[l] { return a[j] < a[l] }
            return j < l
        }
        var hull: [Int] = []
        var cuts: [Double] = []
        func crossing(_ j: Int, _ k: Int) -> Double { (a[k] - a[j]) / (b[k] - b[j]) }
        for j in order {
            if let last = hull.last, b[last] == b[j] { continue }
            while let last = hull.last {
                let x = crossing(last, j)
                if let cut = cuts.last, x <= cut {
                    hull.removeLast()
                    cuts.removeLast()
                } else {
                    cuts.append(x)
                    break
                }
            }
            if hull.isEmpty { cuts.removeAll() }
            hull.append(j)
        }
        pieces = hull
        breaks = cuts
        intercepts = a
        gradients = b
    }

    /// The envelope piece at x, checked against its neighbours (lowest index on a tie).
    func index(for x: Double) -> Int {
        var low = 0
        var high = breaks.count
        while low < high {
            let mid = (low + high) / 2
            if breaks[mid] < x { low = mid + 1 } else { high = mid }
        }
        var best = pieces[low]
        var bestCost = intercepts[best] - gradients[best] * x
        for t in [low - 1, low + 1] where t >= 0 && t < pieces.count {
            let j = pieces[t]
            let cost = intercepts[j] - gradients[j] * x
            if cost < bestCost || (cost == bestCost && j < best) {
                best = j
                bestCost = cost
            }
        }
        return best
    }
}
