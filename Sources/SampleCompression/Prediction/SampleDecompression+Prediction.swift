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
        let order: SymbolOrder
        let start: Int
        let escapes: ResidualEscapes
        let position: EscapePosition

        func visit<P: NeighbourPrediction>(_ prediction: P) -> [Double]? {
            var next = position
            return decoder.decode(
                symbols, start: start, predictor: prediction, order: order, escapes: escapes,
                position: &next)
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
        var predictor = predictor
        predictor.activityRow = ActivityContexts.row(extents: metadata.layout.fieldExtents)
        let rowLength = metadata.layout.rowLength
        guard rowLength > 0, reader.header.chunkSize % rowLength == 0 else {
            throw .invalidMetadata(
                file: file,
                reason:
                    "the chunk size \(reader.header.chunkSize) is not a multiple of the row length \(metadata.layout.rowLength)"
            )
        }
        // On a scaled grid the loop runs on the values times the divisor, unrounded; the
        // division (and a float32 file's rounding) comes after.
        let decoder = ClosedLoopDecoder(
            codewords: metadata.codebook,
            roundsToFloat32: metadata.layout.valueType == .float32 && predictor.gridDivisor == nil)
        let escapes =
            metadata.residualEscapes ?? ResidualEscapes(exactValues: metadata.escapedValues ?? [])
        let escape = UInt32(metadata.codebook.count)
        var position = EscapePosition()
        let orders = try SymbolOrders(
            metadata: metadata, predictor: predictor, tableCount: reader.header.tables.count,
            file: file)
        var decoded = 0
        var batch: [DecodedChunk] = []
        var finished = false
        while !finished {
            do {
                if let chunk = try reader.nextSegmentedChunk() {
                    batch.append(chunk)
                } else {
                    finished = true
                }
            } catch { throw .container(file: file, error) }
            guard batch.count == ParallelLoop.activeCores || (finished && !batch.isEmpty) else {
                continue
            }
            let starts = try chunkStarts(
                batch, decoded: &decoded, position: &position, escapes: escapes,
                escapeSymbol: escape, file: file)
            try reconstruct(
                batch, starts: starts, orders: orders, predictor: predictor, decoder: decoder,
                escapes: escapes, float32: metadata.layout.valueType == .float32, into: &writer,
                file: file)
            batch.removeAll(keepingCapacity: true)
        }
        guard position.escape == escapes.count else {
            throw .invalidMetadata(
                file: file,
                reason: "fewer escape symbols than the \(escapes.count) escaped samples")
        }
        return decoded
    }

    /// Where each chunk of `batch` starts, in the samples and in the escaped values; moves
    /// `decoded` and `position` past the batch.
    private static func chunkStarts(
        _ batch: [DecodedChunk], decoded: inout Int, position: inout EscapePosition,
        escapes: ResidualEscapes, escapeSymbol: UInt32, file: String
    ) throws(CompressionError) -> [(sample: Int, escape: EscapePosition)] {
        var starts: [(sample: Int, escape: EscapePosition)] = []
        for chunk in batch {
            starts.append((decoded, position))
            decoded += chunk.symbols.count
            let used = chunk.symbols.reduce(0) { $0 &+ ($1 == escapeSymbol ? 1 : 0) }
            guard let next = escapes.advancing(position, by: used) else {
                throw .invalidMetadata(
                    file: file,
                    reason: "more escape symbols than the \(escapes.count) escaped samples")
            }
            position = next
        }
        return starts
    }

    /// Reconstructs the chunks of a batch on all cores and writes them in order.
    private static func reconstruct<Sink: ByteSink>(
        _ chunks: [DecodedChunk], starts: [(sample: Int, escape: EscapePosition)],
        orders: SymbolOrders, predictor: Predictor, decoder: ClosedLoopDecoder,
        escapes: ResidualEscapes, float32: Bool, into writer: inout ReconstructionWriter<Sink>,
        file: String
    ) throws(CompressionError) {
        let chunkOrders = chunks.map { orders.order(for: $0) }
        let reconstructions = ParallelLoop.map(chunks.count) { k in
            predictor.accept(
                ChunkReconstruction(
                    decoder: decoder, symbols: chunks[k].symbols, order: chunkOrders[k],
                    start: starts[k].sample, escapes: escapes, position: starts[k].escape),
                activity: orders.contexts != nil)
        }
        for (k, reconstruction) in reconstructions.enumerated() {
            // Escapes were counted beforehand, so every chunk finds its values.
            guard let values = reconstruction else {
                throw .invalidMetadata(
                    file: file,
                    reason: "a chunk ran out of escaped values or of symbols in a segment")
            }
            let output = Self.divided(
                values, by: predictor.gridDivisor, predictor.gridDivision, float32: float32)
            // rdopt writes only finite reconstructions (its data is finite and every one meets
            // the bounds); a forged predictor or codebook can overflow, also in the division
            // and the rounding to float32 that come last (x·0 is NaN only for ±∞ and NaN, and
            // the sum vectorises).
            if !output.reduce(0, { $0 + $1 * 0 }).isFinite,
                let bad = output.firstIndex(where: { !$0.isFinite })
            {
                throw .invalidMetadata(
                    file: file,
                    reason:
                        "value \(starts[k].sample + bad) reconstructs to \(output[bad]): the predictor or the codebook is not one rdopt writes"
                )
            }
            try writer.write(values: output, firstSample: starts[k].sample)
        }
    }
}

extension SampleDecompression {
    /// A chunk's reconstructions on a scaled grid divided by its divisor as `division` says
    /// (rounded as an IEEE double, then to a float for float32 data), or `values` as they are
    /// without one.
    static func divided(
        _ values: [Double], by divisor: Int?, _ division: ScaledGrid.Division, float32: Bool
    ) -> [Double] {
        guard let divisor else { return values }
        let q = Double(divisor)
        return values.map { k in
            let y = division.value(k, q)
            return float32 ? Double(Float(y)) : y
        }
    }
}

/// The symbol order of every chunk of a predicted file: visiting order, or segments by activity
/// (``SymbolOrder``), the level cuts computed once per chunk size.
private struct SymbolOrders {
    let contexts: ActivityContexts?
    let order: ((Int) -> InterpolationOrder)?
    private let cache = CutCache()

    /// - Throws: ``CompressionError/invalidMetadata(file:reason:)`` when the contexts' segments
    ///   and the file's tables disagree.
    init(metadata: CompressionMetadata, predictor: Predictor, tableCount: Int, file: String)
        throws(CompressionError)
    {
        contexts = metadata.activityContexts
        order = ActivityContexts.order(for: predictor)
        if let contexts, contexts.segmentCount != tableCount {
            throw .invalidMetadata(
                file: file,
                reason:
                    "activity contexts of \(contexts.segmentCount) segments in a file of \(tableCount) tables"
            )
        }
    }

    func order(for chunk: DecodedChunk) -> SymbolOrder {
        guard let contexts, let order else { return .visiting }
        let count = chunk.symbols.count
        return SymbolOrder(
            contexts: contexts,
            cuts: cache.cuts(count) { ActivityContexts.cuts(order($0), count: $0) },
            visits: contexts.zeroSymbol == nil ? nil : order(count),
            segments: chunk.segments)
    }
}

/// Level cuts by chunk size (a file has at most two sizes).
private final class CutCache {
    private var cuts: [Int: [Int]] = [:]

    func cuts(_ count: Int, _ make: (Int) -> [Int]) -> [Int] {
        if let known = cuts[count] { return known }
        let made = make(count)
        cuts[count] = made
        return made
    }
}
