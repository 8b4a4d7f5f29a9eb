extension FrequencyTable {
    /// The table in the compact byte form stored in a `.rdq` header.
    ///
    /// Layout: the precision `P` (one byte), the alphabet size (LEB128 varint), then one
    /// varint per symbol in order, except that a frequency 0 is followed by a varint `r` and
    /// stands for `r + 1` zero frequencies in a row. A dense table of n symbols takes about
    /// `n · ⌈P/7⌉` bytes; unused stretches of a sparse alphabet take two bytes each.
    ///
    /// - Returns: Bytes that ``init(serialized:)`` turns back into an equal table.
    /// - Complexity: O(n) for an alphabet of n symbols.
    public func serialized() -> [UInt8] {
        var bytes: [UInt8] = [UInt8(precisionBits)]
        bytes.appendVarint(UInt64(alphabetSize))
        var symbol = 0
        while symbol < frequencies.count {
            let frequency = frequencies[symbol]
            bytes.appendVarint(UInt64(frequency))
            symbol += 1
            if frequency == 0 {
                var run: UInt64 = 0
                while symbol < frequencies.count, frequencies[symbol] == 0 {
                    run += 1
                    symbol += 1
                }
                bytes.appendVarint(run)
            }
        }
        return bytes
    }

    /// Reads a table written by ``serialized()``, checking every field before use.
    ///
    /// The bytes must hold exactly one table in its canonical form (shortest varints, maximal
    /// zero runs) and nothing after it, so that `init(serialized: b).serialized() == b` for
    /// every accepted `b`.
    ///
    /// - Parameter bytes: The serialised table.
    /// - Throws: ``EntropyCodingError/truncated(field:needed:available:)`` if the bytes end
    ///   early; ``EntropyCodingError/invalidField(_:value:expected:)`` for a precision,
    ///   alphabet size, frequency or zero run out of range, or for bytes left over; the
    ///   errors of ``init(frequencies:precisionBits:)`` if the frequencies do not add up.
    /// - Complexity: O(n + b) for an alphabet of n symbols stored in b bytes.
    public init(serialized bytes: [UInt8]) throws(EntropyCodingError) {
        var parser = ByteParser(bytes)
        let precision = try parser.read(UInt8.self, field: .precisionBits)
        guard Self.precisionRange.contains(Int(precision)) else {
            throw .invalidField(
                .precisionBits, value: UInt64(precision),
                expected: "\(Self.precisionRange.lowerBound)...\(Self.precisionRange.upperBound)")
        }
        let size = try parser.readVarint(
            field: .alphabetSize, maximum: UInt64(Self.maximumAlphabetSize), maximumBytes: 4)
        guard size > 0 else {
            throw .invalidField(
                .alphabetSize, value: 0, expected: "1...\(Self.maximumAlphabetSize)")
        }
        let total = UInt64(1) << UInt64(precision)
        // Each stored varint is at least one byte and stands for at least one symbol, so a
        // table cannot claim more symbols than it could hold; still, never allocate more than
        // the declared size, which is bounded above.
        var frequencies = [UInt32]()
        frequencies.reserveCapacity(Int(size))
        var sum: UInt64 = 0
        var afterZeroRun = false
        while frequencies.count < Int(size) {
            let frequency = try parser.readVarint(
                field: .frequencies, maximum: total, maximumBytes: 4)
            if frequency == 0 {
                // Runs are maximal in the canonical form: a run never follows a run.
                guard !afterZeroRun else {
                    throw .invalidField(
                        .frequencies, value: 0,
                        expected: "a non-zero frequency after a run of zeros")
                }
                let left = UInt64(Int(size) - frequencies.count - 1)
                let run = try parser.readVarint(field: .frequencies, maximum: left, maximumBytes: 3)
                frequencies.append(contentsOf: repeatElement(0, count: Int(run) + 1))
                afterZeroRun = true
            } else {
                afterZeroRun = false
                sum += frequency
                guard sum <= total else {
                    throw .invalidField(
                        .frequencies, value: sum, expected: "frequencies adding up to \(total)")
                }
                frequencies.append(UInt32(frequency))
            }
        }
        guard parser.remaining == 0 else {
            throw .invalidField(
                .tableLength, value: UInt64(bytes.count),
                expected: "\(parser.offset) bytes for a table of \(size) symbols")
        }
        try self.init(frequencies: frequencies, precisionBits: Int(precision))
    }
}
