import Testing
import _TestSupport

@testable import Quantization

/// The sorts that build the empirical source and the distinct values: the fast paths give the
/// order a stable sort of the indices gives (equal keys in index order), so atoms and their
/// means are the same to the bit.
struct SourceSortingTests {
    @Test("scalar rows sort as a stable sort of their indices", arguments: [1, 2])
    func rows(dimension: Int) {
        var generator = SplitMix64(seed: 31)
        let n = 3_000
        // Few distinct values, so that ties are common.
        let values = (0..<(n * dimension)).map { _ in
            Double(Int.random(in: 0..<40, using: &generator))
        }
        let builder = AtomGroupBuilder(
            values: values, weights: nil, dimension: dimension, options: .init())
        let indices = (0..<n).filter { $0 % 3 != 0 }
        let expected = indices.enumerated().sorted { a, b in
            let x = values[(a.element * dimension)..<(a.element * dimension + dimension)]
            let y = values[(b.element * dimension)..<(b.element * dimension + dimension)]
            return x.lexicographicallyPrecedes(y) || (x.elementsEqual(y) && a.offset < b.offset)
        }.map(\.element)
        #expect(builder.sortedRows(indices) == expected)
        if dimension == 1 {
            #expect(
                DistinctValues.sortedOrder(values)
                    == (0..<n).sorted {
                        (values[$0], $0) < (values[$1], $1)
                    })
        }
    }

    @Test("the counting sort by bin equals the comparison sort", arguments: [nil, 64])
    func keys(radix: Int?) {
        var generator = SplitMix64(seed: 32)
        let indices = (0..<5_000).map { 2 * $0 + 1 }
        let keys = indices.map { _ in Int.random(in: 0..<64, using: &generator) }
        let sorted = AtomGroupBuilder.sortedByKey(indices, keys: keys, radix: radix)
        let expected = zip(keys, indices).sorted { ($0.0, $0.1) < ($1.0, $1.1) }
        #expect(sorted.map(\.key) == expected.map(\.0))
        #expect(sorted.map(\.sample) == expected.map(\.1))
    }

    @Test("keys outside the radix fall back to the comparison sort")
    func keysOutsideTheRadix() {
        let sorted = AtomGroupBuilder.sortedByKey([0, 1, 2], keys: [70, 3, 3], radix: 64)
        #expect(sorted.map(\.sample) == [1, 2, 0])
    }
}
