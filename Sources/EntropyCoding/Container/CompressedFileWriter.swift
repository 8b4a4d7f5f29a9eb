import Foundation

/// Writes symbol indices to a `.rdq` compressed file, streaming, in chunks coded in parallel.
///
/// The header (metadata, table, sample count, chunk size) is written at once; symbols are
/// then accepted in pieces of any length. Every full chunk is rANS-coded as soon as it is
/// complete, a batch of chunks at a time on all cores (`ParallelLoop.map`),
/// and written to the sink in order. At most one partial chunk is held back, so memory
/// stays bounded by a few batches of chunks whatever the file size.
///
/// ```swift
/// let table = try FrequencyTable(counts: FrequencyTable.histogram(of: symbols, alphabetSize: m))
/// var writer = try CompressedFileWriter(
///     sink: MemoryByteSink(), table: table, metadata: json, sampleCount: UInt64(symbols.count))
/// try writer.write(symbols)
/// let bytes = try writer.finish().bytes
/// ```
///
/// Errors leave the sink holding a partial file; write through ``AtomicFileWriter`` so that
/// nothing is left behind.
public struct CompressedFileWriter<Sink: ByteSink> {
    /// The header written at the start of the file.
    public let header: CompressedFileHeader
    private var sink: Sink
    private let model: ChunkModel
    /// The segments' sample counts of chunk k of n samples (version 3 files).
    private let segmentation: (@Sendable (_ chunk: UInt64, _ count: Int) -> [Int])?
    /// Accepted symbols that do not yet fill a chunk (fewer than `chunkSize`).
    private var pending: [UInt32] = []
    /// The number of symbols accepted so far.
    public private(set) var writtenSampleCount: UInt64 = 0
    /// The index of the next chunk to write.
    private var nextChunk: UInt64 = 0
    /// How many chunks are coded in parallel.
    private let batchSize: Int

    /// Starts a file: writes its header to `sink`.
    ///
    /// - Parameters:
    ///   - sink: Where the file goes.
    ///   - table: The model; every symbol written must have a non-zero frequency in it.
    ///   - metadata: Opaque bytes stored in the header (e.g. the quantiser as JSON).
    ///   - sampleCount: Exactly how many symbols will be written.
    ///   - chunkSize: Symbols per chunk, in ``CompressedFileFormat/chunkSizeRange``.
    /// - Throws: ``EntropyCodingError/metadataTooLarge(byteCount:maximum:)``,
    ///   ``EntropyCodingError/invalidChunkSize(_:allowed:)``, or what the sink throws.
    /// - Complexity: O(a + n + 2^P) for a metadata bytes and a table of n symbols and
    ///   precision `P` (the coder's tables).
    public init(
        sink: Sink, table: FrequencyTable, metadata: [UInt8] = [], sampleCount: UInt64,
        chunkSize: Int = CompressedFileFormat.defaultChunkSize
    ) throws(EntropyCodingError) {
        try self.init(
            sink: sink, tables: [table], metadata: metadata, sampleCount: sampleCount,
            chunkSize: chunkSize, segmentation: nil)
    }

