/// The coarsest grid of a power of two that every value of the data lies on: `u = 2^e` with
/// every value a whole multiple of `u` — 1 for the whole numbers of audio, images and sensor
/// counts, 1/256 for fixed-point data with eight fractional bits.
///
/// Under bounds finer than the grid, ``GridSnappedPrediction`` and a quantiser of its
/// multiples code such data without loss, in fewer bits than any quantiser of a finer step.
enum DataGrid {
    /// The exponent `e` of the largest `u = 2^e` of which every value in `ranges` of `values`
    /// is a whole multiple, with every value's magnitude below `2^53·u` (so that differences of
    /// such values are exact); nil when there is no such grid: every value 0, or values whose
    /// magnitudes span more than 53 binary digits of the grid.
    /// - Complexity: O(values in `ranges`).
    static func exponent(of values: UnsafeBufferPointer<Double>, in ranges: [Range<Int>]) -> Int? {
        var lowest = Int.max
        var highest = Int.min
        for range in ranges {
            for i in range {
                let x = values[i]
                guard x != 0 else { continue }
                guard x.isFinite else { return nil }
                lowest = min(lowest, lowestBitExponent(x))
                highest = max(highest, Int(x.exponent))
            }
        }
        guard lowest != .max, highest - lowest < Double.significandBitCount + 1 else {
            return nil
        }
        return lowest
    }

    /// The exponent of the least significant set bit of finite nonzero `x`: `x` is an odd
    /// multiple of `2^result`.
    @inline(__always)
    static func lowestBitExponent(_ x: Double) -> Int {
        let fraction = x.significandBitPattern
        let biased = Int(x.exponentBitPattern)
        // Normal: (2^52 + fraction)·2^(biased − 1075); subnormal: fraction·2^−1074.
        let significand = biased == 0 ? fraction : fraction | (1 << 52)
        return max(biased, 1) - 1075 + significand.trailingZeroBitCount
    }

    /// The grid exponents a file may name (``Predictor/gridExponent``): their units and the
    /// units' inverses are normal doubles.
    static let exponents = -1022...1023
}
