import Foundation

/// Integer symbol frequencies that add up to a power of two: the model an rANS coder codes with.
///
/// Symbol `s` of the alphabet `0..<alphabetSize` has frequency `frequencies[s]`, and the coder
/// spends about `precisionBits − log2(frequencies[s])` bits on it. A symbol of frequency 0 is
/// "unused": it cannot be encoded (the encoder throws
/// ``EntropyCodingError/symbolHasZeroFrequency(symbol:position:)``).
///
/// Build one from data with ``init(counts:precisionBits:)`` or from a model with
/// ``init(probabilities:precisionBits:)``: both quantise optimally (least cross-entropy) and
/// choose the precision. ``init(frequencies:precisionBits:)`` checks a table read back from a
/// file, so that every value of this type satisfies the invariants below.
///
/// **Invariants.** `1 ≤ alphabetSize ≤ maximumAlphabetSize`,
/// `precisionBits ∈ precisionRange`, every frequency is at most `2^precisionBits`, and the
/// frequencies add up to exactly `2^precisionBits` (so at least one symbol is used).
public struct FrequencyTable: Sendable, Hashable {
    /// The table total is `2^precisionBits`.
    public let precisionBits: Int

    /// One frequency per symbol of the alphabet; 0 marks a symbol that cannot be coded.
    public let frequencies: [UInt32]

    /// How the table is stored: 1 — every frequency; `w ≥ 2` — the total of every `w`
    /// consecutive symbols, spread evenly over them (``init(binning:binWidth:precisionBits:)``).
    /// The frequencies of a binned table are those its bins' totals spread.
    public internal(set) var binWidth = 1

    /// The largest alphabet a table may have: 2^20 symbols.
    public static let maximumAlphabetSize = 1 << 20

    /// The allowed precisions. The coder keeps 64-bit states renormalised to `[2^31, 2^63)`,
    /// so its own coding loss stays below about `2^(precisionBits − 31)` bits per symbol;
    /// 24 bits bound that by 0.01 bit in the worst case and far less on average.
    public static let precisionRange: ClosedRange<Int> = 1...24

    /// Creates a table from frequencies, checking every invariant.
    ///
    /// Use it for a table read from a file; to build a table from data, use
    /// ``init(counts:precisionBits:)`` or ``init(probabilities:precisionBits:)``.
    ///
    /// - Parameters:
    ///   - frequencies: One frequency per symbol; 0 for symbols that will never be coded.
    ///   - precisionBits: The base-2 logarithm of the total the frequencies must add up to.
    /// - Throws: ``EntropyCodingError/emptyAlphabet``,
    ///   ``EntropyCodingError/alphabetTooLarge(size:maximum:)``,
    ///   ``EntropyCodingError/invalidPrecision(bits:allowed:)``,
    ///   ``EntropyCodingError/frequencyTooLarge(symbol:frequency:total:)`` or
    ///   ``EntropyCodingError/frequencySumMismatch(sum:expected:)``.
    /// - Complexity: O(n) for an alphabet of n symbols.
    public init(frequencies: [UInt32], precisionBits: Int) throws(EntropyCodingError) {
        guard !frequencies.isEmpty else { throw .emptyAlphabet }
        guard frequencies.count <= Self.maximumAlphabetSize else {
            throw .alphabetTooLarge(size: frequencies.count, maximum: Self.maximumAlphabetSize)
        }
        guard Self.precisionRange.contains(precisionBits) else {
            throw .invalidPrecision(bits: precisionBits, allowed: Self.precisionRange)
        }
        let total = UInt64(1) << UInt64(precisionBits)
        var sum: UInt64 = 0
        for (symbol, frequency) in frequencies.enumerated() {
            guard UInt64(frequency) <= total else {
                throw .frequencyTooLarge(symbol: symbol, frequency: UInt64(frequency), total: total)
            }
            sum += UInt64(frequency)
        }
        guard sum == total else { throw .frequencySumMismatch(sum: sum, expected: total) }
        self.precisionBits = precisionBits
        self.frequencies = frequencies
    }

    /// The number of symbols in the alphabet, used or not.
    ///
    /// - Complexity: O(1).
    public var alphabetSize: Int { frequencies.count }

    /// The sum of all frequencies, `2^precisionBits`.
    ///
    /// - Complexity: O(1).
    public var total: UInt32 { UInt32(1) << UInt32(precisionBits) }

    /// The number of symbols with a non-zero frequency.
    ///
    /// - Complexity: O(n) for an alphabet of n symbols.
    public var usedSymbolCount: Int { frequencies.reduce(0) { $0 + ($1 == 0 ? 0 : 1) } }

    /// Whether `symbol` can be encoded with this table (it is in the alphabet and its
    /// frequency is non-zero).
    ///
    /// - Parameter symbol: A symbol index.
    /// - Returns: `true` if the encoder accepts `symbol`.
    /// - Complexity: O(1).
    public func canEncode(_ symbol: UInt32) -> Bool {
        Int(symbol) < frequencies.count && frequencies[Int(symbol)] != 0
    }

    /// The cumulative frequencies: `starts[s]` is the sum of the frequencies of the symbols
    /// before `s`, so symbol `s` owns the slots `starts[s] ..< starts[s] + frequencies[s]`.
    ///
    /// - Returns: An array of `alphabetSize` values, each at most `2^precisionBits`.
    /// - Complexity: O(n) for an alphabet of n symbols.
    public func cumulativeFrequencies() -> [UInt32] {
        var starts = [UInt32](repeating: 0, count: frequencies.count)
        var running: UInt32 = 0
        for symbol in frequencies.indices {
            starts[symbol] = running
            running &+= frequencies[symbol]
        }
        return starts
    }
}
