import EntropyCoding
import ParallelLoops
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

    /// Decodes every chunk of a predicted file, a batch of chunks at a time reconstructed on
    /// all cores (chunks restart prediction, so they are independent once each knows where its
    /// escaped values begin); returns the number of coded samples.
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
        let escape = UInt32(metadata.codebook.count)
        var escapeOffset = 0
        var decoded = 0
        var batch: [[UInt32]] = []
        var finished = false
        while !finished {
            do {
                if let chunk = try reader.next() { batch.append(chunk) } else { finished = true }
            } catch { throw .container(file: file, error) }
            guard batch.count == ParallelLoop.activeCores || (finished && !batch.isEmpty) else {
                continue
            }
            // Where each chunk starts, in the samples and in the escaped values.
            var starts: [(sample: Int, escape: Int)] = []
            for chunk in batch {
                starts.append((decoded, escapeOffset))
                decoded += chunk.count
                escapeOffset += chunk.reduce(0) { $0 + ($1 == escape ? 1 : 0) }
            }
            guard escapeOffset <= escapedValues.count else {
                throw .invalidMetadata(
                    file: file,
                    reason: "more escape symbols than the \(escapedValues.count) escaped samples")
            }
            let chunks = batch
            let reconstructions = ParallelLoop.map(chunks.count) { k in
                predictor.accept(
                    ChunkReconstruction(
                        decoder: decoder, symbols: chunks[k], start: starts[k].sample,
                        escapedValues: escapedValues, escapeOffset: starts[k].escape))
            }
            for (k, reconstruction) in reconstructions.enumerated() {
                // Escapes were counted beforehand, so every chunk finds its values.
                guard let (values, _) = reconstruction else {
                    throw .invalidMetadata(file: file, reason: "a chunk ran out of escaped values")
                }
                try writer.write(values: values, firstSample: starts[k].sample)
            }
            batch.removeAll(keepingCapacity: true)
        }
        guard escapeOffset == escapedValues.count else {
            throw .invalidMetadata(
                file: file,
                reason: "fewer escape symbols than the \(escapedValues.count) escaped samples")
        }
        return decoded
    }
}
