/// A static rANS coder with eight interleaved 64-bit states, driven by a ``FrequencyTable``.
///
/// **Algorithm.** Range asymmetric numeral systems (Duda, "Asymmetric numeral systems",
/// arXiv:1311.2540, 2013) in the byte-oriented form of Fabian Giesen's ryg_rans
/// (`rans64.h`, public domain): each state `x` stays in `[L, 2^32 · L)` with `L = 2^31`, the
/// encoder emits the low 32 bits of `x` whenever coding would leave that interval, and the
/// decoder reads them back. Eight independent states keep a core's pipelines busy (Giesen,
/// "Interleaved entropy coders", arXiv:1402.3392, 2014). With `P ≤ 24` the state keeps at
/// least `31 − P` bits below a symbol's slot, so the coder loses at most about `2^(P−31)` bit
/// per symbol to rounding, far less on average.
///
/// **Schedule** (which state codes which symbol, and when a state renormalises; see
/// `RANSSchedule`): for `P ≤ 15` a state codes two symbols between renormalisations, which
/// is exact because `M² = 2^(2P)` divides `L` (the pair acts as one symbol of frequency
/// `f₁·f₂` out of `M²`); for larger precisions it renormalises after every symbol.
///
/// **Payload layout** (what ``encode(_:)`` returns and ``decode(_:count:)`` reads; also in
/// `docs/formats.md`, "rANS payload"): the eight final encoder states as little-endian
/// `UInt64` (state 0 first), then the emitted 32-bit words, little-endian, in the order the
/// decoder consumes them. Its size is `64 + 4·w` bytes for `w` emitted words, at most
/// ``maximumPayloadByteCount(symbolCount:)``.
///
/// **Decoding safety.** For any payload whatsoever the decoder stays in bounds and never
/// traps: table indices are masked to the table size, arithmetic wraps, and every word read
/// is bounds-checked (in bulk, once per round). It reports
/// ``EntropyCodingError/corruptPayload(chunk:defect:)`` unless the words are used up exactly
/// and every state ends at `L`, the encoder's initial state.
///
/// Precisions up to 16 bits decode through per-slot tables (`SlotTables`); larger ones, and
/// a 16-bit table whose one symbol holds all 2^16 slots, binary-search the cumulative
/// frequencies.
public struct RANSCodec: Sendable {
    /// The model this coder uses.
    public let table: FrequencyTable

    /// The number of interleaved states.
    public static let stateCount = 8

    /// The lower end `L = 2^31` of the state interval, and every state's initial value.
    static let lowerBound: UInt64 = 1 << 31

    /// Encoder constants, one per alphabet symbol, padded with unusable entries up to a power
    /// of two (at least 32) so that a masked symbol always indexes the table (see
    /// ``encoderTableMask`` and ``SymbolEncoder``).
    let encodingSymbols: [EncodingSymbol]

    /// `encodingSymbols.count − 1`; `encodingSymbols.count` is a power of two.
    let encoderTableMask: Int

    /// How states and symbols are interleaved for this table's precision.
    let schedule: RANSSchedule

    /// The decoder's slot tables (``SlotTables``), or `nil` when it binary-searches.
    let slotTables: SlotTables?

    /// For the binary search: the starts, frequencies and symbols of the used symbols, by start.
    let usedStarts: [UInt32]
    let usedFrequencies: [UInt32]
    let usedSymbols: [UInt32]

    /// Prepares the encoder and decoder tables for `table`.
    ///
    /// - Parameter table: The model; any valid table works.
    /// - Complexity: O(n + 2^P) for an alphabet of n symbols and precision `P ≤ 16`,
    ///   O(n) for larger precisions.
    public init(table: FrequencyTable) {
        self.init(table: table, canEncode: true)
    }

    /// Prepares the decoder tables only (a reader never encodes); ``encode(_:)`` traps.
    init(decodingWith table: FrequencyTable) {
        self.init(table: table, canEncode: false)
    }

    private init(table: FrequencyTable, canEncode: Bool) {
        self.table = table
        schedule = RANSSchedule(precisionBits: table.precisionBits)
        let starts = table.cumulativeFrequencies()
        encodingSymbols = canEncode ? Self.encoderTable(table, starts: starts) : []
        encoderTableMask = max(encodingSymbols.count - 1, 0)
        slotTables = SlotTables(table, starts: starts)
        if slotTables == nil {
            let used = table.frequencies.indices.filter { table.frequencies[$0] > 0 }
            usedStarts = used.map { starts[$0] }
            usedFrequencies = used.map { table.frequencies[$0] }
            usedSymbols = used.map { UInt32($0) }
        } else {
            usedStarts = []
            usedFrequencies = []
            usedSymbols = []
        }
    }

    /// One ``EncodingSymbol`` per symbol, then unusable entries up to a power of two ≥ 32.
    private static func encoderTable(_ table: FrequencyTable, starts: [UInt32])
        -> [EncodingSymbol]
    {
        var size = 32
        while size < table.alphabetSize { size <<= 1 }
        let unusable = EncodingSymbol(start: 0, frequency: 0, precisionBits: table.precisionBits)
        var entries = [EncodingSymbol](repeating: unusable, count: size)
        for (symbol, frequency) in table.frequencies.enumerated() where frequency > 0 {
            entries[symbol] = EncodingSymbol(
                start: starts[symbol], frequency: frequency, precisionBits: table.precisionBits)
        }
        return entries
    }

    /// The largest payload ``encode(_:)`` can produce for `symbolCount` symbols: the states
    /// plus one 32-bit word per symbol (a symbol carries at most `P ≤ 24 < 32` bits).
    ///
    /// - Parameter symbolCount: The number of symbols to encode.
    /// - Returns: `8 · stateCount + 4 · symbolCount` bytes.
    /// - Complexity: O(1).
    public static func maximumPayloadByteCount(symbolCount: Int) -> Int {
        8 * stateCount + 4 * symbolCount
    }
}
