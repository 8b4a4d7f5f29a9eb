extension RANSCodec {
    /// Decodes `count` symbols from a payload written by ``encode(_:)``.
    ///
    /// - Parameters:
    ///   - payload: The payload bytes (states, then words).
    ///   - count: The number of symbols it holds.
    /// - Returns: The symbols, each a used symbol of ``table``.
    /// - Throws: ``EntropyCodingError/corruptPayload(chunk:defect:)`` (with chunk 0) if the
    ///   payload is inconsistent: bad length, a state out of range, too few or too many
    ///   words, or final states that differ from the initial ones.
    /// - Complexity: O(n) for n symbols (O(n log m) for precisions above 16 with m used
    ///   symbols).
    public func decode(_ payload: [UInt8], count: Int) throws(EntropyCodingError) -> [UInt32] {
        precondition(count >= 0, "a symbol count cannot be negative")
        var defect: PayloadDefect?
        // No zero-fill: the decoder writes every element, or the array is dropped.
        let result = [UInt32](unsafeUninitializedCapacity: count) { output, initialized in
            HugePages.advise(UnsafeMutableRawBufferPointer(output))
            defect = payload.withUnsafeBytes { decode($0, into: output) }
            initialized = defect == nil ? count : 0
        }
        if let defect { throw .corruptPayload(chunk: 0, defect: defect) }
        return result
    }

    /// Decodes `output.count` symbols into a caller's buffer, which can be reused from call to
    /// call (no allocation, and no page faults on fresh memory).
    ///
    /// - Parameters:
    ///   - payload: The payload bytes (states, then words).
    ///   - output: Receives the symbols; its size is the number of symbols the payload holds.
    ///     After an error its contents are unspecified.
    /// - Throws: As ``decode(_:count:)``.
    /// - Complexity: As ``decode(_:count:)``.
    public func decode(
        _ payload: UnsafeRawBufferPointer, filling output: UnsafeMutableBufferPointer<UInt32>
    ) throws(EntropyCodingError) {
        if let defect = decode(payload, into: output) {
            throw .corruptPayload(chunk: 0, defect: defect)
        }
    }

    /// Decodes `output.count` symbols from `payload` into `output`.
    ///
    /// - Parameter singleState: Whether the payload is a one-state stream (format versions 4 and 5,
    ///   `RANSCodec+SingleState.swift`) rather than the eight-state one.
    /// - Returns: `nil` on success, or what is wrong with the payload (then `output` holds
    ///   unspecified symbols, possibly not all written).
    func decode(
        _ payload: UnsafeRawBufferPointer, into output: UnsafeMutableBufferPointer<UInt32>,
        singleState: Bool = false
    ) -> PayloadDefect? {
        decode(Payload(bytes: payload, singleState: singleState), into: output)
    }

    /// Decodes `output.count` symbols from a one-state stream that goes on with other tables'
    /// symbols (a joined stream of format version 5), leaving `stream` after them.
    ///
    /// - Returns: `nil` on success, or what is wrong with the stream.
    func decode(
        continuing stream: inout SingleStateDecoder, into output: UnsafeMutableBufferPointer<UInt32>
    ) -> PayloadDefect? {
        withUnsafeMutablePointer(to: &stream) { joined in
            decode(
                Payload(bytes: UnsafeRawBufferPointer(start: nil, count: 0), joined: joined),
                into: output)
        }
    }

    private func decode(_ stream: Payload, into output: UnsafeMutableBufferPointer<UInt32>)
        -> PayloadDefect?
    {
        let bits = UInt64(table.precisionBits)
        let mask = (UInt64(1) << bits) - 1
        guard let tables = slotTables else {
            return usedStarts.withUnsafeBufferPointer { starts in
                usedFrequencies.withUnsafeBufferPointer { frequencies in
                    usedSymbols.withUnsafeBufferPointer { symbols in
                        decode(
                            stream, into: output,
                            using: SearchSlotDecoder(
                                starts: starts, frequencies: frequencies, symbols: symbols,
                                bits: bits, mask: mask))
                    }
                }
            }
        }
        switch tables {
        case .indirect(let symbols, let entries):
            return decodeIndirect(stream, into: output, symbols, entries, bits)
        case .direct(let frequencies, let offsets, .bytes(let symbols)):
            return decode(stream, into: output, frequencies, offsets, symbols, bits)
        case .direct(let frequencies, let offsets, .halfwords(let symbols)):
            return decode(stream, into: output, frequencies, offsets, symbols, bits)
        case .direct(let frequencies, let offsets, .words(let symbols)):
            return decode(stream, into: output, frequencies, offsets, symbols, bits)
        }
    }

    /// Decodes through the per-slot symbols and the per-symbol frequencies and starts, with
    /// a loop compiled for each precision the layout is used at (14 to 16 bits).
    private func decodeIndirect(
        _ payload: Payload, into output: UnsafeMutableBufferPointer<UInt32>,
        _ symbols: [UInt8], _ entries: [UInt64], _ bits: UInt64
    ) -> PayloadDefect? {
        symbols.withUnsafeBufferPointer { symbols in
            entries.withUnsafeBufferPointer { entries in
                // The arrays hold 2^P ≥ 2 and 256 entries, so the base addresses exist.
                let symbols = symbols.baseAddress.unsafelyUnwrapped
                let entries = entries.baseAddress.unsafelyUnwrapped
                switch bits {
                case 14:
                    return decode(
                        payload, into: output,
                        using: IndirectSlotDecoder<Precision14>(symbols: symbols, entries: entries))
                case 15:
                    return decode(
                        payload, into: output,
                        using: IndirectSlotDecoder<Precision15>(symbols: symbols, entries: entries))
                default:
                    precondition(bits == 16, "the indirect layout is used at 14 to 16 bits")
                    return decode(
                        payload, into: output,
                        using: IndirectSlotDecoder<Precision16>(symbols: symbols, entries: entries))
                }
            }
        }
    }

    private func decode<Symbol: FixedWidthInteger & UnsignedInteger>(
        _ payload: Payload, into output: UnsafeMutableBufferPointer<UInt32>,
        _ frequencies: [UInt16], _ offsets: [UInt16], _ symbols: [Symbol], _ bits: UInt64
    ) -> PayloadDefect? {
        frequencies.withUnsafeBufferPointer { frequencies in
            offsets.withUnsafeBufferPointer { offsets in
                symbols.withUnsafeBufferPointer { symbols in
                    // Every array holds 2^P ≥ 2 entries, so the base addresses exist.
                    let lookup = DirectSlotDecoder(
                        frequencies: frequencies.baseAddress.unsafelyUnwrapped,
                        offsets: offsets.baseAddress.unsafelyUnwrapped,
                        symbols: symbols.baseAddress.unsafelyUnwrapped, bits: bits,
                        mask: (UInt64(1) << bits) - 1)
                    return decode(payload, into: output, using: lookup)
                }
            }
        }
    }

    /// Checks the payload's framing and initial states, runs the schedule's loop, then
    /// checks that the words are used up and every state is back at `L`.
    @inline(__always)
    private func decode<Lookup: SlotDecoder>(
        _ stream: Payload, into output: UnsafeMutableBufferPointer<UInt32>,
        using lookup: Lookup
    ) -> PayloadDefect? {
        if let joined = stream.joined {
            return decodeSingleState(continuing: &joined.pointee, into: output, using: lookup)
        }
        let payload = stream.bytes
        if stream.singleState { return decodeSingleState(payload, into: output, using: lookup) }
        let stateBytes = 8 * Self.stateCount
        guard payload.count >= stateBytes, (payload.count - stateBytes) % 4 == 0 else {
            return .badLength
        }
        var states = RANSStates(loadingFrom: payload)
        guard states.allInRange else { return .stateOutOfRange }
        var words = WordReader(
            payload: UnsafeRawBufferPointer(rebasing: payload[stateBytes...]))
        let defect =
            switch schedule {
            case .pairs: decodeRounds(&states, &words, output, lookup, PairDecodingStep.self)
            case .singles: decodeRounds(&states, &words, output, lookup, SingleDecodingStep.self)
            }
        if let defect { return defect }
        guard words.isAtEnd else { return .wordsLeftOver }
        guard states.allAtLowerBound else { return .finalStateMismatch }
        return nil
    }
}

/// A payload's bytes and which stream layout they hold: eight states, one state, or the rest
/// of a joined one-state stream (`joined`, whose words are read instead of `bytes`).
struct Payload {
    let bytes: UnsafeRawBufferPointer
    var singleState = true
    var joined: UnsafeMutablePointer<SingleStateDecoder>?
}
