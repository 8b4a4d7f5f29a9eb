#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Quantizer {
    /// The codeword index the rule picks for one sample (``QuantizerEncoder``'s rule and ties).
    /// - Parameters:
    ///   - sample: k coordinates.
    ///   - isImportant: whether the sample must be within the tolerance.
    /// - Returns: the index, or nil if the sample is important and no codeword is within the tolerance.
    /// - Complexity: O(m·k); encode many samples with ``encode(contentsOf:isImportant:)``.
    public func encode(_ sample: some Collection<Double>, isImportant: Bool = false) -> Int? {
        let x = Array(sample)
        precondition(x.count == dimension, "the sample has the wrong dimension")
        let limit = isImportant ? (importantTolerance ?? .infinity) : .infinity
        return x.withUnsafeBufferPointer {
            QuantizerEncoder.scan($0, quantizer: self, penalties: penalties, limit: limit)
        }
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
