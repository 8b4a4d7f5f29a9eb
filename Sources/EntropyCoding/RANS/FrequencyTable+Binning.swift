import Foundation

/// Binned tables: on a wide alphabet that codes few symbols per entry — the residuals of a
/// fine quantiser, thousands of codewords for 10^5 samples — storing every frequency costs
/// more than the symbols' own coding (two to three bytes per symbol). A binned table stores
/// the total of every `w` consecutive symbols and spreads it evenly over them: `n / w`
/// numbers instead of `n`, at the price of coding each symbol with its bin's average
/// probability. Where the distribution is smooth over a bin that price is small (a bin a
/// quarter of a Gaussian's deviation wide loses about 0.004 bits per symbol).
extension FrequencyTable {
    /// Each bin's total frequency: the sum of the frequencies of its `binWidth` symbols (the
    /// last bin's may be fewer).
    ///
    /// - Complexity: O(n) for an alphabet of n symbols.
    public var binTotals: [UInt32] {
        stride(from: 0, to: frequencies.count, by: binWidth).map { start in
            frequencies[start..<min(frequencies.count, start + binWidth)].reduce(0, +)
        }
    }

    /// A binned table from its bins' totals, checking every invariant: the totals add up to
    /// `2^precisionBits`, and each is 0 or at least its bin's width (every symbol of a used bin
    /// gets a frequency of at least 1). A bin of `w` symbols and total `F` gives each symbol
    /// `⌊F / w⌋`, and one more to each of its first `F mod w`.
    ///
    /// - Throws: ``EntropyCodingError/invalidField(_:value:expected:)`` for a bad width or a
    ///   bin total below its width, and the errors of ``init(frequencies:precisionBits:)``.
    /// - Complexity: O(n) for an alphabet of n symbols.
    public init(binTotals: [UInt32], binWidth: Int, alphabetSize: Int, precisionBits: Int)
        throws(EntropyCodingError)
    {
        guard alphabetSize > 0 else { throw .emptyAlphabet }
        guard alphabetSize <= Self.maximumAlphabetSize else {
            throw .alphabetTooLarge(size: alphabetSize, maximum: Self.maximumAlphabetSize)
        }
        guard binWidth >= 2, binWidth <= alphabetSize,
            binTotals.count == (alphabetSize + binWidth - 1) / binWidth
        else {
            throw .invalidField(
                .binWidth, value: UInt64(max(0, binWidth)), expected: "2...\(alphabetSize)")
        }
        var frequencies = [UInt32](repeating: 0, count: alphabetSize)
        for (bin, total) in binTotals.enumerated() where total > 0 {
            let start = bin * binWidth
            let width = min(alphabetSize, start + binWidth) - start
            guard Int(total) >= width else {
                throw .invalidField(
                    .frequencies, value: UInt64(total),
                    expected: "0 or at least \(width) for bin \(bin), one per symbol")
            }
            let (share, extra) = (Int(total) / width, Int(total) % width)
            for k in 0..<width { frequencies[start + k] = UInt32(share + (k < extra ? 1 : 0)) }
        }
        try self.init(frequencies: frequencies, precisionBits: precisionBits)
        self.binWidth = binWidth
    }

    /// The binned table of width `binWidth` and precision `precisionBits` that codes symbols
    /// with these counts in the fewest bits (its bins' totals are optimal for the bins' counts,
    /// each used bin's at least its width).
    ///
    /// - Throws: ``EntropyCodingError/precisionTooLow(bits:usedSymbols:)`` when the used bins
    ///   hold more than `2^precisionBits` symbols; the errors of
    ///   ``init(binTotals:binWidth:alphabetSize:precisionBits:)``.
    /// - Complexity: O(n + b log b) for n symbols in b bins.
    public init(binning counts: [UInt64], binWidth: Int, precisionBits: Int)
        throws(EntropyCodingError)
    {
        guard Self.precisionRange.contains(precisionBits) else {
            throw .invalidPrecision(bits: precisionBits, allowed: Self.precisionRange)
        }
        let n = counts.count
        guard binWidth >= 2, binWidth <= n else {
            throw .invalidField(.binWidth, value: UInt64(max(0, binWidth)), expected: "2...\(n)")
        }
        let binCounts = stride(from: 0, to: n, by: binWidth).map { start in
            counts[start..<min(n, start + binWidth)].reduce(0, +)
        }
        let widths = binCounts.indices.map { UInt32(min(n, ($0 + 1) * binWidth) - $0 * binWidth) }
        let usedWidth = zip(binCounts, widths).reduce(0) { $0 + ($1.0 > 0 ? Int($1.1) : 0) }
        guard usedWidth <= 1 << precisionBits else {
            throw .precisionTooLow(bits: precisionBits, usedSymbols: usedWidth)
        }
        let total = Double(binCounts.reduce(0, +))
        guard total > 0 else { throw .noPositiveWeight }
        let totals = Self.optimalFrequencies(
            binCounts.map { Double($0) / total }, precisionBits: precisionBits, minima: widths)
        try self.init(
            binTotals: totals, binWidth: binWidth, alphabetSize: n, precisionBits: precisionBits)
    }

