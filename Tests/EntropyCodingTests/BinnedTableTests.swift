import EntropyCoding
import Foundation
import Testing
import _TestSupport

/// Binned frequency tables (the totals of `w` consecutive symbols, spread evenly) and the
/// rate estimate that bins sparse counts the same way.
@Suite("binned frequency tables")
struct BinnedTableTests {
    /// Counts of `n` rounded Gaussian samples of deviation `sigma` symbols, shifted to start
    /// at 0, and the law's entropy in bits.
    static func gaussianCounts(_ n: Int, sigma: Double, seed: UInt64) -> ([UInt64], Double) {
        let values = SeededSamples.gaussian(n, seed: seed).map { ($0 * sigma).rounded() }
        let low = values.min() ?? 0
        var counts = [UInt64](repeating: 0, count: Int((values.max() ?? 0) - low) + 1)
        for v in values { counts[Int(v - low)] += 1 }
        return (counts, log2(sigma * (2 * Double.pi * M_E).squareRoot()))
    }

    @Test("a bin's total is spread evenly, the remainder to its first symbols; bytes round-trip")
    func spreadAndRoundTrip() throws {
        // Seven symbols in bins of three: the last bin has one.
        let table = try FrequencyTable(
            binTotals: [8, 0, 24], binWidth: 3, alphabetSize: 7, precisionBits: 5)
        #expect(table.frequencies == [3, 3, 2, 0, 0, 0, 24])
        #expect(table.binTotals == [8, 0, 24])
        #expect(table.binWidth == 3)
        let bytes = table.serialized()
        #expect(bytes[0] == 0x80 | 5)
        let read = try FrequencyTable(serialized: bytes)
        #expect(read == table)
        #expect(read.serialized() == bytes)
        // The same frequencies stored in full are another table (and other bytes).
        let plain = try FrequencyTable(frequencies: table.frequencies, precisionBits: 5)
        #expect(plain != table)
        #expect(try FrequencyTable(serialized: plain.serialized()) == plain)
    }

