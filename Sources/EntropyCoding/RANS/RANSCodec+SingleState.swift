/// The one-state stream of format versions 4 and 5 (`docs/formats.md`, "rANS payload"): for a
/// stream of few symbols, the eight interleaved states' 64 bytes outweigh what interleaving
/// buys, so such a stream is coded with state 0 alone and stores 8 bytes of state.
///
/// Layout: the final encoder state as a little-endian `UInt64` in `[L, 2^32 · L)`, then the
/// emitted 32-bit words in the order the decoder reads them. Decoding takes the symbols in
/// order, each followed by one refill; the stream is valid only if every word is read and the
/// state ends at `L`.
extension RANSCodec {
    /// The bytes of the single state.
    static let singleStateByteCount = 8

    /// The largest one-state payload for `symbolCount` symbols.
    static func maximumSingleStatePayloadByteCount(symbolCount: Int) -> Int {
        singleStateByteCount + 4 * symbolCount
    }

    /// Encodes `input` with one state at the end of `output` (at least
    /// ``maximumSingleStatePayloadByteCount(symbolCount:)`` bytes).
    ///
    /// - Returns: The offset in `output` where the payload starts, or `nil` if some symbol
    ///   cannot be coded.
    func encodeSingleState(
        _ input: UnsafeBufferPointer<UInt32>, into output: UnsafeMutableRawBufferPointer
    ) -> Int? {
        precondition(
            output.count >= Self.maximumSingleStatePayloadByteCount(symbolCount: input.count))
        precondition(!encodingSymbols.isEmpty, "a decoding-only codec cannot encode")
        guard let base = output.baseAddress else { return nil }
        var stream = SingleStateEncoder(end: base + output.count)
        guard encodeSingleState(input, continuing: &stream) else { return nil }
        return stream.finish() - base
    }

    /// Codes `input` into a one-state stream that later symbols (coded before, since rANS
    /// codes backwards) already went into: a joined stream of format version 5 codes several
    /// segments, each with its own table, with one state.
    ///
    /// - Returns: Whether every symbol could be coded.
    func encodeSingleState(
        _ input: UnsafeBufferPointer<UInt32>, continuing stream: inout SingleStateEncoder
    ) -> Bool {
        precondition(!encodingSymbols.isEmpty, "a decoding-only codec cannot encode")
        return encodingSymbols.withUnsafeBufferPointer { entries in
            var coder = SymbolEncoder(
                entries: entries.baseAddress.unsafelyUnwrapped, mask: encoderTableMask)
            for symbol in input.reversed() {
                Self.encodeSingle(&stream.state, symbol, &stream.writer, &coder)
            }
            return coder.allCodable
        }
    }

    /// Decodes `output.count` symbols from a one-state payload.
    ///
    /// - Returns: `nil` on success, or what is wrong with the payload.
    @inline(__always)
    func decodeSingleState<Lookup: SlotDecoder>(
        _ payload: UnsafeRawBufferPointer, into output: UnsafeMutableBufferPointer<UInt32>,
        using lookup: Lookup
    ) -> PayloadDefect? {
        guard payload.count >= Self.singleStateByteCount,
            (payload.count - Self.singleStateByteCount) % 4 == 0
        else { return .badLength }
        guard var stream = SingleStateDecoder(payload) else { return .stateOutOfRange }
        if let defect = decodeSingleState(continuing: &stream, into: output, using: lookup) {
            return defect
        }
        return stream.finish()
    }

    /// Decodes `output.count` symbols from a one-state stream that may go on with other
    /// tables' symbols (a joined stream of format version 5).
    @inline(__always)
    func decodeSingleState<Lookup: SlotDecoder>(
        continuing stream: inout SingleStateDecoder,
        into output: UnsafeMutableBufferPointer<UInt32>,
        using lookup: Lookup
    ) -> PayloadDefect? {
        var x = stream.state
        defer { stream.state = x }
        for i in output.indices {
            output[i] = lookup.step(&x)
            guard stream.words.refill(&x) else { return .wordsExhausted }
        }
        return nil
    }
}

/// A one-state stream being coded: its state and where its words go (backwards from the end
/// of the payload's buffer).
struct SingleStateEncoder {
    var state = RANSCodec.lowerBound
    var writer: WordWriter

    init(end: UnsafeMutableRawPointer) {
        writer = WordWriter(end: end)
    }

    /// Stores the final state in front of the words; returns where the stream starts.
    mutating func finish() -> UnsafeMutableRawPointer {
        writer.cursor -= RANSCodec.singleStateByteCount
        writer.cursor.storeBytes(of: state.littleEndian, as: UInt64.self)
        return writer.cursor
    }
}

/// A one-state stream being decoded: its state and its unread words.
struct SingleStateDecoder {
    var state: UInt64
    var words: WordReader

    /// The stream of `payload` (8 bytes of state, then whole words), or nil when its length
    /// is not that (a caller reports ``PayloadDefect/badLength``) or its state is out of range.
    init?(_ payload: UnsafeRawBufferPointer) {
        guard payload.count >= RANSCodec.singleStateByteCount,
            (payload.count - RANSCodec.singleStateByteCount) % 4 == 0
        else { return nil }
        state = UInt64(littleEndian: payload.loadUnaligned(as: UInt64.self))
        guard state >= RANSCodec.lowerBound, state < RANSCodec.lowerBound << 32 else { return nil }
        words = WordReader(
            payload: UnsafeRawBufferPointer(rebasing: payload[RANSCodec.singleStateByteCount...]))
    }

    /// Nil when every word was read and the state is back at `L`; else what is wrong.
    func finish() -> PayloadDefect? {
        guard words.isAtEnd else { return .wordsLeftOver }
        guard state == RANSCodec.lowerBound else { return .finalStateMismatch }
        return nil
    }
}
