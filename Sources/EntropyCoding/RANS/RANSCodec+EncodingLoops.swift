/// The encoding loop of the two ``RANSSchedule``s, specialised for each schedule's
/// ``EncodingLaneStep``. Symbols are coded last to first, so that
/// the decoder reads them first to last; words are written downwards from the end of the
/// output, so that the decoder reads them upwards.
///
/// The bulk loops keep the eight states in a small stack buffer rather than in locals: the
/// per-symbol constants already fill the registers, and states in locals made the compiler
/// spill those constants instead (measured about 5 % slower).
extension RANSCodec {
    /// Encodes `input` with the schedule whose lane step is `Step`.
    @inline(__always)
    func encodeRounds<Step: EncodingLaneStep>(
        _ input: UnsafeBufferPointer<UInt32>, _ states: inout RANSStates,
        _ writer: inout WordWriter, _ coder: inout SymbolEncoder, _: Step.Type
    ) {
        guard let p = input.baseAddress else { return }
        let round = Self.stateCount * Step.symbolsPerLane
        let rounds = input.count / round * round
        var i = input.count
        while i > rounds {
            i -= 1
            Self.encodeSingle(&states[i], p[i], &writer, &coder)
        }
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 8) { x in
            for lane in 0..<8 { x[lane] = states[lane] }
            var symbolBits = SIMD8<UInt32>()
            while i > 0 {
                i &-= round
                let q = p + i
                symbolBits |= Step.roundSymbolBits(q)
                Step.encode(&x[7], q + 7, &writer, &coder)
                Step.encode(&x[6], q + 6, &writer, &coder)
                Step.encode(&x[5], q + 5, &writer, &coder)
                Step.encode(&x[4], q + 4, &writer, &coder)
                Step.encode(&x[3], q + 3, &writer, &coder)
                Step.encode(&x[2], q + 2, &writer, &coder)
                Step.encode(&x[1], q + 1, &writer, &coder)
                Step.encode(&x[0], q, &writer, &coder)
            }
            coder.note(symbolBits)
            for lane in 0..<8 { states[lane] = x[lane] }
        }
    }

    /// Codes `first` and `second` (decoded in that order) into `x`, renormalising once before.
    @inline(__always)
    static func encodePair(
        _ x: inout UInt64, _ first: UInt32, _ second: UInt32, _ writer: inout WordWriter,
        _ coder: inout SymbolEncoder
    ) {
        let a = coder.entry(first, rangeNoted: true)
        let b = coder.entry(second, rangeNoted: true)
        let emits = x &>> 31 >= a.pairFactor &* b.pairFactor
        writer.put(x, keep: emits)
        x = a.encode(b.encode(emits ? x &>> 32 : x))
    }

    /// Codes `symbol` into `x`, renormalising first if needed.
    @inline(__always)
    static func encodeSingle(
        _ x: inout UInt64, _ symbol: UInt32, _ writer: inout WordWriter,
        _ coder: inout SymbolEncoder, rangeNoted: Bool = false
    ) {
        let entry = coder.entry(symbol, rangeNoted: rangeNoted)
        let emits = x >= entry.upperBound
        writer.put(x, keep: emits)
        x = entry.encode(emits ? x &>> 32 : x)
    }
}

/// What one state does in a round of a schedule's bulk encoding loop: code its symbols of the
/// round (the symbol bits are noted by the loop).
protocol EncodingLaneStep {
    /// The state's symbols in a round: at `symbols[0]`, `symbols[8]`, ….
    static var symbolsPerLane: Int { get }
    /// The OR of the round's symbols at `symbols`, eight lanes at a time.
    static func roundSymbolBits(_ symbols: UnsafePointer<UInt32>) -> SIMD8<UInt32>
    static func encode(
        _ x: inout UInt64, _ symbols: UnsafePointer<UInt32>, _ writer: inout WordWriter,
        _ coder: inout SymbolEncoder)
}

/// The pair schedule's step: `symbols[0]` and `symbols[8]` with one renormalisation.
enum PairEncodingStep: EncodingLaneStep {
    static var symbolsPerLane: Int { 2 }

