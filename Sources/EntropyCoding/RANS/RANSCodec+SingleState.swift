/// The one-state stream of format version 4 (`docs/formats.md`, "rANS payload"): for a
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
        var x = Self.lowerBound
        var writer = WordWriter(end: base + output.count)
        let allCodable = encodingSymbols.withUnsafeBufferPointer { entries in
            var coder = SymbolEncoder(
                entries: entries.baseAddress.unsafelyUnwrapped, mask: encoderTableMask)
            for symbol in input.reversed() { Self.encodeSingle(&x, symbol, &writer, &coder) }
            return coder.allCodable
        }
        guard allCodable else { return nil }
        writer.cursor -= Self.singleStateByteCount
        writer.cursor.storeBytes(of: x.littleEndian, as: UInt64.self)
        return writer.cursor - base
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
        var x = UInt64(littleEndian: payload.loadUnaligned(as: UInt64.self))
        guard x >= Self.lowerBound, x < Self.lowerBound << 32 else { return .stateOutOfRange }
        var words = WordReader(
            payload: UnsafeRawBufferPointer(rebasing: payload[Self.singleStateByteCount...]))
        for i in output.indices {
            output[i] = lookup.step(&x)
            guard words.refill(&x) else { return .wordsExhausted }
        }
        guard words.isAtEnd else { return .wordsLeftOver }
        guard x == Self.lowerBound else { return .finalStateMismatch }
        return nil
    }
}
