extension RANSCodec {
    /// Encodes symbols into a payload (layout in ``RANSCodec``).
    ///
    /// The symbols are checked while they are coded (no separate pass); only when one cannot
    /// be coded are they scanned again to name the first such position.
    ///
    /// - Parameter symbols: Symbol indices, each encodable by ``table``.
    /// - Returns: The payload, `64 + 4·w` bytes for `w` emitted words.
    /// - Throws: ``EntropyCodingError/symbolOutOfRange(symbol:alphabetSize:position:)`` or
    ///   ``EntropyCodingError/symbolHasZeroFrequency(symbol:position:)`` for the first symbol
    ///   the table cannot code (`position` is its index in `symbols`).
    /// - Complexity: O(n) for n symbols.
    public func encode(_ symbols: [UInt32]) throws(EntropyCodingError) -> [UInt8] {
        try symbols.withUnsafeBufferPointer { (input) throws(EntropyCodingError) -> [UInt8] in
            let capacity = Self.maximumPayloadByteCount(symbolCount: input.count)
            // The coder writes backwards from the end of an uninitialised scratch buffer and
            // touches only the pages it reaches; the payload is then copied out at its size.
            let scratch = UnsafeMutableRawBufferPointer.allocate(
                byteCount: capacity, alignment: 8)
            defer { scratch.deallocate() }
            HugePages.advise(scratch)
            guard let start = encodeChecked(input, into: scratch) else {
                try validate(input, firstPosition: 0)
                preconditionFailure("the coder rejected symbols the table can code")
            }
            return [UInt8](UnsafeRawBufferPointer(rebasing: scratch[start...]))
        }
    }

    /// Encodes symbols into the end of a caller's buffer, which can be reused from call to
    /// call (no allocation, and no page faults on fresh memory).
    ///
    /// - Parameters:
    ///   - symbols: Symbol indices, each encodable by ``table``.
    ///   - output: At least ``maximumPayloadByteCount(symbolCount:)`` bytes; its contents
    ///     before the returned offset are unspecified afterwards.
    /// - Returns: The offset in `output` where the payload starts; it ends at `output.count`.
    /// - Throws: As ``encode(_:)``.
    /// - Complexity: O(n) for n symbols.
    public func encode(
        _ symbols: UnsafeBufferPointer<UInt32>, intoEndOf output: UnsafeMutableRawBufferPointer
    ) throws(EntropyCodingError) -> Int {
        guard let start = encodeChecked(symbols, into: output) else {
            try validate(symbols, firstPosition: 0)
            preconditionFailure("the coder rejected symbols the table can code")
        }
        return start
    }

    /// Throws for the first symbol the table cannot code; `firstPosition` is the sample
    /// index of `symbols[0]`, used in the error.
    ///
    /// A separate pass over the symbols: the coders check while they code, and call this only
    /// when a symbol failed, to name the first one (``CompressedFileWriter`` also checks the
    /// symbols it holds back for a later chunk, so that they are refused by the call that
    /// passed them).
    func validate(_ symbols: UnsafeBufferPointer<UInt32>, firstPosition: UInt64)
        throws(EntropyCodingError)
    {
        let frequencies = table.frequencies
        let size = frequencies.count
        let allValid = frequencies.withUnsafeBufferPointer { f in
            var valid = true
            for symbol in symbols {
                let index = Int(symbol)
                valid = valid && index < size && f[index] != 0
            }
            return valid
        }
        if allValid { return }
        for (offset, symbol) in symbols.enumerated() where !table.canEncode(symbol) {
            let position = firstPosition + UInt64(offset)
            if Int(symbol) >= size {
                throw .symbolOutOfRange(symbol: symbol, alphabetSize: size, position: position)
            }
            throw .symbolHasZeroFrequency(symbol: symbol, position: position)
        }
    }

    /// Encodes symbols, writing the payload at the end of `output`, and checks each symbol on
    /// the way (a masked table index, so an unusable symbol never reads out of bounds).
    ///
    /// - Parameters:
    ///   - input: The symbols.
    ///   - output: At least ``maximumPayloadByteCount(symbolCount:)`` bytes.
    /// - Returns: The offset in `output` where the payload starts (it ends at
    ///   `output.count`), or `nil` if some symbol cannot be coded (then `output` holds
    ///   unspecified bytes).
    func encodeChecked(
        _ input: UnsafeBufferPointer<UInt32>, into output: UnsafeMutableRawBufferPointer
    ) -> Int? {
        precondition(output.count >= Self.maximumPayloadByteCount(symbolCount: input.count))
        precondition(!encodingSymbols.isEmpty, "a decoding-only codec cannot encode")
        guard let base = output.baseAddress else { return nil }
        var states = RANSStates()
        var writer = WordWriter(end: base + output.count)
        let allCodable = encodingSymbols.withUnsafeBufferPointer { entries in
            // `entries` is not empty (checked above).
            var coder = SymbolEncoder(
                entries: entries.baseAddress.unsafelyUnwrapped, mask: encoderTableMask)
            switch schedule {
            case .pairs: encodeRounds(input, &states, &writer, &coder, PairEncodingStep.self)
            case .singles: encodeRounds(input, &states, &writer, &coder, SingleEncodingStep.self)
            }
            return coder.allCodable
        }
        guard allCodable else { return nil }
        writer.cursor -= 8 * Self.stateCount
        states.store(to: writer.cursor)
        return writer.cursor - base
    }
}
