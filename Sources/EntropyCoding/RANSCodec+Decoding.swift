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
        var result = [UInt32](repeating: 0, count: count)
        let defect = payload.withUnsafeBytes { bytes in
            result.withUnsafeMutableBufferPointer { decode(bytes, into: $0) }
        }
        if let defect { throw .corruptPayload(chunk: 0, defect: defect) }
        return result
    }

    /// Decodes `output.count` symbols from `payload` into `output`.
    ///
    /// - Returns: `nil` on success, or what is wrong with the payload (then `output` holds
    ///   unspecified valid symbols).
    func decode(_ payload: UnsafeRawBufferPointer, into output: UnsafeMutableBufferPointer<UInt32>)
        -> PayloadDefect?
    {
        let bits = UInt64(table.precisionBits)
        let mask = (UInt64(1) << bits) - 1
        if table.precisionBits <= 16 {
            return slotEntries.withUnsafeBufferPointer { entries in
                decode(
                    payload, into: output,
                    using: DirectSlotDecoder(entries: entries, bits: bits, mask: mask))
            }
        }
        return usedStarts.withUnsafeBufferPointer { starts in
            usedFrequencies.withUnsafeBufferPointer { frequencies in
                usedSymbols.withUnsafeBufferPointer { symbols in
                    decode(
                        payload, into: output,
                        using: SearchSlotDecoder(
                            starts: starts, frequencies: frequencies, symbols: symbols, bits: bits,
                            mask: mask))
                }
            }
        }
    }

    /// The decoding loop, specialised for each slot decoder.
    @inline(__always)
    private func decode<Lookup: SlotDecoder>(
        _ payload: UnsafeRawBufferPointer, into output: UnsafeMutableBufferPointer<UInt32>,
        using lookup: Lookup
    ) -> PayloadDefect? {
        let stateBytes = 8 * Self.stateCount
        guard payload.count >= stateBytes, (payload.count - stateBytes) % 4 == 0 else {
            return .badLength
        }
        let low = Self.lowerBound
        var states = (0..<Self.stateCount).map {
            UInt64(littleEndian: payload.loadUnaligned(fromByteOffset: 8 * $0, as: UInt64.self))
        }
        guard states.allSatisfy({ $0 >= low && $0 < low << 32 }) else { return .stateOutOfRange }
        var x0 = states[0]
        var x1 = states[1]
        var x2 = states[2]
        var x3 = states[3]
        let wordCount = (payload.count - stateBytes) / 4
        let words = payload.baseAddress.map { $0 + stateBytes }
        var position = 0  // index of the next unread word
        let n = output.count

        @inline(__always)
        func word(_ index: Int) -> UInt64 {
            // Only called with index < wordCount, so `words` is non-nil and in bounds.
            UInt64(
                UInt32(
                    littleEndian: words.unsafelyUnwrapped.loadUnaligned(
                        fromByteOffset: 4 &* index, as: UInt32.self)))
        }
        // Refill without a bounds check: the caller guarantees position < wordCount.
        @inline(__always)
        func refill(_ x: inout UInt64) {
            let next = word(position)
            let needs = x < low
            x = needs ? (x << 32) | next : x
            position &+= needs ? 1 : 0
        }

        // Bulk: four symbols per round need at most four words, all in bounds.
        var i = 0
        while i &+ 4 <= n, position &+ 4 <= wordCount {
            output[i] = lookup.step(&x0)
            refill(&x0)
            output[i &+ 1] = lookup.step(&x1)
            refill(&x1)
            output[i &+ 2] = lookup.step(&x2)
            refill(&x2)
            output[i &+ 3] = lookup.step(&x3)
            refill(&x3)
            i &+= 4
        }
        // Tail: one symbol at a time, checking every refill.
        states = [x0, x1, x2, x3]
        while i < n {
            let lane = i & 3
            output[i] = lookup.step(&states[lane])
            if states[lane] < low {
                guard position < wordCount else { return .wordsExhausted }
                states[lane] = (states[lane] << 32) | word(position)
                position += 1
            }
            i += 1
        }
        guard position == wordCount else { return .wordsLeftOver }
        guard states.allSatisfy({ $0 == low }) else { return .finalStateMismatch }
        return nil
    }
}
