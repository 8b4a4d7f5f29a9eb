import Testing
import _TestSupport

@testable import SampleCompression

/// Quickselect's order statistics against the sorted array's elements at the same ranks.
@Suite struct OrderStatisticsTests {
    /// Values of every kind that trouble a quickselect: distinct, few distinct (many ties), all
    /// equal, ascending, descending, and float bit patterns of activities (with zeros).
    static func cases(count: Int, seed: UInt64) -> [[UInt32]] {
        var rng = SplitMix64(seed: seed)
        let distinct = (0..<count).map { _ in UInt32(truncatingIfNeeded: rng.next()) }
        let ties = (0..<count).map { _ in UInt32(rng.next() % 5) }
        let activities = (0..<count).map { k in
            k % 7 == 0 ? 0 : Float(abs(rng.nextLaplace())).bitPattern
        }
        return [
            distinct, ties, activities, [UInt32](repeating: 42, count: count),
            (0..<count).map { UInt32($0) }, (0..<count).map { UInt32(count - $0) },
        ]
    }

    @Test(
        "the octile ranks hold what the sorted values hold there",
        arguments: [1, 2, 7, 8, 9, 100, 32_768])
    func octiles(count: Int) {
        for values in Self.cases(count: count, seed: UInt64(count)) {
            let ranks = (1..<8).map { $0 * count / 8 }
            var permuted = values
            let selected = OrderStatistics.select(&permuted, ranks: ranks)
            let sorted = values.sorted()
            #expect(selected == ranks.map { sorted[$0] })
            #expect(permuted.sorted() == sorted, "a permutation of the values")
        }
    }

    @Test("an array built against median-of-three pivots is still selected right")
    func adversarialPivots() {
        // Each partition of a "median-of-3 killer" array splits off only a few elements.
        let count = 4_096
        var values = [UInt32](repeating: 0, count: count)
        for k in 0..<(count / 2) {
            values[k] = k % 2 == 0 ? UInt32(k + 1) : UInt32(count / 2 + k + (k % 2))
            values[count / 2 + k] = UInt32(2 * (k + 1))
        }
        let ranks = (0..<count).filter { $0 % 97 == 0 }
        var permuted = values
        #expect(
            OrderStatistics.select(&permuted, ranks: ranks) == ranks.map { values.sorted()[$0] })
    }

    @Test("every rank of short arrays, repeated ranks included")
    func everyRank() {
        for count in 1...40 {
            for values in Self.cases(count: count, seed: 7 + UInt64(count)) {
                let ranks = (0..<count).flatMap { [$0, $0] }
                var permuted = values
                #expect(
                    OrderStatistics.select(&permuted, ranks: ranks)
                        == ranks.map { values.sorted()[$0] })
            }
        }
    }
}
