/// Runs ``ClosedLoopEncoder`` on one chunk with a concrete predictor.
struct ChunkEncoding: PredictionVisitor {
    let encoder: ClosedLoopEncoder
    let values: UnsafeBufferPointer<Double>
    let importance: UnsafeBufferPointer<Bool>?
    /// The flat index of the chunk's first sample.
    let start: Int
    /// Receives the chunk's symbols.
    let symbols: UnsafeMutablePointer<UInt32>
    /// Receives the residuals, when given.
    let residuals: UnsafeMutablePointer<Double>?
    /// Receives the reconstructions, when given.
    var reconstructions: UnsafeMutablePointer<Double>? = nil
    /// Receives the activities in visiting order, when given.
    var activities: UnsafeMutablePointer<Float>? = nil

    func visit<P: NeighbourPrediction>(_ prediction: P) -> ClosedLoopEncoder.Chunk {
        encoder.encode(
            values, importance: importance, start: start, predictor: prediction,
            symbols: symbols, residuals: residuals, reconstructions: reconstructions,
            activities: activities)
    }
}
