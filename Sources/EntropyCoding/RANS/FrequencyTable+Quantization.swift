import Foundation

extension FrequencyTable {
    /// Builds the table that codes data with these symbol counts in the fewest bits.
    ///
    /// The frequencies minimise the cross-entropy `−Σ c_s log2(f_s / 2^P)` over all integer
    /// tables with `f_s ≥ 1` exactly where `c_s > 0` (see ``init(probabilities:precisionBits:)``
    /// for the method and the choice of `P`). Built from the counts of the very data to be
    /// coded, the code length exceeds the empirical entropy only by the quantisation loss
    /// (kept below 0.02 % of the entropy whenever 24 bits allow it, 0.03 % at a precision of
    /// 15 bits, which decodes faster than 16) and the coder's tiny overhead. If every count is 0 (nothing will be coded) the table is uniform over the
    /// alphabet, so that an empty file still has a valid table.
    ///
    /// - Parameters:
    ///   - counts: How often each symbol occurs (index = symbol).
    ///   - precisionBits: A fixed precision, or `nil` to choose it (the default).
    /// - Throws: ``EntropyCodingError/emptyAlphabet``,
    ///   ``EntropyCodingError/alphabetTooLarge(size:maximum:)``,
    ///   ``EntropyCodingError/invalidPrecision(bits:allowed:)`` or
    ///   ``EntropyCodingError/precisionTooLow(bits:usedSymbols:)``.
    /// - Complexity: O(k · n log n) for n symbols, with k ≤ 13 candidate precisions.
    public init(counts: [UInt64], precisionBits: Int? = nil) throws(EntropyCodingError) {
        let hasData = counts.contains { $0 > 0 }
        let weights =
            hasData ? counts.map(Double.init) : [Double](repeating: 1, count: counts.count)
        try self.init(validWeights: weights, precisionBits: precisionBits)
    }

    /// Builds the table closest to a probability model, in the sense of the least expected
    /// code length.
    ///
    /// **Method.** Maximising `Σ p_s log f_s` subject to `Σ f_s = 2^P` and integer `f_s ≥ 1`
    /// on the used symbols is a separable concave resource allocation, so the greedy rule
    /// "give the next unit to the symbol whose log-likelihood gains most,
    /// `p_s log((f_s + 1)/f_s)`" is exactly optimal (Fox, "Discrete optimization via
    /// marginal analysis", Management Science 13, 1966). It is carried out in
    /// O(n log n) rather than 2^P steps: a bisection on the price `λ` of one unit finds
    /// `f_s(λ) = max(1, ⌊1 / (1 − e^(−λ/p_s))⌋)`, every unit worth at least `λ`, and a heap
    /// hands out the few remaining units by largest gain.
    ///
    /// **Precision.** With `precisionBits == nil`, `P` is the smallest value from
    /// `max(12, ⌈log2 n_used⌉)` to 16 whose quantisation loss is at most 0.02 % of the
    /// entropy, except that 15 is taken at a loss of up to 0.03 % (precisions up to 15 decode
    /// two symbols per renormalisation from tables that stay in the first-level cache, about
    /// 30 % faster than 16), and 16 at up to 0.1 % (precisions up to 16 decode through a
    /// lookup table, above 16 by binary search); failing that the smallest `P ≤ 24` with loss
    /// at most 0.02 %, or the `P` of least loss.
    ///
    /// - Parameters:
    ///   - probabilities: Non-negative weights, one per symbol; they are normalised by their
    ///     sum. A symbol of weight 0 gets frequency 0.
    ///   - precisionBits: A fixed precision, or `nil` to choose it (the default).
    /// - Throws: ``EntropyCodingError/invalidWeight(symbol:value:)`` for a negative or
    ///   non-finite weight, ``EntropyCodingError/noPositiveWeight``,
    ///   ``EntropyCodingError/emptyAlphabet``,
    ///   ``EntropyCodingError/alphabetTooLarge(size:maximum:)``,
    ///   ``EntropyCodingError/invalidPrecision(bits:allowed:)`` or
    ///   ``EntropyCodingError/precisionTooLow(bits:usedSymbols:)``.
    /// - Complexity: O(k · n log n) for n symbols, with k ≤ 13 candidate precisions.
    public init(probabilities: [Double], precisionBits: Int? = nil) throws(EntropyCodingError) {
        for (symbol, value) in probabilities.enumerated() where !(value.isFinite && value >= 0) {
            throw .invalidWeight(symbol: symbol, value: value)
        }
        guard probabilities.isEmpty || probabilities.contains(where: { $0 > 0 }) else {
            throw .noPositiveWeight
        }
        try self.init(validWeights: probabilities, precisionBits: precisionBits)
    }

    /// Quantises finite non-negative weights, at least one positive (unless empty).
    private init(validWeights weights: [Double], precisionBits: Int?) throws(EntropyCodingError) {
        guard !weights.isEmpty else { throw .emptyAlphabet }
        guard weights.count <= Self.maximumAlphabetSize else {
            throw .alphabetTooLarge(size: weights.count, maximum: Self.maximumAlphabetSize)
        }
        // Scale by the largest weight first, so that the sum cannot overflow to infinity.
        let largest = weights.max() ?? 1
        let scaled = weights.map { $0 / largest }
        let sum = scaled.reduce(0, +)
        // The model, normalised; a positive weight stays positive even if it underflows.
        let p = zip(weights, scaled).map { weight, value in
            weight > 0 ? max(value / sum, .leastNonzeroMagnitude) : 0
        }
        let used = p.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
        let bits: Int
        if let precisionBits {
            guard Self.precisionRange.contains(precisionBits) else {
                throw .invalidPrecision(bits: precisionBits, allowed: Self.precisionRange)
            }
            guard used <= 1 << precisionBits else {
                throw .precisionTooLow(bits: precisionBits, usedSymbols: used)
            }
            bits = precisionBits
        } else {
            bits = Self.chosenPrecision(for: p, usedSymbols: used)
        }
        try self.init(
            frequencies: Self.optimalFrequencies(p, precisionBits: bits), precisionBits: bits)
    }

