/// The decoder's lookup tables for precisions up to 16 bits, in one of two layouts chosen by
/// their size (measured on one core, 10^7 symbols; see Scripts/compare-rans-htscodecs.sh).
///
/// - **Direct** (`P ≤ 13`, or alphabets above 256 symbols): for every slot of `0 ..< 2^P`, the
///   frequency `f` of the symbol owning it, the slot's offset `slot − start` within that symbol,
///   and the symbol, in three separate arrays so that each field is one plain load with no
///   shifts or masks on the decoder's critical path. Five bytes per slot for alphabets of up
///   to 256 symbols: 40 KiB at `P = 13`.
/// - **Indirect** (`P ≥ 14` and at most 256 symbols): the owning symbol of every slot, one byte
///   each, then that symbol's frequency and start, packed in one word of a 256-entry array
///   (one load; two arrays decoded 2–4 % slower at `P = 14`, 5–11 % at `P = 16`). One more
///   dependent load than the direct layout, but 16 KiB at `P = 14` instead of 80 KiB, so the
///   tables stay in the first-level cache: about 15 % faster at `P = 14` and 15, 15 % slower
///   at `P = 13` (measured before the loops took the precision as a type and the words
///   through a bare pointer; with them, both layouts decode 1,120–1,200 M symbols/s at
///   `P ≤ 15`, and the indirect one 870 at `P = 16`).
enum SlotTables: Sendable {
    case direct(frequencies: [UInt16], offsets: [UInt16], symbols: SlotSymbols)
    case indirect(symbols: [UInt8], entries: [UInt64])

    /// The tables for `table`, or `nil` when its precision exceeds 16 bits or one symbol has
    /// every slot of a 16-bit table (frequency 2^16 does not fit a `UInt16`); those decode by
    /// binary search instead.
    init?(_ table: FrequencyTable, starts: [UInt32]) {
        let bits = table.precisionBits
        guard bits <= 16, table.frequencies.allSatisfy({ $0 < 1 << 16 }) else { return nil }
        var owners = [UInt32](repeating: 0, count: 1 << bits)
        for (symbol, frequency) in table.frequencies.enumerated() where frequency > 0 {
            let start = Int(starts[symbol])
            for offset in 0..<Int(frequency) { owners[start + offset] = UInt32(symbol) }
        }
        if bits >= 14, table.alphabetSize <= 1 << 8 {
            self = .indirect(
                symbols: owners.map { UInt8(truncatingIfNeeded: $0) },
                entries: (0..<256).map { symbol in
                    guard symbol < table.alphabetSize else { return 0 }
                    return UInt64(table.frequencies[symbol]) << 32 | UInt64(starts[symbol])
                })
            return
        }
        self = .direct(
            frequencies: owners.map { UInt16(table.frequencies[Int($0)]) },
            offsets: owners.indices.map { UInt16($0 - Int(starts[Int(owners[$0])])) },
            symbols: SlotSymbols(owners, alphabetSize: table.alphabetSize))
    }
}

/// The owning symbol of every slot, one, two or four bytes each.
enum SlotSymbols: Sendable {
    case bytes([UInt8])
    case halfwords([UInt16])
    case words([UInt32])

    init(_ owners: [UInt32], alphabetSize: Int) {
        if alphabetSize <= 1 << 8 {
            self = .bytes(owners.map { UInt8(truncatingIfNeeded: $0) })
        } else if alphabetSize <= 1 << 16 {
            self = .halfwords(owners.map { UInt16(truncatingIfNeeded: $0) })
        } else {
            self = .words(owners)
        }
    }
}
