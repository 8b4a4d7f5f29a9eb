#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Quantizer {
    /// The scalar rule whose cells are the given intervals: codeword j serves
    /// `[thresholds[j−1], thresholds[j])` (the rule's boundary between neighbouring codewords is
    /// where their costs `−log q_j + s (x − y_j)²` meet, so with weights chosen cell by cell to
    /// put each meeting point on its threshold the rule reproduces the cells; ties at a threshold
    /// follow ``QuantizerEncoder``).
    /// - Parameters:
    ///   - codewords: increasing, one per cell, each inside its cell.
    ///   - thresholds: increasing, `codewords.count − 1` of them.
    ///   - masses: the cells' shares of the data (positive), anchoring the weights near them.
    ///   - slope: the slope s to try first (halved by 16 while a weight under- or overflows).
    ///   - importantTolerance: D′ or nil.
    /// - Throws: ``QuantizationError`` if the sizes disagree or no slope represents the weights.
    public init(
        intervalCells codewords: [Double], thresholds: [Double], masses: [Double], slope: Double,
        importantTolerance: Double?
    ) throws(QuantizationError) {
        guard !codewords.isEmpty, thresholds.count == codewords.count - 1,
            masses.count == codewords.count,
            masses.allSatisfy({ $0 > 0 })
        else {
            throw .invalidParameter(name: "cells", value: Double(codewords.count))
        }
        var s = slope.isFinite && slope > 0 ? slope : 1
        for _ in 0..<64 {
            if let weights = Self.cellWeights(codewords, thresholds, masses, slope: s) {
                try self.init(
                    dimension: 1, codebook: codewords, probabilities: weights, slope: s,
                    importantTolerance: importantTolerance)
                return
            }
            s /= 16
        }
        throw .invalidParameter(name: "slope", value: s)
    }

    /// `q_j ∝ exp(−a_j)` with `a_{j+1} = a_j + s [(t_j − y_j)² − (t_j − y_{j+1})²]`, anchored to
    /// the masses; nil if a weight underflows or overflows at this slope.
    private static func cellWeights(
        _ codewords: [Double], _ thresholds: [Double], _ masses: [Double],
        slope: Double
    ) -> [Double]? {
        let m = codewords.count
        guard m > 1 else { return [1] }
        var a = [Double](repeating: 0, count: m)
        for j in 0..<(m - 1) {
            let t = thresholds[j]
            let left = t - codewords[j]
            let right = t - codewords[j + 1]
            a[j + 1] = a[j] + slope * (left * left - right * right)
        }
        var offset = 0.0
        for j in 0..<m { offset += masses[j] * (-log(masses[j]) - a[j]) }
        var weights = a.map { exp(-($0 + offset)) }
        let total = weights.reduce(0, +)
        guard total.isFinite, total > 0 else { return nil }
        weights = weights.map { $0 / total }
        guard weights.allSatisfy({ $0 > 0 && $0.isNormal }) else { return nil }
        return weights
    }
}