    /// The precision rule documented at ``init(probabilities:precisionBits:)``.
    private static func chosenPrecision(for p: [Double], usedSymbols: Int) -> Int {
        var entropy: Double = 0
        for value in p where value > 0 { entropy -= value * log2(value) }
        let fine = 2e-4 * entropy
        let lowest = max(12, Int(log2(Double(max(1, usedSymbols))).rounded(.up)))
        var best = (bits: precisionRange.upperBound, loss: Double.infinity)
        for bits in lowest...precisionRange.upperBound {
            let loss = quantisationLoss(
                p, frequencies: optimalFrequencies(p, precisionBits: bits), bits: bits)
            if loss <= fine { return bits }
            // The two cliffs in decoding speed: above 15 bits one symbol per renormalisation
            // instead of two and a table beyond the first-level cache (about 1,120 → 870 M
            // symbols/s on one core), above 16 a binary search instead of a table.
            if bits == 15, loss <= 1.5 * fine { return 15 }
            if bits == 16, loss <= 5 * fine { return 16 }
            if loss < best.loss { best = (bits, loss) }
        }
        return best.bits
    }

    /// `Σ p_s log2(p_s / (f_s / 2^P))`: the bits per symbol lost to integer frequencies.
    private static func quantisationLoss(_ p: [Double], frequencies: [UInt32], bits: Int) -> Double
    {
        var loss: Double = 0
        for (value, frequency) in zip(p, frequencies) where value > 0 {
            loss += value * (log2(value) + Double(bits) - log2(Double(frequency)))
        }
        return loss
    }

    /// The integer frequencies of least cross-entropy against `p` that add up to `2^bits`,
    /// with `f_s ≥ 1` (at least `minima[s]` when given) exactly where `p_s > 0` (requires those
    /// lower bounds to add up to at most `2^bits`).
    static func optimalFrequencies(
        _ p: [Double], precisionBits bits: Int, minima: [UInt32]? = nil
    ) -> [UInt32] {
        let total = 1 << bits
        let used = p.indices.filter { p[$0] > 0 }
        var frequencies = [UInt32](repeating: 0, count: p.count)
        if used.count == 1 {
            frequencies[used[0]] = UInt32(total)
            return frequencies
        }
        // Units that the price λ buys for a symbol of probability q: every unit k ≥ 2 whose
        // gain q·log(k/(k−1)) is at least λ, plus the mandatory first one.
        func units(_ s: Int, _ lambda: Double) -> Int {
            let reciprocal = 1 / -expm1(-lambda / p[s])
            let least = Int(minima?[s] ?? 1)
            return reciprocal >= Double(total) ? total : max(least, Int(reciprocal))
        }
        func unitSum(_ lambda: Double) -> Int {
            var sum = 0
            for s in used { sum += units(s, lambda) }
            return sum
        }
        // Bisection for the least price that still fits: S(λ) ≤ 2^bits.
        var high = 2 / Double(total)
        while unitSum(high) > total { high *= 2 }
        var low = high / 4
        while low > 0, unitSum(low) <= total { low /= 2 }
        var highSum = unitSum(high)
        for _ in 0..<64 where highSum < total && high > low.nextUp {
            let middle = low > 0 ? (low * high).squareRoot() : high / 2
            let middleSum = unitSum(middle)
            if middleSum <= total { (high, highSum) = (middle, middleSum) } else { low = middle }
        }
        for s in used { frequencies[s] = UInt32(units(s, high)) }
        // Hand out what is left, one unit at a time, to the largest marginal gain.
        var heap = MarginalGainHeap()
        for s in used where frequencies[s] < UInt32(total) {
            heap.insert(gain: p[s] * log1p(1 / Double(frequencies[s])), symbol: s)
        }
        for _ in 0..<(total - highSum) {
            guard let s = heap.popMaximum() else { break }
            frequencies[s] += 1
            if frequencies[s] < UInt32(total) {
                heap.insert(gain: p[s] * log1p(1 / Double(frequencies[s])), symbol: s)
            }
        }
        return frequencies
    }
}

/// A binary max-heap of (gain, symbol) pairs for the final greedy allocation.
private struct MarginalGainHeap {
    private var items: [(gain: Double, symbol: Int)] = []

    mutating func insert(gain: Double, symbol: Int) {
        items.append((gain, symbol))
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[parent].gain < items[child].gain else { break }
            items.swapAt(parent, child)
            child = parent
        }
    }

    mutating func popMaximum() -> Int? {
        guard let last = items.popLast() else { return nil }
        guard !items.isEmpty else { return last.symbol }
        let top = items[0].symbol
        items[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var largest = parent
            if left < items.count, items[left].gain > items[largest].gain { largest = left }
            if right < items.count, items[right].gain > items[largest].gain { largest = right }
            guard largest != parent else { break }
            items.swapAt(parent, largest)
            parent = largest
        }
        return top
    }
}
