import Foundation

extension FrequencyTable {
    /// The table for `counts` whose coded symbols and serialised table together take the
    /// fewest bits.
    ///
    /// - For a table that codes few symbols, a precision below the usual 12 bits keeps most
    ///   frequencies under 128, one byte each in the header instead of two, for a quantisation
    ///   loss of a fraction of a bit per hundred symbols. Above ``smallDataSymbolCount``
    ///   symbols the precision follows the usual rule of ``init(counts:precisionBits:)``.
    ///   On the 264 values of PyWavelets' `nino` series at var/1000 (one table of 30 symbols),
    ///   the file's header went from 172 bytes to 159.
    /// - On a wide alphabet whose table is a noticeable share of the bits (more than
    ///   ``binningShare``), a binned table (``init(binning:binWidth:precisionBits:)``) is
    ///   taken when it is cheaper in all.
    ///
    /// - Throws: As ``init(counts:precisionBits:)``.
    /// - Complexity: O(k · n log n) for n symbols, with k ≤ 15 candidate precisions, plus the
    ///   binnings tried.
    public init(countsWeighingTableSize counts: [UInt64]) throws(EntropyCodingError) {
        guard let binned = Self.binningWorthTrying(counts).flatMap(Self.cheapestBinning) else {
            self = try Self.exactTableWeighingSize(counts)
            return
        }
        // No table of every frequency codes in fewer bits than the symbols' entropy plus a
        // byte a used symbol: a binned table below that wins without building the other (whose
        // precision search is most of the time on wide alphabets).
        let used = counts.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
        let floor =
            FrequencyTable.entropyBits(counts: counts) * Double(counts.reduce(0, +))
            + 8 * Double(2 + used)
        if binned.bits < floor {
            self = binned.table
            return
        }
        let exact = try Self.exactTableWeighingSize(counts)
        self = binned.bits < exact.codedBits(counts) ? binned.table : exact
    }

    /// The counts when a binned table may pay for them: an alphabet of at least
    /// ``binningAlphabet`` symbols whose used ones, a byte each at least in a table of every
    /// frequency, make more than ``binningShare`` of the bits; else nil.
    private static func binningWorthTrying(_ counts: [UInt64]) -> [UInt64]? {
        guard counts.count >= binningAlphabet else { return nil }
        let used = counts.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
        let symbolBits =
            FrequencyTable.entropyBits(counts: counts) * Double(counts.reduce(0, +))
        return 8 * Double(used) > binningShare * symbolBits ? counts : nil
    }

    /// The table of every frequency whose precision suits `counts` best, its size counted
    /// on small data.
    private static func exactTableWeighingSize(_ counts: [UInt64]) throws(EntropyCodingError)
        -> FrequencyTable
    {
        let total = counts.reduce(0, +)
        let used = counts.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
        guard total > 0, total <= Self.smallDataSymbolCount else {
            return try FrequencyTable(counts: counts)
        }
        let lowest = max(1, Int(log2(Double(used)).rounded(.up)))
        var best: (table: FrequencyTable, bits: Double)?
        for precision in lowest...15 {
            let table = try FrequencyTable(counts: counts, precisionBits: precision)
            let bits = table.codedBits(counts)
            if bits < best?.bits ?? .infinity { best = (table, bits) }
        }
        // At least one precision is tried: `lowest` is at most 15 for at most 2^15 symbols used.
        guard let best else { return try FrequencyTable(counts: counts) }
        return best.table
    }

    /// The most symbols a table chosen by ``init(countsWeighingTableSize:)`` weighs its own
    /// size for.
    public static let smallDataSymbolCount: UInt64 = 1 << 16

    /// The least alphabet ``init(countsWeighingTableSize:)`` tries binned tables for.
    public static let binningAlphabet = 64

    /// The share of a table's bits in all (its symbols' and its own) above which
    /// ``init(countsWeighingTableSize:)`` tries binned tables.
    public static let binningShare = 0.002
}
