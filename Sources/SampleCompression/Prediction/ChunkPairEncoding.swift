/// Runs ``ClosedLoopEncoder`` on two chunks at once (``ClosedLoopEncoder/encode(_:_:predictor:)``)
/// with a concrete predictor.
struct ChunkPairEncoding: PredictionVisitor {
    let encoder: ClosedLoopEncoder
    let first: ClosedLoopEncoder.ChunkBuffers
    let second: ClosedLoopEncoder.ChunkBuffers

    func visit<P: NeighbourPrediction>(_ prediction: P) -> [ClosedLoopEncoder.Chunk] {
        let (a, b) = encoder.encode(first, second, predictor: prediction)
        return [a, b]
    }
}
