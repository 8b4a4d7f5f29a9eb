/// One predictor's inner loop step: the prediction of the next sample of a chunk from the
/// samples reconstructed before it. Implementations keep the position inside the array (column,
/// row) as state, so the loop never divides.
///
/// Samples are visited in the order ``position(_:)`` gives: the array's own order for the
/// predictors that look only backwards, coarse to fine for interpolation. The symbols of a chunk
/// are stored in visiting order.
protocol NeighbourPrediction {
    /// Prepares for a chunk of `count` samples whose first sample has flat index `start` in the
    /// whole array.
    mutating func restart(at start: Int, count: Int)
    /// The index within the chunk of the t-th sample visited.
    func position(_ t: Int) -> Int
    /// The prediction of sample `i` of the chunk (`i` counts from the chunk's start; the next
    /// in visiting order) from the samples visited before it, then advances to the next.
    mutating func next(_ reconstructed: UnsafeMutablePointer<Double>, _ i: Int) -> Double
    /// How much the neighbours of the sample last predicted vary (``ActivityContexts``); 0 for
    /// predictors without such contexts.
    var activity: Double { get }
    /// The factor on the residual codewords for the sample last predicted (``Predictor/levelScales``);
    /// 1 for predictors without level scales.
    var residualScale: Double { get }
}

extension NeighbourPrediction {
    var activity: Double { 0 }
    var residualScale: Double { 1 }

    /// The array's own order.
    @inline(__always)
    func position(_ t: Int) -> Int { t }
}