    /// Starts a file whose chunks are coded in segments, segment k with `tables[k]` (format
    /// version 3; with one table, the file of ``init(sink:table:metadata:sampleCount:chunkSize:)``).
    ///
    /// - Parameters:
    ///   - sink: Where the file goes.
    ///   - tables: 1 … ``CompressedFileFormat/maximumTableCount`` tables of one alphabet size.
    ///   - metadata: Opaque bytes stored in the header (e.g. the quantiser as JSON).
    ///   - sampleCount: Exactly how many symbols will be written.
    ///   - chunkSize: Symbols per chunk, in ``CompressedFileFormat/chunkSizeRange``.
    ///   - segmentation: For chunk k of n samples, the segments' sample counts, one per table,
    ///     adding up to n (ignored with one table; nil puts every sample in the first). Every
    ///     symbol must have a non-zero frequency in its segment's table; this is checked when
    ///     its chunk is coded.
    ///   - compact: Whether to write format version 5, whose streams of fewer than
    ///     ``CompressedFileFormat/singleStateLimit(sampleCount:)`` symbols take one rANS state (8 bytes
    ///     instead of 64; for small files), a chunk's short segments all one stream.
    /// - Throws: As ``init(sink:table:metadata:sampleCount:chunkSize:)``, and
    ///   ``EntropyCodingError/invalidField(_:value:expected:)`` for bad tables.
    public init(
        sink: Sink, tables: [FrequencyTable], metadata: [UInt8] = [], sampleCount: UInt64,
        chunkSize: Int = CompressedFileFormat.defaultChunkSize,
        segmentation: (@Sendable (_ chunk: UInt64, _ count: Int) -> [Int])?,
        compact: Bool = false
    ) throws(EntropyCodingError) {
        try self.init(
            sink: sink,
            header: CompressedFileHeader(
                metadata: metadata, tables: tables, sampleCount: sampleCount,
                chunkSize: chunkSize, compact: compact),
            segmentation: segmentation)
    }

    /// A writer of the file `header` describes (tests write older compact versions with it).
    init(
        sink: Sink, header: CompressedFileHeader,
        segmentation: (@Sendable (_ chunk: UInt64, _ count: Int) -> [Int])?
    ) throws(EntropyCodingError) {
        let tables = header.tables
        self.header = header
        self.sink = sink
        model = header.chunkModel(encoding: true)
        let rest = [Int](repeating: 0, count: tables.count - 1)
        self.segmentation = tables.count > 1 ? segmentation ?? { _, count in [count] + rest } : nil
        batchSize = max(1, min(16, 2 * ProcessInfo.processInfo.activeProcessorCount))
        try self.sink.write(header.bytes)
    }