    /// The bits that coding symbols of these counts with this table takes, the table's own
    /// serialised bytes included.
    ///
    /// - Complexity: O(n) for an alphabet of n symbols.
    public func codedBits(_ counts: [UInt64]) -> Double {
        var bits = 8 * Double(serialized().count)
        for (count, frequency) in zip(counts, frequencies) where count > 0 {
            bits += Double(count) * (Double(precisionBits) - log2(Double(frequency)))
        }
        return bits
    }

    /// The cheapest binned table for `counts` (symbols and table together) and its bits, or
    /// nil when no width applies. Widths from 1,024 down to 2 (powers of two, at most a quarter
    /// of the alphabet), until the bits rise twice in a row (the wide ones, with few bins, are
    /// the quick ones to build); for each, the precisions from the least that fits the used
    /// bins (at least 12) while the bits fall.
    ///
    /// - Complexity: O(k · (n + b log b)) for n symbols, at most 10 widths and a few
    ///   precisions each.
    static func cheapestBinning(_ counts: [UInt64]) -> (table: FrequencyTable, bits: Double)? {
        var best: (table: FrequencyTable, bits: Double)?
        var risesInARow = 0
        var previous = Double.infinity
        for width in Self.binWidths.reversed() where width <= counts.count / 4 {
            guard let (table, bits) = Self.cheapestPrecision(counts, binWidth: width) else {
                continue
            }
            if bits < best?.bits ?? .infinity { best = (table, bits) }
            // Past the best width the bits rise steadily: two rises end the search.
            risesInARow = bits > previous ? risesInARow + 1 : 0
            previous = bits
            if risesInARow >= 2 { break }
        }
        return best
    }

    /// The bin widths tried for a binned table and for ``TableEstimate``.
    public static let binWidths = [2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]

    /// The binned table of width `binWidth` of fewest bits over its precisions.
    private static func cheapestPrecision(_ counts: [UInt64], binWidth: Int)
        -> (FrequencyTable, Double)?
    {
        var usedWidth = 0
        for start in stride(from: 0, to: counts.count, by: binWidth) {
            let end = min(counts.count, start + binWidth)
            if counts[start..<end].contains(where: { $0 > 0 }) { usedWidth += end - start }
        }
        // Room for twice the used symbols at least: at the bare minimum every used bin would
        // get only its width, whatever its count.
        let lowest = max(12, Int(log2(Double(max(1, 2 * usedWidth))).rounded(.up)))
        var best: (table: FrequencyTable, bits: Double)?
        for precision in lowest...max(lowest, min(precisionRange.upperBound, lowest + 6)) {
            guard precisionRange.contains(precision),
                let table = try? FrequencyTable(
                    binning: counts, binWidth: binWidth, precisionBits: precision)
            else { break }
            let bits = table.codedBits(counts)
            guard bits < best?.bits ?? .infinity else { break }
            best = (table, bits)
        }
        return best
    }
}

/// What coding symbols of given counts with a table of their own costs, estimated for the
/// population the counts were drawn from rather than for the counts themselves.
///
/// The empirical entropy of `N` symbols spread over `K` used symbols falls short of the
/// entropy of the law they come from by about `(K − 1) / (2N ln 2)` bits, and by far more when
/// `K` nears `N`: a fine probe quantiser's 16,000 codewords on 32,768 design residuals read
/// 3 bits below the file's rate, and ranked a predictor with wider residuals first (fewer of
/// its symbols repeat). The estimate bins the symbols as a binned table would
/// (``FrequencyTable/init(binning:binWidth:precisionBits:)``): at the least width of
/// ``FrequencyTable/binWidths`` (or 1) whose used bins are at most `N / 32`, it is the bins'
/// entropy plus the mean `log2` of their effective widths (as `binnedBits` describes).
/// Past that width, wider bins are taken while the symbols (for the file, `scale` times over)
/// and a table of two bytes a used bin take fewer bits in all, as a binned table in the file
/// would: on short data designed whole the table, not the sampling, is what binning saves.
/// With few used symbols (every table at moderate rates) the width is 1 and the estimate is
/// the empirical entropy.
public struct TableEstimate: Sendable, Equatable {
    /// The estimated bits of all the symbols counted (not per symbol).
    public var bits: Double
    /// The width the estimate binned by (1: none).
    public var binWidth: Int
    /// The used bins at that width (the used symbols at width 1).
    public var usedBins: Int

    /// The most used bins per counted symbol at which the estimate stops binning.
    public static let binsPerSymbol = 1.0 / 32

