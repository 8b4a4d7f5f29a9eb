/// A static rANS coder with four interleaved 64-bit states, driven by a ``FrequencyTable``.
///
/// **Algorithm.** Range asymmetric numeral systems (Duda, "Asymmetric numeral systems",
/// arXiv:1311.2540, 2013) in the byte-oriented form of Fabian Giesen's ryg_rans
/// (`rans64.h`, public domain): each state `x` stays in `[L, 2^32 · L)` with `L = 2^31`, the
/// encoder emits the low 32 bits of `x` whenever coding the next symbol would leave that
/// interval, and the decoder reads them back. Symbol `i` of a chunk uses state `i mod 4`, so
/// four independent dependency chains keep a core's pipelines busy (Giesen, "Interleaved
/// entropy coders", arXiv:1402.3392, 2014). With `P ≤ 24` the state keeps at least
/// `31 − P` bits below a symbol's slot, so the coder loses at most about `2^(P−31)` bit per
/// symbol to rounding, far less on average.
///
/// **Payload layout** (what ``encode(_:)`` returns and ``decode(_:count:)`` reads):
/// the four final encoder states as little-endian `UInt64` (state 0 first), then the emitted
/// 32-bit words, little-endian, in the order the decoder consumes them. Its size is
/// `32 + 4·w` bytes for `w` emitted words, at most ``maximumPayloadByteCount(symbolCount:)``.
///
/// **Decoding safety.** For any payload whatsoever the decoder stays in bounds and never
/// overflows: with states in `[L, 2^63)` one step gives `x' = f·⌊x/2^P⌋ + (slot − start)`
/// in `[1, 2^63)` and one 32-bit refill restores `x' ≥ L`. It throws
/// ``EntropyCodingError/corruptPayload(chunk:defect:)`` unless the words are used up
/// exactly and every state ends at `L`, the encoder's initial state.
///
/// Precisions up to 16 bits decode through a direct slot table (8 bytes per slot);
/// larger ones binary-search the cumulative frequencies.
public struct RANSCodec: Sendable {
    /// The model this coder uses.
    public let table: FrequencyTable

    /// The number of interleaved states.
    public static let stateCount = 4

    /// The lower end `L = 2^31` of the state interval, and every state's initial value.
    static let lowerBound: UInt64 = 1 << 31

    /// Encoder constants, one per alphabet symbol.
    let encodingSymbols: [EncodingSymbol]

    /// For `P ≤ 16`: per slot, `(f − 1) << 48 | (slot − start) << 32 | symbol`.
    let slotEntries: [UInt64]

    /// For `P > 16`: the starts, frequencies and symbols of the used symbols, by start.
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
        let bits = table.precisionBits
        let starts = table.cumulativeFrequencies()
        encodingSymbols =
            !canEncode
            ? []
            : zip(starts, table.frequencies).map { start, frequency in
                EncodingSymbol(start: start, frequency: frequency, precisionBits: bits)
            }
        if bits <= 16 {
            var entries = [UInt64](repeating: 0, count: 1 << bits)
            for (symbol, frequency) in table.frequencies.enumerated() where frequency > 0 {
                let start = Int(starts[symbol])
                let head = UInt64(frequency - 1) << 48 | UInt64(symbol)
                for offset in 0..<Int(frequency) {
                    entries[start + offset] = head | UInt64(offset) << 32
                }
            }
            slotEntries = entries
            usedStarts = []
            usedFrequencies = []
            usedSymbols = []
        } else {
            slotEntries = []
            let used = table.frequencies.indices.filter { table.frequencies[$0] > 0 }
            usedStarts = used.map { starts[$0] }
            usedFrequencies = used.map { table.frequencies[$0] }
            usedSymbols = used.map { UInt32($0) }
        }
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