    @inline(__always)
    static func roundSymbolBits(_ symbols: UnsafePointer<UInt32>) -> SIMD8<UInt32> {
        SymbolEncoder.load8(symbols) | SymbolEncoder.load8(symbols + 8)
    }

    @inline(__always)
    static func encode(
        _ x: inout UInt64, _ symbols: UnsafePointer<UInt32>, _ writer: inout WordWriter,
        _ coder: inout SymbolEncoder
    ) {
        RANSCodec.encodePair(&x, symbols[0], symbols[8], &writer, &coder)
    }
}

/// The single schedule's step: `symbols[0]`.
enum SingleEncodingStep: EncodingLaneStep {
    static var symbolsPerLane: Int { 1 }

    @inline(__always)
    static func roundSymbolBits(_ symbols: UnsafePointer<UInt32>) -> SIMD8<UInt32> {
        SymbolEncoder.load8(symbols)
    }

    @inline(__always)
    static func encode(
        _ x: inout UInt64, _ symbols: UnsafePointer<UInt32>, _ writer: inout WordWriter,
        _ coder: inout SymbolEncoder
    ) {
        RANSCodec.encodeSingle(&x, symbols[0], &writer, &coder, rangeNoted: true)
    }
}

/// The encoder's table lookups, which also collect what is needed to tell afterwards whether
/// every symbol was codable: the OR of every symbol and of every entry's
/// ``EncodingSymbol/shift`` field. The table has a power-of-two size `mask + 1 ≥ 32`, so the
/// shifts (below 32) stay below it and every symbol is below it exactly when the OR of the
/// symbols is; an unusable entry adds ``EncodingSymbol/unusableFlag`` (2^31, above any table
/// size). So all symbols were codable exactly when the OR is at most `mask`.
///
/// The bulk loops OR the symbols eight at a time in a vector register (``load8(_:)``,
/// ``note(_:)``) and look entries up with `rangeNoted: true`: one scalar OR per symbol fewer
/// in the loop that limits the encoder (measured about 10 % faster).
struct SymbolEncoder {
    let entries: UnsafePointer<EncodingSymbol>
    let mask: Int
    var seen: UInt32 = 0

    /// The constants for `symbol` (an unusable entry if it is out of range or unused);
    /// `rangeNoted` when the caller ORs the symbol into ``note(_:)`` itself.
    @inline(__always)
    mutating func entry(_ symbol: UInt32, rangeNoted: Bool = false) -> EncodingSymbol {
        let entry = entries[Int(truncatingIfNeeded: symbol) & mask]
        seen |= rangeNoted ? entry.shift : symbol | entry.shift
        return entry
    }

    /// The eight symbols at `symbols`.
    @inline(__always)
    static func load8(_ symbols: UnsafePointer<UInt32>) -> SIMD8<UInt32> {
        UnsafeRawPointer(symbols).loadUnaligned(as: SIMD8<UInt32>.self)
    }

    /// Adds the OR of symbols collected by a bulk loop.
    mutating func note(_ symbolBits: SIMD8<UInt32>) {
        for lane in symbolBits.indices { seen |= symbolBits[lane] }
    }

    /// Whether every symbol looked up so far can be coded.
    var allCodable: Bool { UInt64(seen) <= UInt64(mask) }
}

/// Where the encoder stores words: downwards from the end of its output buffer.
///
/// Every renormalisation step stores its candidate word below ``cursor`` and keeps it only if
/// it renormalises, so there is no branch. At most one word per symbol is kept and the output
/// holds `64 + 4·n` bytes, so ``cursor`` never drops below the states' 64 bytes and the
/// speculative store stays in bounds.
struct WordWriter {
    /// The start of the last word kept.
    var cursor: UnsafeMutableRawPointer

    init(end: UnsafeMutableRawPointer) { cursor = end }

    /// Stores the low 32 bits of `x` below the cursor, and keeps them if `keep`.
    @inline(__always)
    mutating func put(_ x: UInt64, keep: Bool) {
        (cursor - 4).storeBytes(
            of: UInt32(truncatingIfNeeded: x).littleEndian, as: UInt32.self)
        cursor -= keep ? 4 : 0
    }
}
