/// A predictor whose predictions are rounded to the data's grid (``Predictor/gridExponent``):
/// the multiples of a power of two `u` that every value of the data is one of — the whole
/// numbers of audio, images and sensor counts.
///
/// With the prediction `p̃` on the grid, every residual `x − p̃` of a value on the grid is a
/// whole multiple of `u`, computed exactly; a quantiser whose codewords are those multiples
/// (``PredictiveDesign/lossless(_:unit:blocks:origin:)``) then reconstructs every value exactly.
/// That is the file to write when the bounds are finer than the grid: a quantiser of step
/// `√(12 D)` or `2E` below `u` spends its codewords between values the data never takes.
///
/// The rounding is `u · round(p / u)`, half to even; both products are exact (powers of two),
/// so the encoder and the decoder get the same bits.
struct GridSnappedPrediction<Base: NeighbourPrediction>: NeighbourPrediction {
    var base: Base
    let unit: Double
    /// `1 / unit`, exact.
    let inverse: Double

    init(_ base: Base, exponent: Int) {
        self.base = base
        unit = Double(sign: .plus, exponent: exponent, significand: 1)
        inverse = Double(sign: .plus, exponent: -exponent, significand: 1)
    }

    mutating func restart(at start: Int, count: Int) { base.restart(at: start, count: count) }

    @inline(__always)
    func position(_ t: Int) -> Int { base.position(t) }

    @inline(__always)
    mutating func next(_ reconstructed: UnsafeMutablePointer<Double>, _ i: Int) -> Double {
        (base.next(reconstructed, i) * inverse).rounded(.toNearestOrEven) * unit
    }

    var activity: Double { base.activity }
    var residualScale: Double { base.residualScale }
}