    /// Appends symbols to the file, coding every chunk they complete.
    ///
    /// - Parameter symbols: The next symbols, in order.
    /// - Throws: ``EntropyCodingError/sampleCountMismatch(declared:written:)`` if they go
    ///   beyond the announced count; ``EntropyCodingError/symbolOutOfRange(symbol:alphabetSize:position:)``
    ///   or ``EntropyCodingError/symbolHasZeroFrequency(symbol:position:)`` for a symbol the
    ///   table cannot code, or what the sink throws. Symbols are checked while their chunk is
    ///   coded, and those held back for a later chunk before the call returns; when one is
    ///   refused, the chunks this call completed in earlier batches (of `2 × cores` chunks)
    ///   may already be in the sink.
    /// - Complexity: O(n) for n symbols, spread over the cores.
    public mutating func write(_ symbols: UnsafeBufferPointer<UInt32>) throws(EntropyCodingError) {
        let declared = header.sampleCount
        guard UInt64(symbols.count) <= declared - writtenSampleCount else {
            throw .sampleCountMismatch(
                declared: declared, written: writtenSampleCount + UInt64(symbols.count))
        }
        // Symbols that will wait for a later chunk are checked now, before anything changes.
        let chunkSize = header.chunkSize
        let toFill = pending.isEmpty ? 0 : min(chunkSize - pending.count, symbols.count)
        let completesPending = pending.isEmpty || pending.count + toFill == chunkSize
        let heldBack = completesPending ? (symbols.count - toFill) % chunkSize : symbols.count
        try validateHeldBack(
            symbols[(symbols.count - heldBack)...],
            firstPosition: writtenSampleCount + UInt64(symbols.count - heldBack))
        writtenSampleCount += UInt64(symbols.count)
        var rest = symbols[...]
        if !pending.isEmpty {
            pending.append(contentsOf: rest.prefix(toFill))
            rest = rest.dropFirst(toFill)
            guard completesPending else { return }
        }
        let full = pending
        pending = []
        try full.withUnsafeBufferPointer { (first) throws(EntropyCodingError) in
            var batch: [UnsafeBufferPointer<UInt32>] = first.isEmpty ? [] : [first]
            while rest.count >= chunkSize {
                batch.append(UnsafeBufferPointer(rebasing: rest.prefix(chunkSize)))
                rest = rest.dropFirst(chunkSize)
                if batch.count == batchSize {
                    try writeChunks(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            if !batch.isEmpty { try writeChunks(batch) }
        }
        pending.append(contentsOf: rest)
    }

    /// Checks symbols that wait for a later chunk (one table; segmented files check each
    /// chunk when it is coded, once its segments are known).
    private func validateHeldBack(
        _ symbols: Slice<UnsafeBufferPointer<UInt32>>, firstPosition: UInt64
    )
        throws(EntropyCodingError)
    {
        guard !model.isSegmented, !symbols.isEmpty else { return }
        try model.codecs[0].validate(
            UnsafeBufferPointer(rebasing: symbols), firstPosition: firstPosition)
    }

    /// Appends symbols to the file, coding every chunk they complete.
    ///
    /// - Parameter symbols: The next symbols, in order.
    /// - Throws: See ``write(_:)-(UnsafeBufferPointer<UInt32>)``.
    /// - Complexity: O(n) for n symbols, spread over the cores.
    public mutating func write(_ symbols: [UInt32]) throws(EntropyCodingError) {
        try symbols.withUnsafeBufferPointer { (buffer) throws(EntropyCodingError) in
            try write(buffer)
        }
    }

    /// Codes the last partial chunk and returns the sink, the file complete.
    ///
    /// - Returns: The sink (for a ``MemoryByteSink``, its ``MemoryByteSink/bytes`` hold the file).
    /// - Throws: ``EntropyCodingError/sampleCountMismatch(declared:written:)`` if fewer
    ///   symbols were written than announced, or what the sink throws.
    /// - Complexity: O(C) for a chunk of C symbols.
    public consuming func finish() throws(EntropyCodingError) -> Sink {
        guard writtenSampleCount == header.sampleCount else {
            throw .sampleCountMismatch(declared: header.sampleCount, written: writtenSampleCount)
        }
        if !pending.isEmpty {
            let last = pending
            pending = []
            try last.withUnsafeBufferPointer { (buffer) throws(EntropyCodingError) in
                try writeChunks([buffer])
            }
        }
        return sink
    }

    /// Codes `chunks` in parallel and writes them in order.
    private mutating func writeChunks(_ chunks: [UnsafeBufferPointer<UInt32>])
        throws(EntropyCodingError)
    {
        let first = nextChunk
        let header = self.header
        let model = self.model
        let segments = chunks.indices.map {
            segmentation?(first + UInt64($0), chunks[$0].count) ?? []
        }
        if model.isSegmented {
            for (offset, chunk) in chunks.enumerated() {
                let parts = segments[offset]
                guard parts.count == model.codecs.count, parts.allSatisfy({ $0 >= 0 }),
                    parts.reduce(0, +) == chunk.count
                else {
                    throw .invalidField(
                        .payload, value: UInt64(parts.count),
                        expected:
                            "\(model.codecs.count) segments adding up to the chunk's \(chunk.count) samples"
                    )
                }
            }
        }
        let records = parallelMap(chunks.count, work: chunks.reduce(0) { $0 + $1.count }) {
            offset in
            header.encodeChunk(
                chunks[offset], index: first + UInt64(offset), model: model,
                segments: segments[offset])
        }
        for (offset, record) in records.enumerated() {
            guard let record else {
                try model.validate(
                    chunks[offset], segments: segments[offset],
                    firstPosition: (first + UInt64(offset)) * UInt64(header.chunkSize))
                preconditionFailure("the coder refused a chunk whose symbols the tables can code")
            }
            try record.storage.withUnsafeBufferPointer { (buffer) throws(EntropyCodingError) in
                try sink.write(
                    UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[record.range]))
            }
        }
        nextChunk += UInt64(chunks.count)
    }
}
