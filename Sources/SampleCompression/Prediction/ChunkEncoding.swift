/// Runs ``ClosedLoopEncoder`` on one chunk with a concrete predictor.
struct ChunkEncoding: PredictionVisitor {
    let encoder: ClosedLoopEncoder
    let chunk: ClosedLoopEncoder.ChunkBuffers

    func visit<P: NeighbourPrediction>(_ prediction: P) -> ClosedLoopEncoder.Chunk {
        encoder.encode(chunk, predictor: prediction)
    }
}
