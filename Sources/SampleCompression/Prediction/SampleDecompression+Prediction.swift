import EntropyCoding
import RDInterchange

/// Decoding of files with closed-loop prediction: every chunk's symbols are turned into values
/// by ``ClosedLoopDecoder`` (prediction restarts at each chunk), then written.
extension SampleDecompression {
    /// One chunk's reconstruction with a concrete predictor.
    private struct ChunkReconstruction: PredictionVisitor {
        let decoder: ClosedLoopDecoder
        let symbols: [UInt32]
        let start: Int
        let escapedValues: [Double]
        let escapeOffset: Int

        func visit<P: NeighbourPrediction>(_ prediction: P) -> (values: [Double], offset: Int)? {
            var offset = escapeOffset
            guard
                let values = decoder.decode(
                    symbols, start: start, predictor: prediction, escapedValues: escapedValues,
                    escapeOffset: &offset)
            else { return nil }
            return (values, offset)
        }
    }

    /// Decodes every chunk of a predicted file; returns the number of coded samples.
    ///
    /// - Throws: ``CompressionError/invalidMetadata(file:reason:)`` when the chunks do not hold
    ///   whole rows or the escape symbols and values disagree, or a container error.
    static func decodePredicted<Source: ByteSource, Sink: ByteSink>(
        reader: inout CompressedFileReader<Source>, writer: inout ReconstructionWriter<Sink>,
        metadata: CompressionMetadata, predictor: Predictor, file: String
    ) throws(CompressionError) -> Int {
        let rowLength = metadata.layout.rowLength
        guard rowLength > 0, reader.header.chunkSize % rowLength == 0 else {
            throw .invalidMetadata(
                file: file,
                reason:
                    "the chunk size \(reader.header.chunkSize) is not a multiple of the row length \(metadata.layout.rowLength)"
            )
        }
        let decoder = ClosedLoopDecoder(
            codewords: metadata.codebook, roundsToFloat32: metadata.layout.valueType == .float32)
        let escapedValues = metadata.escapedValues ?? []
        var escapeOffset = 0
        var decoded = 0
        while true {
            let chunk: [UInt32]?
            do { chunk = try reader.next() } catch { throw .container(file: file, error) }
            guard let chunk else { break }
            let visitor = ChunkReconstruction(
                decoder: decoder, symbols: chunk, start: decoded, escapedValues: escapedValues,
                escapeOffset: escapeOffset)
            guard let (values, offset) = predictor.accept(visitor) else {
                throw .invalidMetadata(
                    file: file,
                    reason: "more escape symbols than the \(escapedValues.count) escaped samples")
            }
            escapeOffset = offset
            try writer.write(values: values, firstSample: decoded)
            decoded += chunk.count
        }
        guard escapeOffset == escapedValues.count else {
            throw .invalidMetadata(
                file: file,
                reason: "fewer escape symbols than the \(escapedValues.count) escaped samples")
        }
        return decoded
    }
}
