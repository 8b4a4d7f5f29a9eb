/// How a chunk's symbols are coded: with the file's one table (format version 2), or in
/// consecutive segments, segment k with table k (version 3; layout in
/// ``CompressedFileFormat``); in version 4 as in version 3, but a stream of fewer than
/// ``singleStateLimit`` symbols is coded with one rANS state.
///
/// A segmented payload starts with the sample count and the byte length of every segment but
/// the last (two `UInt32`s each), then holds one ordinary rANS payload per segment, in order;
/// the last segment takes the samples and bytes that are left. The counts are stored, so a
/// reader needs to know nothing of how the writer chose them.
struct ChunkModel: Sendable {
    /// One coder per table, in the header's order.
    let codecs: [RANSCodec]
    /// Streams of fewer symbols than this are coded with one state (format version 4,
    /// ``CompressedFileFormat/singleStateLimit(sampleCount:)``); 0 in versions 2 and 3.
    var singleStateLimit = 0

    /// Whether the model is format version 4's.
    var compact: Bool { singleStateLimit > 0 }

    /// The bytes before the streams of a segmented payload, per segment but the last.
    static let segmentEntryByteCount = 8

    /// Whether chunks are coded in segments (more than one table).
    var isSegmented: Bool { codecs.count > 1 }

    /// The largest payload of a chunk of `symbolCount` samples coded with `tableCount` tables.
    static func maximumPayloadByteCount(tableCount g: Int, symbolCount: Int) -> Int {
        (g - 1) * segmentEntryByteCount + g * RANSCodec.maximumPayloadByteCount(symbolCount: 0)
            + 4 * symbolCount
    }

    /// The largest payload of a chunk of `symbolCount` samples.
    func maximumPayloadByteCount(symbolCount: Int) -> Int {
        Self.maximumPayloadByteCount(tableCount: codecs.count, symbolCount: symbolCount)
    }

    /// The smallest payload of a chunk (every segment empty).
    var minimumPayloadByteCount: Int {
        Self.minimumPayloadByteCount(tableCount: codecs.count, compact: compact)
    }

    /// The smallest payload of a chunk coded with `tableCount` tables (every segment empty).
    static func minimumPayloadByteCount(tableCount g: Int, compact: Bool) -> Int {
        guard compact else { return maximumPayloadByteCount(tableCount: g, symbolCount: 0) }
        return (g - 1) * segmentEntryByteCount + g * RANSCodec.singleStateByteCount
    }

    /// Whether a stream of `count` symbols is coded with one state.
    func isSingleState(count: Int) -> Bool {
        count < singleStateLimit
    }

    /// The bytes of coder states a stream of `count` symbols stores: one state below
    /// `singleStateLimit` (0 in versions 2 and 3), else eight.
    static func stateByteCount(count: Int, singleStateLimit: Int) -> Int {
        count < singleStateLimit
            ? RANSCodec.singleStateByteCount : RANSCodec.maximumPayloadByteCount(symbolCount: 0)
    }

    /// Encodes one stream with table `k` at the end of `output`; the offset where it starts,
    /// or nil when a symbol cannot be coded.
    private func encodeStream(
        _ k: Int, _ symbols: UnsafeBufferPointer<UInt32>, into output: UnsafeMutableRawBufferPointer
    ) -> Int? {
        isSingleState(count: symbols.count)
            ? codecs[k].encodeSingleState(symbols, into: output)
            : codecs[k].encodeChecked(symbols, into: output)
    }

