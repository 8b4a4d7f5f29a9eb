/// How a chunk's symbols are coded: with the file's one table (format version 2), or in
/// consecutive segments, segment k with table k (version 3; layout in
/// ``CompressedFileFormat``); in version 4 as in version 3, but a stream of fewer than
/// ``singleStateLimit`` symbols is coded with one rANS state; in version 5 the short segments
/// of a chunk share one such stream (``joinsShortSegments``).
///
/// A segmented payload of versions 3 and 4 starts with the sample count and the byte length of
/// every segment but the last (two `UInt32`s each), then holds one ordinary rANS payload per
/// segment, in order; the last segment takes the samples and bytes that are left. The counts are
/// stored, so a reader needs to know nothing of how the writer chose them.
struct ChunkModel: Sendable {
    /// One coder per table, in the header's order.
    let codecs: [RANSCodec]
    /// Streams of fewer symbols than this are coded with one state (format versions 4 and 5,
    /// ``CompressedFileFormat/singleStateLimit(sampleCount:)``); 0 in versions 2 and 3.
    var singleStateLimit = 0
    /// Whether a segmented payload is version 5's: varints for the segments' counts, and every
    /// segment of fewer than ``singleStateLimit`` symbols coded in
    /// one one-state stream, in segment order, each symbol with its segment's table.
    var joinsShortSegments = false

    /// Whether the model is format version 4's or 5's.
    var compact: Bool { singleStateLimit > 0 }

    /// The bytes before the streams of a segmented payload, per segment but the last
    /// (versions 3 and 4).
    static let segmentEntryByteCount = 8
    /// The bytes of a stream's length in a version 5 payload (a `UInt32`; only payloads with a
    /// segment of ``singleStateLimit`` symbols or more have more than one stream).
    static let streamLengthByteCount = 4

    /// The bytes of `value` as a varint.
    static func varintByteCount(_ value: Int) -> Int {
        var bytes = 1
        var rest = UInt64(max(0, value)) >> 7
        while rest > 0 {
            bytes += 1
            rest >>= 7
        }
        return bytes
    }

    /// Whether chunks are coded in segments (more than one table).
    var isSegmented: Bool { codecs.count > 1 }