    /// The estimate for `counts`: at least as wide as described when `binning` is set (the
    /// counts are a sample of larger data), from width 1 otherwise (they are the very symbols
    /// to be coded, as on short data designed whole); either way wider where the table saves
    /// more than the bins lose. With `scale`, the symbols are weighed against the table as
    /// `scale` times as many (the file a design sample stands for).
    /// `positions` places each count's symbol in the alphabet when the counts are of a dense
    /// renumbering (by default, symbol `s` is at `s`).
    /// - Complexity: O(n · k) for n symbols, k widths tried (1 when few are used).
    public init(
        counts: [UInt64], positions: [Int]? = nil, binning: Bool = true, scale: Double = 1
    ) {
        // The used symbols, at their places in the alphabet.
        var used: [(position: Int, count: UInt64)] = []
        for (index, count) in counts.enumerated() where count > 0 {
            used.append((positions?[index] ?? index, count))
        }
        let total = used.reduce(0.0) { $0 + Double($1.count) }
        // Each used symbol's c·log2 c, which every width needs (computed once: it was most of
        // the time of a design at high rates, with tens of thousands of symbols per table).
        let selfTerms = used.map { Double($0.count) * log2(Double($0.count)) }
        let span = (used.last?.position ?? 0) - (used.first?.position ?? 0) + 1
        // The bias is the sample's own: `N / 32` bins of `N` counted symbols, whatever the file.
        let limit = binning ? max(1, Int(min(1e15, total * Self.binsPerSymbol))) : Int.max
        var binned = Self.binnedBits(used, selfTerms, width: 1, total: total)
        for width in FrequencyTable.binWidths where binned.used > limit {
            guard width <= span else { break }
            binned = Self.binnedBits(used, selfTerms, width: width, total: total)
        }
        // Wider still while the file's symbols and its table (two bytes a used bin) take fewer
        // bits, as a binned table in the file would (``FrequencyTable/binningAlphabet`` used
        // symbols or more).
        if used.count >= FrequencyTable.binningAlphabet {
            let fileScale = max(1, scale)
            func cost(_ b: (bits: Double, width: Int, used: Int)) -> Double {
                fileScale * b.bits + 8 * Double(4 + 2 * b.used)
            }
            var rises = 0
            var previous = cost(binned)
            for width in FrequencyTable.binWidths where width > binned.width && width <= span {
                let next = Self.binnedBits(used, selfTerms, width: width, total: total)
                let c = cost(next)
                if c < cost(binned) { binned = next }
                rises = c > previous ? rises + 1 : 0
                previous = c
                if rises >= 2 { break }
            }
        }
        (bits, binWidth, usedBins) = (binned.bits, binned.width, binned.used)
    }

    /// The symbols' estimated bits, the bins' entropy plus the mean log2 of their effective
    /// widths where they are sparse; the used bins. A bin whose used symbols repeat (four
    /// times each on average) is resolved: its symbols keep their own code lengths (a peaked
    /// law's zero cell and its neighbours are not smoothed together). Another is spread over
    /// its width times the density of used symbols in the fullest bin when that one's repeat,
    /// else over its width: data on a grid
    /// coarser than the quantiser's (whole numbers at a fine step) uses every k-th symbol, a
    /// comb whose empty symbols are no spread. (On rounded Gaussian samples, smooth or on such
    /// a comb: within 0.2 bits of the law's entropy from 300 samples on, where the empirical
    /// entropy falls 5.4 bits short at 300 samples over 3,000 symbols' deviation.)
    private static func binnedBits(
        _ used: [(position: Int, count: UInt64)], _ selfTerms: [Double], width: Int, total: Double
    ) -> (bits: Double, width: Int, used: Int) {
        guard total > 0, let origin = used.first?.position, let end = used.last?.position else {
            return (0, width, 0)
        }
        // Per bin: its count, used symbols, width, and Σ c log2 c over its symbols.
        var bins: [(count: UInt64, symbols: Int, width: Int, selfBits: Double)] = []
        // At width 1 a bin is a symbol: its own term.
        var firstIndex: [Int] = []
        bins.reserveCapacity(min(used.count, (end - origin) / width + 1))
        var fullest = 0
        var index = 0
        while index < used.count {
            let start = origin + (used[index].position - origin) / width * width
            let next = start + width
            var sum: UInt64 = 0
            var symbols = 0
            var selfBits = 0.0
            if width == 1 { firstIndex.append(index) }
            while index < used.count, used[index].position < next {
                sum &+= used[index].count
                symbols += 1
                if width > 1 { selfBits += selfTerms[index] }
                index += 1
            }
            bins.append((sum, symbols, min(width, end - start + 1), selfBits))
            if sum > bins[fullest].count { fullest = bins.count - 1 }
        }
        func repeats(_ bin: (count: UInt64, symbols: Int, width: Int, selfBits: Double)) -> Bool {
            bin.count >= 4 * UInt64(bin.symbols)
        }
        let top = bins[fullest]
        let density = repeats(top) ? Double(top.symbols) / Double(top.width) : 1
        // A resolved bin keeps its symbols' own code lengths, −Σ c log2(c / N); another is
        // spread over its effective width, −c log2(c / N) + c log2(v). With N log2 N taken out:
        // −Σ c log2 c, and c log2(v / c).
        var bits = total * log2(total)
        for (b, bin) in bins.enumerated() {
            let c = Double(bin.count)
            if width == 1 || repeats(bin) {
                bits -= width == 1 ? selfTerms[firstIndex[b]] : bin.selfBits
            } else {
                bits += c * log2(max(1, Double(bin.width) * density) / c)
            }
        }
        return (max(0, bits), width, bins.count)
    }
}