    /// Encodes a chunk's symbols into the end of `output` (at least
    /// ``maximumPayloadByteCount(symbolCount:)`` bytes), checking each symbol against its
    /// segment's table on the way (no separate pass).
    ///
    /// - Parameter segments: The segments' sample counts, one per table, adding up to the
    ///   chunk's; ignored with one table.
    /// - Returns: Where in `output` the payload starts (it ends at `output.count`), or `nil`
    ///   when some symbol cannot be coded: ``validate(_:segments:firstPosition:)`` names it.
    func encode(
        _ symbols: UnsafeBufferPointer<UInt32>, segments: [Int],
        into output: UnsafeMutableRawBufferPointer
    ) -> Int? {
        guard isSegmented else { return encodeStream(0, symbols, into: output) }
        precondition(
            segments.count == codecs.count && segments.allSatisfy { $0 >= 0 }
                && segments.reduce(0, +) == symbols.count,
            "one segment per table, adding up to the chunk")
        // The streams are written backwards from the end, the last segment first.
        var end = output.count
        var lengths = [Int](repeating: 0, count: segments.count)
        var stop = symbols.count
        for k in segments.indices.reversed() {
            let range = (stop - segments[k])..<stop
            guard
                let start = encodeStream(
                    k, UnsafeBufferPointer(rebasing: symbols[range]),
                    into: UnsafeMutableRawBufferPointer(rebasing: output[..<end]))
            else { return nil }
            lengths[k] = end - start
            end = start
            stop = range.lowerBound
        }
        end -= (segments.count - 1) * Self.segmentEntryByteCount
        var cursor = end
        for k in 0..<(segments.count - 1) {
            output.storeBytes(
                of: UInt32(segments[k]).littleEndian, toByteOffset: cursor, as: UInt32.self)
            output.storeBytes(
                of: UInt32(lengths[k]).littleEndian, toByteOffset: cursor + 4, as: UInt32.self)
            cursor += Self.segmentEntryByteCount
        }
        return end
    }

    /// Decodes a payload into `output`, which holds exactly the chunk's sample count.
    ///
    /// - Returns: `nil` on success, or what is wrong with the payload.
    func decode(_ payload: UnsafeRawBufferPointer, into output: UnsafeMutableBufferPointer<UInt32>)
        -> PayloadDefect?
    {
        guard isSegmented else {
            return codecs[0].decode(
                payload, into: output, singleState: isSingleState(count: output.count))
        }
        let entries = (codecs.count - 1) * Self.segmentEntryByteCount
        guard payload.count >= entries else { return .badSegments }
        var samples = 0
        var offset = entries
        var streams: [(samples: Range<Int>, bytes: Range<Int>)] = []
        for k in 0..<codecs.count {
            let count: Int
            let length: Int
            if k < codecs.count - 1 {
                let at = k * Self.segmentEntryByteCount
                count = Int(
                    UInt32(littleEndian: payload.loadUnaligned(fromByteOffset: at, as: UInt32.self))
                )
                length = Int(
                    UInt32(
                        littleEndian: payload.loadUnaligned(fromByteOffset: at + 4, as: UInt32.self)
                    ))
            } else {
                count = output.count - samples
                length = payload.count - offset
            }
            guard count >= 0, count <= output.count - samples, length >= 0,
                length <= payload.count - offset
            else { return .badSegments }
            streams.append((samples..<(samples + count), offset..<(offset + length)))
            samples += count
            offset += length
        }
        for (k, stream) in streams.enumerated() {
            if let defect = codecs[k].decode(
                UnsafeRawBufferPointer(rebasing: payload[stream.bytes]),
                into: UnsafeMutableBufferPointer(rebasing: output[stream.samples]),
                singleState: isSingleState(count: stream.samples.count))
            {
                return defect
            }
        }
        return nil
    }

    /// The segments' sample counts of a payload that decoded into `sampleCount` symbols (one
    /// table: `[sampleCount]`).
    func segmentCounts(_ payload: UnsafeRawBufferPointer, sampleCount: Int) -> [Int] {
        guard isSegmented else { return [sampleCount] }
        var counts: [Int] = []
        for k in 0..<(codecs.count - 1) {
            counts.append(
                Int(
                    UInt32(
                        littleEndian: payload.loadUnaligned(
                            fromByteOffset: k * Self.segmentEntryByteCount, as: UInt32.self))))
        }
        return counts + [sampleCount - counts.reduce(0, +)]
    }

    /// Throws for the first symbol of a chunk that its segment's table cannot code.
    ///
    /// - Parameter firstPosition: The sample index of `symbols[0]` in the file.
    func validate(
        _ symbols: UnsafeBufferPointer<UInt32>, segments: [Int], firstPosition: UInt64
    ) throws(EntropyCodingError) {
        guard isSegmented else {
            try codecs[0].validate(symbols, firstPosition: firstPosition)
            return
        }
        var start = 0
        for (k, count) in segments.enumerated() {
            try codecs[k].validate(
                UnsafeBufferPointer(rebasing: symbols[start..<(start + count)]),
                firstPosition: firstPosition + UInt64(start))
            start += count
        }
    }
}
