/// Runs ``ClosedLoopEncoder`` on one chunk with a concrete predictor.
struct ChunkEncoding: PredictionVisitor {
    let encoder: ClosedLoopEncoder
    let chunk: ClosedLoopEncoder.ChunkBuffers

    func visit<P: NeighbourPrediction>(_ prediction: P) -> ClosedLoopEncoder.Chunk {
        encoder.encode(chunk, predictor: prediction)
    }
}

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