    @Test("the bins' totals are optimal: exhaustive search over the totals on small cases")
    func optimalTotals() throws {
        var rng = SplitMix64(seed: 5)
        for _ in 0..<30 {
            let size = Int(rng.next() % 6) + 4
            let width = Int(rng.next() % 2) + 2
            let counts = (0..<size).map { _ in rng.next() % 4 == 0 ? 0 : rng.next() % 50 + 1 }
            guard counts.contains(where: { $0 > 0 }) else { continue }
            let precision = 5
            let table = try FrequencyTable(
                binning: counts, binWidth: width, precisionBits: precision)
            let bins = stride(from: 0, to: size, by: width).map {
                (
                    count: counts[$0..<min(size, $0 + width)].reduce(0, +),
                    width: min(size, $0 + width) - $0
                )
            }
            func cost(_ totals: [Int]) -> Double {
                zip(bins, totals).reduce(0.0) { sum, pair in
                    pair.0.count > 0 ? sum - Double(pair.0.count) * log2(Double(pair.1)) : sum
                }
            }
            // Every way of giving the used bins totals of at least their widths, adding to 2^P.
            var best = Double.infinity
            func search(_ index: Int, _ left: Int, _ totals: [Int]) {
                if index == bins.count {
                    if left == 0 { best = min(best, cost(totals)) }
                    return
                }
                if bins[index].count == 0 { return search(index + 1, left, totals + [0]) }
                guard left >= bins[index].width else { return }
                for f in bins[index].width...left { search(index + 1, left - f, totals + [f]) }
            }
            search(0, 1 << precision, [])
            #expect(isClose(cost(table.binTotals.map(Int.init)), best, absolute: 1e-9), "\(counts)")
            // Every counted symbol can be coded.
            for (count, f) in zip(counts, table.frequencies) where count > 0 { #expect(f > 0) }
        }
    }

    @Test("refuses forged binned tables: short totals, bad widths, sums, trailing bytes")
    func forged() throws {
        let bytes = try FrequencyTable(
            binTotals: [8, 0, 24], binWidth: 3, alphabetSize: 7, precisionBits: 5
        ).serialized()
        for length in 0..<bytes.count {
            #expect(throws: EntropyCodingError.self) {
                try FrequencyTable(serialized: Array(bytes[..<length]))
            }
        }
        #expect(throws: EntropyCodingError.self) { try FrequencyTable(serialized: bytes + [0]) }
        // A used bin whose total cannot give each symbol a frequency.
        #expect(throws: EntropyCodingError.self) {
            try FrequencyTable(
                binTotals: [2, 0, 30], binWidth: 3, alphabetSize: 7, precisionBits: 5)
        }
        // Widths 0, 1 and beyond the alphabet; totals that do not add up; the wrong bin count.
        for (totals, width) in [([32], 1), ([32], 8), ([31, 1], 4), ([32, 0, 0], 2)] {
            #expect(throws: EntropyCodingError.self) {
                try FrequencyTable(
                    binTotals: totals.map(UInt32.init), binWidth: width, alphabetSize: 7,
                    precisionBits: 5)
            }
        }
        var widthOne = bytes
        widthOne[2] = 1  // the width's varint
        #expect(throws: EntropyCodingError.self) { try FrequencyTable(serialized: widthOne) }
        // The marker on a precision out of range.
        #expect(throws: EntropyCodingError.self) {
            try FrequencyTable(serialized: [0x80, 1, 2, 1])
        }
        #expect(throws: EntropyCodingError.self) {
            try FrequencyTable(serialized: [0x80 | 25, 7, 3])
        }
    }

    @Test("sparse wide counts take a binned table when it is cheaper in all; peaked ones do not")
    func choice() throws {
        let (sparse, _) = Self.gaussianCounts(4000, sigma: 2000, seed: 3)
        let chosen = try FrequencyTable(countsWeighingTableSize: sparse)
        let exact = try FrequencyTable(counts: sparse)
        #expect(chosen.binWidth > 1)
        #expect(chosen.codedBits(sparse) < 0.9 * exact.codedBits(sparse))
        for (count, f) in zip(sparse, chosen.frequencies) where count > 0 { #expect(f > 0) }
        let (peaked, _) = Self.gaussianCounts(100_000, sigma: 3, seed: 4)
        #expect(try FrequencyTable(countsWeighingTableSize: peaked).binWidth == 1)
    }

    @Test(
        "the estimate: within 0.2 bits of a Gaussian's entropy from 300 samples on, on a comb too")
    func estimate() {
        for (n, sigma) in [(300, 100.0), (300, 3000), (1000, 1000), (4000, 3000), (32768, 1000)] {
            let (counts, entropy) = Self.gaussianCounts(n, sigma: sigma, seed: UInt64(n))
            let estimate = TableEstimate(counts: counts, scale: 3).bits / Double(n)
            #expect(abs(estimate - entropy) < 0.2, "n \(n), σ \(sigma): \(estimate) for \(entropy)")
            // Not binned for sampling, it is binned for its table alone: never below the
            // empirical entropy, which falls far short on sparse counts.
            let whole = TableEstimate(counts: counts, binning: false).bits / Double(n)
            #expect(whole >= FrequencyTable.entropyBits(counts: counts) - 1e-9)
        }
        // Few symbols: the empirical entropy, binned or not.
        let (few, _) = Self.gaussianCounts(5000, sigma: 4, seed: 6)
        for binning in [false, true] {
            let estimate = TableEstimate(counts: few, binning: binning)
            #expect(estimate.binWidth == 1)
            #expect(
                isClose(
                    estimate.bits / 5000, FrequencyTable.entropyBits(counts: few), relative: 1e-12))
        }
        // Whole numbers at a thirteenth of their spacing: every 13th symbol, each repeated.
        for (n, sigma) in [(1000, 100.0), (4000, 100), (32768, 20)] {
            let (whole, entropy) = Self.gaussianCounts(n, sigma: sigma, seed: 9)
            var comb = [UInt64](repeating: 0, count: 13 * whole.count)
            for (k, c) in whole.enumerated() { comb[13 * k] = c }
            let estimate = TableEstimate(counts: comb, scale: 3).bits / Double(n)
            #expect(abs(estimate - entropy) < 0.2, "comb n \(n): \(estimate) for \(entropy)")
        }
        // Densely renumbered counts placed back at their symbols give the same estimate.
        let (counts, _) = Self.gaussianCounts(2000, sigma: 500, seed: 8)
        let used = counts.indices.filter { counts[$0] > 0 }
        let dense = TableEstimate(counts: used.map { counts[$0] }, positions: used, scale: 3)
        #expect(dense == TableEstimate(counts: counts, scale: 3))
    }

    @Test("a binned table of precision above 16 codes and decodes")
    func coding() throws {
        let (counts, _) = Self.gaussianCounts(20_000, sigma: 30_000, seed: 2)
        let table = try FrequencyTable(countsWeighingTableSize: counts)
        #expect(table.binWidth > 1 && table.precisionBits > 16)
        var symbols: [UInt32] = []
        for (s, c) in counts.enumerated() { symbols += repeatElement(UInt32(s), count: Int(c)) }
        var rng = SplitMix64(seed: 1)
        symbols.shuffle(using: &rng)
        let codec = RANSCodec(table: table)
        let payload = try codec.encode(symbols)
        #expect(try RANSCodec(table: table).decode(payload, count: symbols.count) == symbols)
    }
}
