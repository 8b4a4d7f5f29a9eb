import EntropyCoding
import Foundation
import Testing
import _TestSupport

/// The least cross-entropy `−Σ p log2(f/M)` over all integer tables with f ≥ 1 on the support,
/// found by enumerating every composition of M: the oracle for the quantiser on tiny cases.
private func bruteForceBestCost(_ p: [Double], total: Int) -> Double {
    let support = p.indices.filter { p[$0] > 0 }
    var best = Double.infinity
    func search(_ index: Int, _ left: Int, _ cost: Double) {
        if index == support.count - 1 {
            let s = support[index]
            best = min(best, cost - p[s] * log2(Double(left) / Double(total)))
            return
        }
        let s = support[index]
        let othersNeed = support.count - index - 1
        guard left - othersNeed >= 1 else { return }
        for f in 1...(left - othersNeed) {
            search(index + 1, left - f, cost - p[s] * log2(Double(f) / Double(total)))
        }
    }
    search(0, total, 0)
    return best
}

private func cost(_ p: [Double], _ table: FrequencyTable) -> Double {
    var bits: Double = 0
    for (value, f) in zip(p, table.frequencies) where value > 0 {
        bits -= value * log2(Double(f) / Double(table.total))
    }
    return bits
}

@Suite("Frequency tables")
struct FrequencyTableTests {
    @Test("quantisation is optimal: equals exhaustive search on small alphabets")
    func optimalOnSmallCases() throws {
        var rng = SplitMix64(seed: 3)
        for trial in 0..<40 {
            let size = Int.random(in: 2...4, using: &rng)
            var p = (0..<size).map { _ in pow(Double.random(in: 0.001...1, using: &rng), 3) }
            if trial % 5 == 0 { p[0] = 0 }
            let sum = p.reduce(0, +)
            p = p.map { $0 / sum }
            let bits = Int.random(in: 3...5, using: &rng)
            let table = try FrequencyTable(probabilities: p, precisionBits: bits)
            let best = bruteForceBestCost(p, total: 1 << bits)
            #expect(isClose(cost(p, table), best, absolute: 1e-12), "p = \(p), P = \(bits)")
        }
    }

    @Test("keeps every used symbol non-zero and every unused one zero")
    func supportIsPreserved() throws {
        // One dominant symbol, many rare ones, and holes.
        var counts = [UInt64](repeating: 0, count: 5000)
        counts[0] = 10_000_000
        for s in stride(from: 1, to: 5000, by: 2) { counts[s] = 1 }
        let table = try FrequencyTable(counts: counts)
        for (s, c) in counts.enumerated() {
            #expect((table.frequencies[s] > 0) == (c > 0), "symbol \(s)")
        }
        #expect(table.frequencies.reduce(0) { $0 + UInt64($1) } == UInt64(table.total))
    }

