import ParallelLoops

/// One chunk in its stored form: sample count, payload length, payload and CRC
/// (layout in ``CompressedFileFormat``), kept inside a larger buffer to avoid a copy.
struct ChunkRecord: Sendable {
    /// The buffer holding the record.
    var storage: [UInt8]
    /// Where the record lies in ``storage``.
    var range: Range<Int>
}

/// A decoded chunk: its symbols, and how many of them each segment held (segment k coded
/// with table k, in order; one table: every symbol).
public struct DecodedChunk: Sendable {
    public var symbols: [UInt32]
    public var segments: [Int]
}

extension CompressedFileHeader {
    /// The CRC-32C of a chunk: the header CRC and the chunk index, then the chunk's
    /// count, length and payload bytes.
    func chunkChecksum(index: UInt64, fields: UnsafeRawBufferPointer) -> UInt32 {
        var context: [UInt8] = []
        context.appendLittleEndian(checksum)
        context.appendLittleEndian(index)
        var crc = CRC32C()
        crc.update(context)
        crc.update(fields)
        return crc.checksum
    }

    /// Encodes one chunk into its stored form, or returns `nil` when some symbol cannot be
    /// coded (``ChunkModel/validate(_:segments:firstPosition:)`` names it).
    ///
    /// The coder writes the payload backwards from the end of a scratch buffer sized for the
    /// worst case (4 bytes per symbol); only the pages it reaches are touched, and the record
    /// is then copied out at its real size (a few per cent of the worst case on typical data).
    func encodeChunk(
        _ symbols: UnsafeBufferPointer<UInt32>, index: UInt64, model: ChunkModel,
        segments: [Int] = []
    ) -> ChunkRecord? {
        let payloadCapacity = model.maximumPayloadByteCount(symbolCount: symbols.count)
        let end = 8 + payloadCapacity  // the CRC goes here
        let raw = UnsafeMutableRawBufferPointer.allocate(byteCount: end + 4, alignment: 8)
        defer { raw.deallocate() }
        guard
            let payloadOffset = model.encode(
                symbols, segments: segments,
                into: UnsafeMutableRawBufferPointer(rebasing: raw[8..<end]))
        else { return nil }
        let payloadStart = 8 + payloadOffset
        let start = payloadStart - 8
        raw.storeBytes(of: UInt32(symbols.count).littleEndian, toByteOffset: start, as: UInt32.self)
        raw.storeBytes(
            of: UInt32(end - payloadStart).littleEndian, toByteOffset: start + 4, as: UInt32.self)
        let crc = chunkChecksum(
            index: index, fields: UnsafeRawBufferPointer(rebasing: raw[start..<end]))
        raw.storeBytes(of: crc.littleEndian, toByteOffset: end, as: UInt32.self)
        let storage = [UInt8](UnsafeRawBufferPointer(rebasing: raw[start..<end + 4]))
        return ChunkRecord(storage: storage, range: 0..<storage.count)
    }

    /// Checks a chunk's CRC, then its sample count, then decodes it.
    ///
    /// - Parameters:
    ///   - record: The stored chunk; framing already checked by the reader.
    ///   - index: The chunk's index in the file.
    ///   - model: The decoders for ``tables``.
    /// - Returns: The symbols, or the first thing wrong with the chunk.
    func decodeChunk(_ record: ChunkRecord, index: UInt64, model: ChunkModel) -> Result<
        DecodedChunk, EntropyCodingError
    > {
        var error: EntropyCodingError?
        let expected = sampleCount(ofChunk: index)
        let symbols = [UInt32](unsafeUninitializedCapacity: expected) { output, initialized in
            error = decodeChunk(record, index: index, model: model, into: output)
            // On success the decoder has written every element; on a defect it may have
            // stopped early, and the array is dropped.
            initialized = error == nil ? expected : 0
        }
        if let error { return .failure(error) }
        let segments = record.storage.withUnsafeBytes { all in
            // The payload follows the count and length; it was checked by the decoding.
            model.segmentCounts(
                UnsafeRawBufferPointer(
                    rebasing: all[(record.range.lowerBound + 8)..<(record.range.upperBound - 4)]),
                sampleCount: expected)
        }
        return .success(DecodedChunk(symbols: symbols, segments: segments))
    }

    /// Checks a chunk's CRC, then its sample count, then decodes it into `output`, which
    /// holds exactly the chunk's sample count.
    ///
    /// - Returns: `nil` on success, or the first thing wrong with the chunk.
    func decodeChunk(
        _ record: ChunkRecord, index: UInt64, model: ChunkModel,
        into output: UnsafeMutableBufferPointer<UInt32>
    ) -> EntropyCodingError? {
        record.storage.withUnsafeBytes { all in
            let bytes = UnsafeRawBufferPointer(rebasing: all[record.range])
            let crcOffset = bytes.count - 4
            let stored = UInt32(
                littleEndian: bytes.loadUnaligned(fromByteOffset: crcOffset, as: UInt32.self))
            let computed = chunkChecksum(
                index: index, fields: UnsafeRawBufferPointer(rebasing: bytes[0..<crcOffset]))
            guard stored == computed else {
                return .chunkChecksumMismatch(chunk: index, stored: stored, computed: computed)
            }
            let count = UInt32(
                littleEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
            guard count == output.count else {
                return .invalidField(
                    .chunkSampleCount, value: UInt64(count), expected: "\(output.count)")
            }
            let defect = model.decode(
                UnsafeRawBufferPointer(rebasing: bytes[8..<crcOffset]), into: output)
            return defect.map { .corruptPayload(chunk: index, defect: $0) }
        }
    }
}

/// Runs `body` for `0..<count` on all cores (``ParallelLoop/map(_:_:)``) and returns the
/// results in index order; on the calling thread when there is one iteration or when `work`
/// (the number of symbols involved) is too small to repay waking other threads.
func parallelMap<T>(_ count: Int, work: Int, _ body: (Int) -> T) -> [T] {
    if count <= 1 || work < 1 << 16 { return (0..<count).map(body) }
    return ParallelLoop.map(count, body)
}
