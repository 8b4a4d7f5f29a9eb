/// Codes one chunk of samples with closed-loop prediction: each sample is predicted from the
/// reconstruction of the samples before it in the chunk, the residual is quantised, and the
/// reconstruction is the prediction plus the codeword — exactly what the decoder computes. So
/// the reconstruction error is the residual's quantisation error, and every bound is checked
/// on the reconstruction itself: a sample whose cell's codeword misses its bound tries the
/// neighbouring codewords, and with none within the bound it is escaped (``ResidualEscapes``:
/// a point of a fine grid around its prediction, or its exact value).
struct ClosedLoopEncoder: Equatable {
    let quantizer: ResidualQuantizer
    /// The bound on every sample's absolute error (∞ without one).
    let maximumError: Double
    /// The bound on an important sample's squared error (∞ without one).
    let importantTolerance: Double
    /// Whether reconstructions are rounded to float32 (float32 data).
    let roundsToFloat32: Bool
    /// The data's grid when the predictions are rounded to it (``GridSnappedPrediction``): the
    /// escapes' grid is then the data's, so that an escaped value is reconstructed exactly.
    var gridUnit: Double? = nil

    /// The symbol of an escaped sample, one past the codewords.
    var escapeSymbol: UInt32 { UInt32(quantizer.count) }

    /// What one chunk gave.
    struct Chunk {
        /// How often each symbol occurs; the last entry counts escapes.
        var counts: [UInt64]
        /// The escaped samples, in order.
        var escapes: ResidualEscapes
        var squaredErrorSum = 0.0
        var maximumAbsoluteError = 0.0
        var importantCount = 0
        var importantMaximumSquaredError = 0.0
    }

    /// The reconstruction of sample `x` from prediction `p` and codeword `y`, as the decoder
    /// computes it.
    @inline(__always)
    static func reconstruction(_ p: Double, _ y: Double, float32: Bool) -> Double {
        let value = p + y
        return float32 ? Double(Float(value)) : value
    }

    /// The step of the escapes' grid (0: escapes are stored exactly).
    var escapeStep: Double {
        gridUnit
            ?? ResidualEscapes.step(
                maximumError: maximumError, importantTolerance: importantTolerance)
    }

    /// An escaped sample `x` predicted as `p`: the nearest point `p + k·step` of the escapes'
    /// grid when it meets the bounds, else ``ResidualEscapes/exact`` and `x` itself.
    func escape(_ x: Double, prediction p: Double, important: Bool, step: Double) -> (
        multiple: Int64, reconstruction: Double
    ) {
        let k = ((x - p) / step).rounded()
        let limit = Double(ResidualEscapes.largestMultiple)
        guard step > 0, abs(k) <= limit else { return (ResidualEscapes.exact, x) }
        let multiple = Int64(k)
        let y = ResidualEscapes.reconstruction(
            p, multiple: multiple, step: step, float32: roundsToFloat32)
        return accepts(x, y, important: important) ? (multiple, y) : (ResidualEscapes.exact, x)
    }

    /// Whether `reconstruction` meets the bounds of `x`.
    @inline(__always)
    private func accepts(_ x: Double, _ reconstruction: Double, important: Bool) -> Bool {
        let error = x - reconstruction
        return abs(error) <= maximumError && (!important || error * error <= importantTolerance)
    }

    /// The symbol for `x` predicted as `p`, the codewords scaled by `scale` (its level's,
    /// ``Predictor/levelScales``): its cell's codeword, else the nearer neighbour of it that
    /// meets the bounds, else the escape; and the reconstruction.
    @inline(__always)
    func symbol(
        for x: Double, prediction p: Double, scale: Double, important: Bool,
        codewords: UnsafeBufferPointer<Double>, grid: CellGrid.Table
    ) -> (UInt32, Double) {
        // Dividing by 1 would lengthen the loop's dependency chain for nothing.
        let residual = scale == 1 ? x - p : (x - p) / scale
        let j = grid.cell(of: residual)
        let codeword = scale == 1 ? codewords[j] : codewords[j] * scale
        let y = Self.reconstruction(p, codeword, float32: roundsToFloat32)
        if accepts(x, y, important: important) { return (UInt32(j), y) }
        let below = j - 1
        let above = j + 1
        // The nearer neighbour first (no array of the two: this runs for every sample whose
        // cell misses a bound, and with an important subset that can be most of them).
        let aboveFirst =
            above < codewords.count
            && (below < 0 || abs(codewords[above] - residual) < abs(codewords[below] - residual))
        let (first, second) = aboveFirst ? (above, below) : (below, above)
        for candidate in CollectionOfTwo(first, second)
        where candidate >= 0 && candidate < codewords.count {
            let value = Self.reconstruction(
                p, codewords[candidate] * scale, float32: roundsToFloat32)
            if accepts(x, value, important: important) { return (UInt32(candidate), value) }
        }
        return (UInt32(codewords.count), x)
    }
}

/// Two values to iterate without allocating an array.
private struct CollectionOfTwo: Sequence, IteratorProtocol {
    private var values: (Int, Int)
    private var taken = 0

    init(_ first: Int, _ second: Int) { values = (first, second) }

    mutating func next() -> Int? {
        defer { taken += 1 }
        switch taken {
        case 0: return values.0
        case 1: return values.1
        default: return nil
        }
    }
}
