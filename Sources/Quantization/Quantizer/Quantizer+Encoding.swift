#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Quantizer {
    /// The codeword index the rule picks for one sample.
    /// - Parameters:
    ///   - sample: k coordinates.
    ///   - isImportant: whether the sample must be within the tolerance.
    /// - Returns: the index, or nil if the sample is important and no codeword is within the tolerance.
    /// - Complexity: O(m·k).
    public func encode(_ sample: some Collection<Double>, isImportant: Bool = false) -> Int? {
        let x = Array(sample)
        let limit = isImportant ? (importantTolerance ?? .infinity) : .infinity
        var best = -1
        var bestCost = Double.infinity
        for j in 0..<count {
            var d = 0.0
            for c in 0..<dimension {
                let e = x[c] - codebook[j * dimension + c]
                d += e * e
            }
            d /= Double(dimension)
            guard d <= limit else { continue }
            let cost = -log(probabilities[j]) + slope * d
            if cost < bestCost || (cost == bestCost && best >= 0 && d < distortion(x, best)) {
                bestCost = cost
                best = j
            }
        }
        return best >= 0 ? best : nil
    }

    /// `d(x, y_j)`, squared error per dimension.
    public func distortion(_ x: [Double], _ j: Int) -> Double {
        var d = 0.0
        for c in 0..<dimension {
            let e = x[c] - codebook[j * dimension + c]
            d += e * e
        }
        return d / Double(dimension)
    }
}
