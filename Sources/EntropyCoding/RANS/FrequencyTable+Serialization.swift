extension FrequencyTable {
    /// The byte that opens a binned table: the precision with this bit set.
    static let binnedMarker: UInt8 = 0x80

    /// The table in the compact byte form stored in a `.rdq` header.
    ///
    /// Layout: the precision `P` (one byte), the alphabet size (LEB128 varint), then one
    /// varint per symbol in order, except that a frequency 0 is followed by a varint `r` and
    /// stands for `r + 1` zero frequencies in a row. A dense table of n symbols takes about
    /// `n · ⌈P/7⌉` bytes; unused stretches of a sparse alphabet take two bytes each.
    ///
    /// A binned table (``binWidth`` `w ≥ 2`) opens with `0x80 | P` instead, then the alphabet
    /// size, then `w` (varint), then its bins' totals (``binTotals``) in the same run-length
    /// form: about `n / w` varints instead of `n`.
    ///
    /// - Returns: Bytes that ``init(serialized:)`` turns back into an equal table.
    /// - Complexity: O(n) for an alphabet of n symbols.
    public func serialized() -> [UInt8] {
        var bytes: [UInt8]
        if binWidth > 1 {
            bytes = [Self.binnedMarker | UInt8(precisionBits)]
            bytes.appendVarint(UInt64(alphabetSize))
            bytes.appendVarint(UInt64(binWidth))
            Self.appendRuns(binTotals, to: &bytes)
        } else {
            bytes = [UInt8(precisionBits)]
            bytes.appendVarint(UInt64(alphabetSize))
            Self.appendRuns(frequencies, to: &bytes)
        }
        return bytes
    }

    /// One varint per value, a 0 followed by the number of further zeros in its run.
    private static func appendRuns(_ values: [UInt32], to bytes: inout [UInt8]) {
        var index = 0
        while index < values.count {
            let value = values[index]
            bytes.appendVarint(UInt64(value))
            index += 1
            if value == 0 {
                var run: UInt64 = 0
                while index < values.count, values[index] == 0 {
                    run += 1
                    index += 1
                }
                bytes.appendVarint(run)
            }
        }
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
    ///   alphabet size, bin width, frequency or zero run out of range, a bin total that cannot
    ///   give each of its symbols a frequency, or for bytes left over; the errors of
    ///   ``init(frequencies:precisionBits:)`` if the frequencies do not add up.
    /// - Complexity: O(n + b) for an alphabet of n symbols stored in b bytes.
    public init(serialized bytes: [UInt8]) throws(EntropyCodingError) {
        var parser = ByteParser(bytes)
        let first = try parser.read(UInt8.self, field: .precisionBits)
        let binned = first & Self.binnedMarker != 0
        let precision = first & ~Self.binnedMarker
        guard Self.precisionRange.contains(Int(precision)) else {
            throw .invalidField(
                .precisionBits, value: UInt64(first),
                expected: "\(Self.precisionRange.lowerBound)...\(Self.precisionRange.upperBound)"
                    + ", 128 more for a binned table")
        }
        let size = try parser.readVarint(
            field: .alphabetSize, maximum: UInt64(Self.maximumAlphabetSize), maximumBytes: 4)
        guard size > 0 else {
            throw .invalidField(
                .alphabetSize, value: 0, expected: "1...\(Self.maximumAlphabetSize)")
        }
        let total = UInt64(1) << UInt64(precision)
        guard binned else {
            let frequencies = try Self.readRuns(count: Int(size), total: total, from: &parser)
            try Self.checkEnd(parser, bytes: bytes, symbols: Int(size))
            try self.init(frequencies: frequencies, precisionBits: Int(precision))
            return
        }
        let width = try parser.readVarint(field: .binWidth, maximum: size, maximumBytes: 3)
        guard width >= 2 else {
            throw .invalidField(.binWidth, value: width, expected: "2...\(size)")
        }
        let binCount = (Int(size) + Int(width) - 1) / Int(width)
        let totals = try Self.readRuns(count: binCount, total: total, from: &parser)
        try Self.checkEnd(parser, bytes: bytes, symbols: Int(size))
        try self.init(
            binTotals: totals, binWidth: Int(width), alphabetSize: Int(size),
            precisionBits: Int(precision))
    }

    /// Reads `count` values written by ``appendRuns(_:to:)``, none above `total` and their
    /// sum not either.
    private static func readRuns(count: Int, total: UInt64, from parser: inout ByteParser)
        throws(EntropyCodingError) -> [UInt32]
    {
        // Each stored varint is at least one byte and stands for at least one value, so a
        // table cannot claim more values than it could hold; still, never allocate more than
        // the declared count, which is bounded above.
        var values = [UInt32]()
        values.reserveCapacity(count)
        var sum: UInt64 = 0
        var afterZeroRun = false
        while values.count < count {
            let value = try parser.readVarint(field: .frequencies, maximum: total, maximumBytes: 4)
            if value == 0 {
                // Runs are maximal in the canonical form: a run never follows a run.
                guard !afterZeroRun else {
                    throw .invalidField(
                        .frequencies, value: 0,
                        expected: "a non-zero frequency after a run of zeros")
                }
                let left = UInt64(count - values.count - 1)
                let run = try parser.readVarint(field: .frequencies, maximum: left, maximumBytes: 3)
                values.append(contentsOf: repeatElement(0, count: Int(run) + 1))
                afterZeroRun = true
            } else {
                afterZeroRun = false
                sum += value
                guard sum <= total else {
                    throw .invalidField(
                        .frequencies, value: sum, expected: "frequencies adding up to \(total)")
                }
                values.append(UInt32(value))
            }
        }
        return values
    }

    /// Throws unless the parser has read every byte.
    private static func checkEnd(_ parser: ByteParser, bytes: [UInt8], symbols: Int)
        throws(EntropyCodingError)
    {
        guard parser.remaining == 0 else {
            throw .invalidField(
                .tableLength, value: UInt64(bytes.count),
                expected: "\(parser.offset) bytes for a table of \(symbols) symbols")
        }
    }
}
