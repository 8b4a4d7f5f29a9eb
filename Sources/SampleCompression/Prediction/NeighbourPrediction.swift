/// One predictor's inner loop step: the prediction of the next sample of a chunk from the
/// reconstructed values before it. Implementations keep the position inside the array (column,
/// row) as state, so the loop never divides.
protocol NeighbourPrediction {
    /// Prepares for a chunk whose first sample has flat index `start` in the whole array.
    mutating func restart(at start: Int)
    /// The prediction of sample `i` of the chunk (`i` counts from the chunk's start) from
    /// `reconstructed[0 ..< i]`, then advances the position to sample `i + 1`.
    mutating func next(_ reconstructed: UnsafeMutablePointer<Double>, _ i: Int) -> Double
}
