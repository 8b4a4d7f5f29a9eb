/// The decoder's per-slot tables for precisions up to 16 bits: for every slot of `0 ..< 2^P`,
/// the frequency `f` of the symbol owning it, the slot's offset `slot − start` within that
/// symbol, and the symbol itself.
///
/// Three separate arrays rather than one packed entry: each field is then one plain load (no
/// shifts or masks on the decoder's critical path), and the symbols take one byte per slot
/// for alphabets of up to 256 symbols, two up to 65,536. At `P = 12` the tables take 20 KiB
/// and stay in a core's L1 cache.
struct SlotTables: Sendable {
    /// Per slot, the owning symbol's frequency (below 2^16, see ``init(_:starts:)``).
    let frequencies: [UInt16]
    /// Per slot, `slot − start` of the owning symbol.
    let offsets: [UInt16]
    /// Per slot, the owning symbol, in the narrowest type that holds the alphabet.
    let symbols: SlotSymbols

    /// The tables for `table`, or `nil` when its precision exceeds 16 bits or one symbol has
    /// every slot of a 16-bit table (frequency 2^16 does not fit a `UInt16`); those decode by
    /// binary search instead.
    init?(_ table: FrequencyTable, starts: [UInt32]) {
        let bits = table.precisionBits
        guard bits <= 16, table.frequencies.allSatisfy({ $0 < 1 << 16 }) else { return nil }
        var frequencies = [UInt16](repeating: 0, count: 1 << bits)
        var offsets = [UInt16](repeating: 0, count: 1 << bits)
        var owners = [UInt32](repeating: 0, count: 1 << bits)
        for (symbol, frequency) in table.frequencies.enumerated() where frequency > 0 {
            let start = Int(starts[symbol])
            for offset in 0..<Int(frequency) {
                frequencies[start + offset] = UInt16(frequency)
                offsets[start + offset] = UInt16(offset)
                owners[start + offset] = UInt32(symbol)
            }
        }
        self.frequencies = frequencies
        self.offsets = offsets
        symbols = SlotSymbols(owners, alphabetSize: table.alphabetSize)
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
