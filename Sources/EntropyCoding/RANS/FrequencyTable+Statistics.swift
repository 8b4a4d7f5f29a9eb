import Foundation

extension FrequencyTable {
    /// Counts how often each symbol occurs.
    ///
    /// - Parameters:
    ///   - symbols: The symbol indices.
    ///   - alphabetSize: The number of symbols in the alphabet.
    /// - Returns: `alphabetSize` counts; `counts[s]` is the number of occurrences of `s`.
    /// - Throws: EntropyCodingError/symbolOutOfRange(symbol:alphabetSize:position:) for
    ///   a symbol not below `alphabetSize`; EntropyCodingError/emptyAlphabet or
    ///   EntropyCodingError/alphabetTooLarge(size:maximum:) for a bad `alphabetSize`.
    /// - Complexity: O(n + m) for n symbols and an alphabet of m.
    public static func histogram(of symbols: [UInt32], alphabetSize: Int) throws(EntropyCodingError)
        -> [UInt64]
    {
        guard alphabetSize > 0 else { throw .emptyAlphabet }
        guard alphabetSize <= maximumAlphabetSize else {
            throw .alphabetTooLarge(size: alphabetSize, maximum: maximumAlphabetSize)
        }
        var counts = [UInt64](repeating: 0, count: alphabetSize)
        let outside = counts.withUnsafeMutableBufferPointer { tally in
            symbols.withUnsafeBufferPointer { input -> Int? in
                for (position, symbol) in input.enumerated() {
                    guard Int(symbol) < alphabetSize else { return position }
                    tally[Int(symbol)] &+= 1
                }
                return nil
            }
        }
        if let position = outside {
            throw .symbolOutOfRange(
                symbol: symbols[position], alphabetSize: alphabetSize, position: UInt64(position))
        }
        return counts
    }

    /// The empirical entropy `H = −Σ (c_s/N) log2(c_s/N)` of symbol counts, in bits per
    /// symbol, where `N = Σ c_s`: the least average code length any coder driven by a
    /// static model can reach on data with these counts.
    ///
    /// - Parameter counts: How often each symbol occurs.
    /// - Returns: The entropy in bits per symbol; 0 when at most one symbol occurs or every
    ///   count is 0.
    /// - Complexity: O(n) for n counts.
    public static func entropyBits(counts: [UInt64]) -> Double {
        let total = counts.reduce(0.0) { $0 + Double($1) }
        guard total > 0 else { return 0 }
        var bits: Double = 0
        for count in counts where count > 0 {
            let p = Double(count) / total
            bits -= p * log2(p)
        }
        return max(0, bits)
    }

    /// The average code length, in bits per symbol, of data with the given symbol counts:
    /// the cross-entropy `Σ c_s (P − log2 f_s) / Σ c_s`, which the coder achieves up to its
    /// own small overhead. Infinite if a counted symbol has frequency 0 or lies outside the
    /// alphabet; 0 when every count is 0.
    ///
    /// - Parameter counts: How often each symbol occurs (index = symbol).
    /// - Returns: The ideal code length of the data under this table, in bits per symbol.
    /// - Complexity: O(n) for n counts.
    public func crossEntropyBits(counts: [UInt64]) -> Double {
        var total: Double = 0
        var bits: Double = 0
        for (symbol, count) in counts.enumerated() where count > 0 {
            guard symbol < frequencies.count, frequencies[symbol] > 0 else { return .infinity }
            total += Double(count)
            bits += Double(count) * (Double(precisionBits) - log2(Double(frequencies[symbol])))
        }
        return total > 0 ? bits / total : 0
    }
}