    @Test(
        "the chosen precision keeps the quantisation loss within 0.02% of the entropy (0.03% at 15 bits)"
    )
    func chosenPrecisionLoss() throws {
        var rng = SplitMix64(seed: 5)
        for size in [2, 10, 100, 1000] {
            let counts = (0..<size).map { _ in
                UInt64(Double.random(in: 0...1, using: &rng) * 1e4) + 1
            }
            let table = try FrequencyTable(counts: counts)
            let entropy = FrequencyTable.entropyBits(counts: counts)
            let loss = table.crossEntropyBits(counts: counts) - entropy
            #expect(
                loss >= -1e-12
                    && loss <= (table.precisionBits == 15 ? 3e-4 : 2e-4) * entropy + 1e-12,
                "alphabet \(size): loss \(loss) bits")
            #expect(table.precisionBits <= 16)
        }
    }

    @Test("15 bits are preferred to 16 up to a loss of 0.03 %, and cost no more than that")
    func fifteenBitsBeforeSixteen() throws {
        // N(0, 1) rounded to a step of 0.049 (201 cells with mass above 1e-7): 15 bits lose
        // 0.024 % of the entropy, 16 bits 0.0095 %.
        let step = 0.049
        let scale: Double = 1 / 2.0.squareRoot()
        func mass(_ k: Int) -> Double {
            let upper: Double = erf((Double(k) + 0.5) * step * scale)
            let lower: Double = erf((Double(k) - 0.5) * step * scale)
            return (upper - lower) / 2
        }
        let cells: [Double] = (-122...122).map(mass)
        let masses = cells.filter { $0 >= 1e-7 }
        let total: Double = masses.reduce(0, +)
        let p: [Double] = masses.map { $0 / total }
        var entropy = 0.0
        for q in p { entropy -= q * log2(q) }
        func loss(_ bits: Int) throws -> Double {
            let t = try FrequencyTable(probabilities: p, precisionBits: bits)
            var sum = 0.0
            for (q, f) in zip(p, t.frequencies) { sum += q * log2(q * Double(t.total) / Double(f)) }
            return sum
        }
        let fifteen = try loss(15)
        #expect(fifteen > 2e-4 * entropy && fifteen <= 3e-4 * entropy)
        #expect(try FrequencyTable(probabilities: p).precisionBits == 15)
    }

    @Test("handles a single used symbol, all-zero counts and large alphabets")
    func specialShapes() throws {
        let single = try FrequencyTable(counts: [0, 0, 7, 0])
        #expect(single.frequencies == [0, 0, single.total, 0])
        let empty = try FrequencyTable(counts: [0, 0, 0])
        #expect(empty.usedSymbolCount == 3)
        let extreme = try FrequencyTable(probabilities: [
            .greatestFiniteMagnitude, .greatestFiniteMagnitude, .leastNonzeroMagnitude,
        ])
        #expect(
            extreme.frequencies[0].distance(to: extreme.frequencies[1]).magnitude <= 1
                && extreme.frequencies[2] == 1)
        let large = try FrequencyTable(counts: (0..<65536).map { UInt64($0 % 7 + 1) })
        #expect(large.usedSymbolCount == 65536)
        #expect(large.precisionBits > 16)
    }

    @Test("rejects invalid input with the matching error")
    func rejectsInvalidInput() {
        #expect(throws: EntropyCodingError.emptyAlphabet) { try FrequencyTable(counts: []) }
        #expect(throws: EntropyCodingError.noPositiveWeight) {
            try FrequencyTable(probabilities: [0, 0])
        }
        #expect(throws: EntropyCodingError.invalidWeight(symbol: 1, value: -0.5)) {
            try FrequencyTable(probabilities: [1, -0.5])
        }
        #expect(throws: EntropyCodingError.precisionTooLow(bits: 2, usedSymbols: 5)) {
            try FrequencyTable(counts: [1, 1, 1, 1, 1], precisionBits: 2)
        }
        #expect(throws: EntropyCodingError.frequencySumMismatch(sum: 15, expected: 16)) {
            try FrequencyTable(frequencies: [5, 10], precisionBits: 4)
        }
        #expect(throws: EntropyCodingError.frequencyTooLarge(symbol: 0, frequency: 17, total: 16)) {
            try FrequencyTable(frequencies: [17, 0], precisionBits: 4)
        }
        #expect(
            throws: EntropyCodingError.invalidPrecision(
                bits: 25, allowed: FrequencyTable.precisionRange)
        ) {
            try FrequencyTable(frequencies: [1 << 25], precisionBits: 25)
        }
    }

    @Test("serialises and reads back dense and sparse tables")
    func serialisationRoundTrip() throws {
        var counts = [UInt64](repeating: 0, count: 3000)
        for s in [0, 1, 2, 500, 2999] { counts[s] = UInt64(s + 1) * 100 }
        for table in [
            try FrequencyTable(counts: counts), try FrequencyTable(counts: [5]),
            try FrequencyTable(counts: (0..<300).map { UInt64($0 + 1) }),
        ] {
            #expect(try FrequencyTable(serialized: table.serialized()) == table)
        }
    }

    @Test("rejects a serialised table that is truncated, padded or inconsistent")
    func serialisationRejectsDamage() throws {
        let bytes = try FrequencyTable(counts: [1, 0, 0, 3, 9]).serialized()
        for length in 0..<bytes.count {
            #expect(throws: EntropyCodingError.self) {
                try FrequencyTable(serialized: Array(bytes[..<length]))
            }
        }
        #expect(throws: EntropyCodingError.self) { try FrequencyTable(serialized: bytes + [0]) }
        var changed = bytes
        changed[changed.count - 1] ^= 1  // the last frequency: the sum no longer matches
        #expect(throws: EntropyCodingError.self) { try FrequencyTable(serialized: changed) }
    }

    @Test("few symbols: the precision of fewest coded plus table bits; many: the usual table")
    func smallDataPrecision() throws {
        func totalBits(_ table: FrequencyTable, _ counts: [UInt64]) -> Double {
            var coded = 0.0
            for (count, f) in zip(counts, table.frequencies) where count > 0 {
                coded += Double(count) * (Double(table.precisionBits) - log2(Double(f)))
            }
            return coded + 8 * Double(table.serialized().count)
        }
        var rng = SplitMix64(seed: 21)
        for _ in 0..<30 {
            let size = Int(rng.next() % 40) + 2
            let counts = (0..<size).map { _ in rng.next() % 3 == 0 ? 0 : rng.next() % 60 + 1 }
            guard counts.contains(where: { $0 > 0 }) else { continue }
            let small = try FrequencyTable(countsWeighingTableSize: counts)
            #expect(small.precisionBits <= 15)
            for precision in 1...15 where (1 << precision) >= counts.filter({ $0 > 0 }).count {
                let other = try FrequencyTable(counts: counts, precisionBits: precision)
                #expect(totalBits(small, counts) <= totalBits(other, counts) + 1e-9)
            }
            #expect(
                totalBits(small, counts) <= totalBits(try FrequencyTable(counts: counts), counts))
        }
        // Past 2^16 symbols the table's size does not count: the usual rule.
        let many: [UInt64] = [40_000, 20_000, 10_000, 5_000, 1]
        #expect(
            try FrequencyTable(countsWeighingTableSize: many) == FrequencyTable(counts: many))
    }
}
