/// The decoder's inverse lookup: from a state's low `P` bits (its slot) to the symbol that
/// owns the slot, and the state update `x' = f·⌊x / 2^P⌋ + (slot − start)`.
///
/// Three implementations, so that the decoding loops are specialised for each: the two layouts
/// of ``SlotTables`` for `P ≤ 16`, a binary search for larger precisions. All are views of
/// arrays owned by a ``RANSCodec`` and are valid only inside its `withUnsafeBufferPointer`
/// scopes.
protocol SlotDecoder {
    /// Replaces `x` by its predecessor state and returns the decoded symbol.
    func step(_ x: inout UInt64) -> UInt32
}

/// Direct lookup in ``SlotTables/direct(frequencies:offsets:symbols:)``; `Symbol` is the width
/// of the stored symbols.
struct DirectSlotDecoder<Symbol: FixedWidthInteger & UnsignedInteger>: SlotDecoder {
    let frequencies: UnsafePointer<UInt16>
    let offsets: UnsafePointer<UInt16>
    let symbols: UnsafePointer<Symbol>
    let bits: UInt64
    let mask: UInt64

    @inline(__always)
    func step(_ x: inout UInt64) -> UInt32 {
        // Every table holds 2^P entries, so the masked index is always in bounds.
        let slot = Int(truncatingIfNeeded: x & mask)
        x = UInt64(frequencies[slot]) &* (x &>> bits) &+ UInt64(offsets[slot])
        return UInt32(truncatingIfNeeded: symbols[slot])
    }
}

/// Binary search over the cumulative frequencies of the used symbols.
struct SearchSlotDecoder: SlotDecoder {
    let starts: UnsafeBufferPointer<UInt32>
    let frequencies: UnsafeBufferPointer<UInt32>
    let symbols: UnsafeBufferPointer<UInt32>
    let bits: UInt64
    let mask: UInt64

    @inline(__always)
    func step(_ x: inout UInt64) -> UInt32 {
        let slot = UInt32(truncatingIfNeeded: x & mask)
        // Invariant: starts[low] ≤ slot < starts[high] (starts[count] read as 2^P); starts[0] == 0.
        var low = 0
        var high = starts.count
        while high &- low > 1 {
            let middle = (low &+ high) >> 1
            if starts[middle] <= slot { low = middle } else { high = middle }
        }
        x = UInt64(frequencies[low]) &* (x &>> bits) &+ UInt64(slot &- starts[low])
        return symbols[low]
    }
}

/// Two-level lookup in ``SlotTables/indirect(symbols:entries:)``: the slot's symbol, then
/// that symbol's frequency and start, packed in one word (one load).
///
/// The precision is a type (`Precision`), so that the shift and the mask are constants in
/// the decoding loop: with eight states, every register counts (as stored values they pushed
/// states out to the stack).
struct IndirectSlotDecoder<Precision: StaticPrecision>: SlotDecoder {
    let symbols: UnsafePointer<UInt8>
    /// Per symbol, its frequency in the high 32 bits and its start in the low 32.
    let entries: UnsafePointer<UInt64>

    @inline(__always)
    func step(_ x: inout UInt64) -> UInt32 {
        // The symbol table holds 2^P entries and the entries 256, so every index is in bounds.
        let slot = x & Precision.mask
        let symbol = Int(truncatingIfNeeded: symbols[Int(truncatingIfNeeded: slot)])
        let entry = entries[symbol]
        x = (entry &>> 32) &* (x &>> Precision.bits) &+ slot &- (entry & 0xFFFF_FFFF)
        return UInt32(truncatingIfNeeded: symbol)
    }
}

/// A table precision `P` known when the decoding loop is compiled.
protocol StaticPrecision {
    static var bits: UInt64 { get }
}

extension StaticPrecision {
    static var mask: UInt64 { (1 &<< bits) &- 1 }
}

/// `P = 14`.
enum Precision14: StaticPrecision { static var bits: UInt64 { 14 } }
/// `P = 15`.
enum Precision15: StaticPrecision { static var bits: UInt64 { 15 } }
/// `P = 16`.
enum Precision16: StaticPrecision { static var bits: UInt64 { 16 } }
