extension RANSCodec {
    /// Encodes symbols into a payload (layout in ``RANSCodec``).
    ///
    /// - Parameter symbols: Symbol indices, each encodable by ``table``.
    /// - Returns: The payload, `32 + 4·w` bytes for `w` emitted words.
    /// - Throws: ``EntropyCodingError/symbolOutOfRange(symbol:alphabetSize:position:)`` or
    ///   ``EntropyCodingError/symbolHasZeroFrequency(symbol:position:)`` for the first symbol
    ///   the table cannot code (`position` is its index in `symbols`).
    /// - Complexity: O(n) for n symbols.
    public func encode(_ symbols: [UInt32]) throws(EntropyCodingError) -> [UInt8] {
        try symbols.withUnsafeBufferPointer { (input) throws(EntropyCodingError) -> [UInt8] in
            try validate(input, firstPosition: 0)
            let capacity = Self.maximumPayloadByteCount(symbolCount: input.count)
            var buffer = [UInt8](repeating: 0, count: capacity)
            let start = buffer.withUnsafeMutableBytes { encodeValidated(input, into: $0) }
            return Array(buffer[start...])
        }
    }

    /// Throws for the first symbol the table cannot code; `firstPosition` is the sample
    /// index of `symbols[0]`, used in the error.
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

    /// Encodes symbols already checked by ``validate(_:firstPosition:)``, writing the payload
    /// at the end of `output`.
    ///
    /// - Parameters:
    ///   - input: The symbols.
    ///   - output: At least ``maximumPayloadByteCount(symbolCount:)`` bytes.
    /// - Returns: The offset in `output` where the payload starts; it ends at `output.count`.
    func encodeValidated(
        _ input: UnsafeBufferPointer<UInt32>, into output: UnsafeMutableRawBufferPointer
    ) -> Int {
        precondition(output.count >= Self.maximumPayloadByteCount(symbolCount: input.count))
        precondition(
            encodingSymbols.count == table.alphabetSize, "a decoding-only codec cannot encode")
        let low = Self.lowerBound
        var x0 = low
        var x1 = low
        var x2 = low
        var x3 = low
        // Words go downwards from the end; `cursor` is the byte offset of the last word stored.
        // Every step stores its candidate word below `cursor` and keeps it only if it
        // renormalises. At most one word per symbol is kept, so `cursor` never drops below
        // the 8·K bytes reserved for the states, and the speculative store stays in bounds.
        var cursor = output.count
        encodingSymbols.withUnsafeBufferPointer { table in
            @inline(__always)
            func put(_ x: inout UInt64, _ symbol: UInt32) {
                let entry = table[Int(symbol)]
                let emits = x >= entry.upperBound
                output.storeBytes(
                    of: UInt32(truncatingIfNeeded: x).littleEndian, toByteOffset: cursor &- 4,
                    as: UInt32.self)
                cursor &-= emits ? 4 : 0
                let renormalised = emits ? x >> 32 : x
                x = entry.encode(renormalised)
            }
            // Symbols are coded last to first; symbol i uses state i mod 4.
            var i = input.count
            while i & 3 != 0 {
                i -= 1
                switch i & 3 {
                case 2: put(&x2, input[i])
                case 1: put(&x1, input[i])
                default: put(&x0, input[i])
                }
            }
            while i > 0 {
                i &-= 4
                put(&x3, input[i &+ 3])
                put(&x2, input[i &+ 2])
                put(&x1, input[i &+ 1])
                put(&x0, input[i])
            }
        }
        cursor -= 8 * Self.stateCount
        for (index, state) in [x0, x1, x2, x3].enumerated() {
            output.storeBytes(
                of: state.littleEndian, toByteOffset: cursor + 8 * index, as: UInt64.self)
        }
        return cursor
    }
}
