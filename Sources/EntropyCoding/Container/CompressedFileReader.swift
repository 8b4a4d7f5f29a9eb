import Foundation
import ParallelLoops

/// Reads a `.rdq` compressed file: validates the header, then yields the decoded symbols
/// chunk by chunk, decoding a batch of chunks in parallel, and the next batch in the
/// background while the caller consumes this one (so that writing the output and decoding
/// overlap).
///
/// Nothing in the file is trusted before it is checked: lengths against their maxima and
/// against the bytes left (before any allocation), the header CRC before the header's
/// fields are interpreted, each chunk's CRC before it is decoded, and the decoder's own
/// consistency checks after. Every defect throws an ``EntropyCodingError``, in the order of
/// the file (a defect found while reading ahead is thrown once the chunks before it are
/// returned); no input makes the reader trap, hang or return symbols that were not written.
/// Memory stays bounded by two batches of chunks.
///
/// Chunks before a corrupt one may already have been returned: write the output through
/// ``AtomicFileWriter`` so that a failure leaves nothing behind.
///
/// ```swift
/// var reader = try CompressedFileReader(source: FileByteSource(path: "data.rdq"))
/// while let symbols = try reader.next() { consume(symbols) }
/// ```
public struct CompressedFileReader<Source: ByteSource> {
    /// The validated header.
    public let header: CompressedFileHeader
    private var source: Source
    private let model: ChunkModel
    /// The index of the next chunk to read from the source.
    private var nextChunk: UInt64 = 0
    /// Decoded chunks not yet returned, last first.
    private var decoded: [DecodedChunk] = []
    /// Whether the end of the input has been checked.
    private var isAtEnd = false
    /// How many chunks are decoded in parallel.
    private let batchSize: Int
    /// The next batch, read from the source and being decoded in the background.
    private var inFlight: BackgroundResult<[Result<DecodedChunk, EntropyCodingError>]>?
    /// What reading the next batch ahead found wrong, thrown when that batch is due.
    private var readAheadError: EntropyCodingError?

    /// Opens a compressed file: reads and validates its header.
    ///
    /// - Parameter source: The input, positioned at the start of the file.
    /// - Throws: What ``CompressedFileHeader/read(from:)`` throws.
    /// - Complexity: O(h + 2^P) for a header of h bytes and a table of precision `P`.
    public init(source: Source) throws(EntropyCodingError) {
        var source = source
        header = try CompressedFileHeader.read(from: &source)
        self.source = source
        model = header.chunkModel(encoding: false)
        batchSize = max(1, min(16, 2 * ProcessInfo.processInfo.activeProcessorCount))
    }

    /// The symbols of the next chunk, or `nil` after the last one (once the input is known
    /// to end there).
    ///
    /// - Returns: The next chunk's symbols, ``CompressedFileHeader/chunkSize`` of them except
    ///   in the last chunk; `nil` at the end.
    /// - Throws: ``EntropyCodingError/truncated(field:needed:available:)``,
    ///   ``EntropyCodingError/invalidField(_:value:expected:)``,
    ///   ``EntropyCodingError/chunkChecksumMismatch(chunk:stored:computed:)``,
    ///   ``EntropyCodingError/corruptPayload(chunk:defect:)``,
    ///   ``EntropyCodingError/trailingData(byteCount:)``, or what the source throws.
    /// - Complexity: O(C) amortised for chunks of C symbols, spread over the cores.
    public mutating func next() throws(EntropyCodingError) -> [UInt32]? {
        try nextSegmentedChunk()?.symbols
    }

    /// The next chunk with its segments' sample counts (a file of several tables codes each
    /// chunk in segments, segment k with table k), or `nil` after the last one.
    ///
    /// - Throws: What ``next()`` throws.
    public mutating func nextSegmentedChunk() throws(EntropyCodingError) -> DecodedChunk? {
        if let chunk = decoded.popLast() { return chunk }
        let results: [Result<DecodedChunk, EntropyCodingError>]
        if let inFlight {
            results = inFlight.value
            self.inFlight = nil
        } else {
            if let readAheadError {
                self.readAheadError = nil
                throw readAheadError
            }
            guard let batch = try readBatch() else { return nil }
            results = batch.decode(header: header, model: model)
        }
        var chunks: [DecodedChunk] = []
        chunks.reserveCapacity(results.count)
        for result in results {
            switch result {
            case .success(let chunk): chunks.append(chunk)
            case .failure(let error): throw error
            }
        }
        readAhead()
        decoded = chunks.reversed()
        return decoded.popLast()
    }

    /// Reads the next batch and starts decoding it in the background; an error is kept for
    /// the call that would return that batch.
    private mutating func readAhead() {
        do {
            guard let batch = try readBatch() else { return }
            let header = self.header
            let model = self.model
            inFlight = BackgroundResult { batch.decode(header: header, model: model) }
        } catch {
            readAheadError = error
        }
    }