    /// The largest payload of a chunk of `symbolCount` samples coded with `tableCount` tables
    /// (in version 5 at most this: its entries are varints).
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
        Self.minimumPayloadByteCount(
            tableCount: codecs.count, compact: compact, joined: joinsShortSegments)
    }

    /// The smallest payload of a chunk coded with `tableCount` tables (every segment empty):
    /// in version 5 a byte per count and one state.
    static func minimumPayloadByteCount(tableCount g: Int, compact: Bool, joined: Bool = false)
        -> Int
    {
        if joined && g > 1 { return (g - 1) + RANSCodec.singleStateByteCount }
        guard compact else { return maximumPayloadByteCount(tableCount: g, symbolCount: 0) }
        return (g - 1) * segmentEntryByteCount + g * RANSCodec.singleStateByteCount
    }

    /// Whether a payload's length must be a whole number of words after its states (not so for
    /// a version 5 segmented payload, whose entries are varints).
    var hasWordAlignedPayloads: Bool { !(joinsShortSegments && isSegmented) }

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

    /// The bytes of framing and coder states in a chunk whose segments hold `segments` symbols
    /// (one count per table, or the chunk's count alone with one table): the segment entries and
    /// every stream's states.
    func overheadByteCount(segments: [Int]) -> Int {
        let states = { Self.stateByteCount(count: $0, singleStateLimit: singleStateLimit) }
        guard segments.count > 1 else { return states(segments.reduce(0, +)) }
        guard joinsShortSegments else {
            return (segments.count - 1) * Self.segmentEntryByteCount
                + segments.reduce(0) { $0 + states($1) }
        }
        let long = segments.filter { !isSingleState(count: $0) }
        let joined = long.count < segments.count
        let streams = long.count + (joined ? 1 : 0)
        return segments.dropLast().reduce(0) { $0 + Self.varintByteCount($1) }
            + (streams - 1) * Self.streamLengthByteCount
            + long.reduce(0) { $0 + states($1) } + (joined ? RANSCodec.singleStateByteCount : 0)
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
        if joinsShortSegments { return encodeJoined(symbols, segments: segments, into: output) }
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

    /// Encodes a version 5 segmented payload: the varint counts of every segment but the last,
    /// the `UInt32` lengths of every stream but the last, then the streams: first the short
    /// segments joined in one one-state stream (if any is short), then each long segment's
    /// eight-state stream, in segment order.
    private func encodeJoined(
        _ symbols: UnsafeBufferPointer<UInt32>, segments: [Int],
        into output: UnsafeMutableRawBufferPointer
    ) -> Int? {
        let starts = segments.indices.map { segments[..<$0].reduce(0, +) }
        func slice(_ k: Int) -> UnsafeBufferPointer<UInt32> {
            UnsafeBufferPointer(rebasing: symbols[starts[k]..<(starts[k] + segments[k])])
        }
        // Written backwards from the end: the long streams, the last first, then the joined one.
        var end = output.count
        var lengths: [Int] = []
        for k in segments.indices.reversed() where !isSingleState(count: segments[k]) {
            guard
                let start = codecs[k].encodeChecked(
                    slice(k), into: UnsafeMutableRawBufferPointer(rebasing: output[..<end]))
            else { return nil }
            lengths.insert(end - start, at: 0)
            end = start
        }
        let short = segments.indices.filter { isSingleState(count: segments[$0]) }
        if !short.isEmpty, let base = output.baseAddress {
            var stream = SingleStateEncoder(end: base + end)
            for k in short.reversed() {
                guard codecs[k].encodeSingleState(slice(k), continuing: &stream) else { return nil }
            }
            let start = stream.finish() - base
            lengths.insert(end - start, at: 0)
            end = start
        }
        var prefix: [UInt8] = []
        for count in segments.dropLast() { prefix.appendVarint(UInt64(count)) }
        for length in lengths.dropLast() { prefix.appendLittleEndian(UInt32(length)) }
        end -= prefix.count
        for (offset, byte) in prefix.enumerated() { output[end + offset] = byte }
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
        if joinsShortSegments { return decodeJoined(payload, into: output) }
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

    /// Decodes a version 5 segmented payload (``encodeJoined(_:segments:into:)``).
    private func decodeJoined(
        _ payload: UnsafeRawBufferPointer, into output: UnsafeMutableBufferPointer<UInt32>
    ) -> PayloadDefect? {
        guard let (counts, streamStart) = joinedCounts(payload, sampleCount: output.count) else {
            return .badSegments
        }
        let starts = counts.indices.map { counts[..<$0].reduce(0, +) }
        let long = counts.indices.filter { !isSingleState(count: counts[$0]) }
        let short = counts.indices.filter { isSingleState(count: counts[$0]) }
        // The streams' byte ranges: every length but the last stored, the last what is left.
        let streamCount = long.count + (short.isEmpty ? 0 : 1)
        var offset = streamStart + (streamCount - 1) * Self.streamLengthByteCount
        guard offset <= payload.count else { return .badSegments }
        var ranges: [Range<Int>] = []
        for s in 0..<streamCount {
            var length = payload.count - offset
            if s < streamCount - 1 {
                let at = streamStart + s * Self.streamLengthByteCount
                length = Int(
                    UInt32(littleEndian: payload.loadUnaligned(fromByteOffset: at, as: UInt32.self))
                )
                guard length <= payload.count - offset else { return .badSegments }
            }
            ranges.append(offset..<(offset + length))
            offset += length
        }
        func slice(_ k: Int) -> UnsafeMutableBufferPointer<UInt32> {
            UnsafeMutableBufferPointer(rebasing: output[starts[k]..<(starts[k] + counts[k])])
        }
        var next = 0
        if !short.isEmpty {
            let bytes = UnsafeRawBufferPointer(rebasing: payload[ranges[0]])
            guard bytes.count >= RANSCodec.singleStateByteCount,
                (bytes.count - RANSCodec.singleStateByteCount) % 4 == 0
            else { return .badLength }
            guard var stream = SingleStateDecoder(bytes) else { return .stateOutOfRange }
            for k in short {
                if let defect = codecs[k].decode(continuing: &stream, into: slice(k)) {
                    return defect
                }
            }
            if let defect = stream.finish() { return defect }
            next = 1
        }
        for k in long {
            if let defect = codecs[k].decode(
                UnsafeRawBufferPointer(rebasing: payload[ranges[next]]), into: slice(k),
                singleState: false)
            {
                return defect
            }
            next += 1
        }
        return nil
    }

    /// The segments' counts of a version 5 payload for `sampleCount` symbols and the offset
    /// after them; nil when a count is not a shortest-form varint or the counts exceed the chunk.
    private func joinedCounts(_ payload: UnsafeRawBufferPointer, sampleCount: Int) -> (
        [Int], Int
    )? {
        var counts: [Int] = []
        var offset = 0
        for _ in 0..<(codecs.count - 1) {
            guard let (value, next) = Self.varint(payload, at: offset),
                value <= UInt64(sampleCount - counts.reduce(0, +))
            else { return nil }
            counts.append(Int(value))
            offset = next
        }
        counts.append(sampleCount - counts.reduce(0, +))
        return (counts, offset)
    }

    /// The shortest-form varint of at most 4 bytes at `offset` and the offset after it.
    private static func varint(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> (UInt64, Int)? {
        var value: UInt64 = 0
        for index in 0..<4 where offset + index < bytes.count {
            let byte = bytes[offset + index]
            value |= UInt64(byte & 0x7F) << (7 * index)
            if byte & 0x80 == 0 {
                return byte != 0 || index == 0 ? (value, offset + index + 1) : nil
            }
        }
        return nil
    }

    /// The segments' sample counts of a payload that decoded into `sampleCount` symbols (one
    /// table: `[sampleCount]`).
    func segmentCounts(_ payload: UnsafeRawBufferPointer, sampleCount: Int) -> [Int] {
        guard isSegmented else { return [sampleCount] }
        if joinsShortSegments {
            return joinedCounts(payload, sampleCount: sampleCount)?.0 ?? [sampleCount]
        }
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