    /// Decodes every remaining chunk and returns the symbols in order.
    ///
    /// Chunks are decoded in parallel straight into the result, without intermediate arrays.
    ///
    /// - Returns: All remaining symbols.
    /// - Throws: What ``next()`` throws.
    /// - Complexity: O(N) for N remaining symbols.
    public mutating func readAll() throws(EntropyCodingError) -> [UInt32] {
        var symbols: [UInt32] = []
        while let chunk = decoded.popLast() { symbols += chunk.symbols }
        if let inFlight {
            self.inFlight = nil
            for result in inFlight.value {
                switch result {
                case .success(let chunk): symbols += chunk.symbols
                case .failure(let error): throw error
                }
            }
        }
        if let readAheadError {
            self.readAheadError = nil
            throw readAheadError
        }
        // Reserved memory costs nothing until it is touched, but a forged count must not
        // ask for more than 64 MiB in advance; past that the array grows as usual.
        symbols.reserveCapacity(symbols.count + Int(min(header.sampleCount, 1 << 24)))
        while let batch = try readBatch() {
            let start = symbols.count
            symbols.append(contentsOf: repeatElement(0, count: batch.sampleCount))
            let header = self.header
            let model = self.model
            let errors = symbols.withUnsafeMutableBufferPointer { all in
                parallelMap(batch.records.count, work: batch.sampleCount) {
                    offset -> EntropyCodingError? in
                    let index = batch.first + UInt64(offset)
                    let from = start + offset * header.chunkSize  // all but the last chunk are full
                    let output = UnsafeMutableBufferPointer(
                        rebasing: all[from..<from + header.sampleCount(ofChunk: index)])
                    return header.decodeChunk(
                        batch.records[offset], index: index, model: model, into: output)
                }
            }
            if let error = errors.lazy.compactMap({ $0 }).first { throw error }
        }
        return symbols
    }

    /// Reads the next batch of chunks in stored form (checking the end of the input after
    /// the last one), or returns `nil` when every chunk has been read.
    private mutating func readBatch() throws(EntropyCodingError) -> Batch? {
        let chunkCount = header.chunkCount
        guard nextChunk < chunkCount else {
            try checkEnd()
            return nil
        }
        let first = nextChunk
        let count = Int(min(UInt64(batchSize), chunkCount - first))
        var records: [ChunkRecord] = []
        var samples = 0
        for offset in 0..<count {
            records.append(try readRecord(index: first + UInt64(offset)))
            samples += header.sampleCount(ofChunk: first + UInt64(offset))
        }
        nextChunk += UInt64(count)
        if nextChunk == chunkCount { try checkEnd() }
        return Batch(first: first, records: records, sampleCount: samples)
    }

    /// Reads chunk `index` in stored form, checking its framing (not yet its CRC).
    ///
    /// The payload length is checked against the sample count the header implies for this
    /// chunk, not against the stored one, so that a damaged count is caught by the CRC.
    private mutating func readRecord(index: UInt64) throws(EntropyCodingError) -> ChunkRecord {
        let framing = try readExactly(8, field: .chunkSampleCount)
        var parser = ByteParser(framing)
        _ = try parser.read(UInt32.self, field: .chunkSampleCount)
        let length = Int(try parser.read(UInt32.self, field: .payloadLength))
        let expectedCount = header.sampleCount(ofChunk: index)
        let minimum = model.minimumPayloadByteCount
        let maximum = model.maximumPayloadByteCount(symbolCount: expectedCount)
        let aligned = model.hasWordAlignedPayloads
        guard length >= minimum, length <= maximum, !aligned || length % 4 == 0 else {
            throw .invalidField(
                .payloadLength, value: UInt64(length),
                expected:
                    "\(aligned ? "a multiple of 4" : "a length") in \(minimum)...\(maximum) for chunk \(index) of \(expectedCount) samples"
            )
        }
        let total = 8 + length + 4
        if let left = source.remainingByteCount, left < length + 4 {
            throw .truncated(field: .payload, needed: length + 4, available: left)
        }
        // Read straight into the record's storage, after the framing.
        var storage = framing
        storage.reserveCapacity(total)
        storage.append(contentsOf: repeatElement(0, count: length + 4))
        let got = try storage.withUnsafeMutableBufferPointer {
            (buffer) throws(EntropyCodingError) -> Int in
            var filled = 8
            while filled < total {
                let count = try source.read(
                    into: UnsafeMutableRawBufferPointer(
                        UnsafeMutableBufferPointer(rebasing: buffer[filled...])))
                if count == 0 { break }
                filled += count
            }
            return filled - 8
        }
        guard got == length + 4 else {
            throw .truncated(field: .payload, needed: length + 4, available: got)
        }
        return ChunkRecord(storage: storage, range: 0..<total)
    }

    /// Reads exactly `count` bytes or throws `.truncated(field:…)`; checks the bytes left
    /// first when the source knows them, so no oversized buffer is allocated.
    private mutating func readExactly(_ count: Int, field: ContainerField)
        throws(EntropyCodingError) -> [UInt8]
    {
        if let left = source.remainingByteCount, left < count {
            throw .truncated(field: field, needed: count, available: left)
        }
        let bytes = try source.read(count: count)
        guard bytes.count == count else {
            throw .truncated(field: field, needed: count, available: bytes.count)
        }
        return bytes
    }

    /// Throws ``EntropyCodingError/trailingData(byteCount:)`` unless the input ends here.
    private mutating func checkEnd() throws(EntropyCodingError) {
        guard !isAtEnd else { return }
        if let left = source.remainingByteCount, left > 0 { throw .trailingData(byteCount: left) }
        let extra = try source.read(count: 1)
        guard extra.isEmpty else {
            throw .trailingData(byteCount: source.remainingByteCount.map { $0 + 1 } ?? 1)
        }
        isAtEnd = true
    }
}

/// Chunks read in stored form, to be decoded together.
private struct Batch: Sendable {
    /// The index of the first.
    var first: UInt64
    var records: [ChunkRecord]
    /// Their samples in all.
    var sampleCount: Int

    /// Decodes the chunks in parallel.
    func decode(header: CompressedFileHeader, model: ChunkModel)
        -> [Result<DecodedChunk, EntropyCodingError>]
    {
        parallelMap(records.count, work: sampleCount) { offset in
            header.decodeChunk(records[offset], index: first + UInt64(offset), model: model)
        }
    }
}
