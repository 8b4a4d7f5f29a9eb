import Testing
import _TestSupport

@testable import Quantization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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

/// The radix sort of values against the comparison sort it replaces.
struct ValueOrderTests {
    static func expected(_ values: [Double], of indices: [Int]) -> [Int] {
        indices.sorted { (values[$0], $0) < (values[$1], $1) }
    }

    @Test(
        "the radix order equals a stable comparison sort, below and above the threshold",
        arguments: [10, 2_047, 2_048, 50_000])
    func matchesTheComparisonSort(count: Int) {
        var generator = SplitMix64(seed: UInt64(count))
        // Signed values of every scale, exact ties, both zeros, the infinities and subnormals.
        let subnormal = Double.leastNormalMagnitude / 4
        let special: [Double] = [0, -0.0, .infinity, -.infinity, 1, -1, subnormal, -subnormal]
        let values = (0..<count).map { i -> Double in
            switch i % 4 {
            case 0: return special[Int(generator.next() % UInt64(special.count))]
            case 1: return Double(Int(generator.next() % 50)) - 25
            case 2:
                return generator.nextGaussian() * pow(10, Double(Int(generator.next() % 40)) - 20)
            default: return generator.nextGaussian()
            }
        }
        let all = Array(values.indices)
        #expect(ValueOrder.ascending(values, of: all) == Self.expected(values, of: all))
        let some = all.filter { $0 % 3 != 1 }
        #expect(ValueOrder.ascending(values, of: some) == Self.expected(values, of: some))
    }

    @Test(
        "the keys alone come out as the keys of the order, below and above the threshold",
        arguments: [10, 2_047, 2_048, 50_000])
    func keysAloneMatch(count: Int) {
        var generator = SplitMix64(seed: UInt64(count) &+ 17)
        let special: [Double] = [0, -0.0, .infinity, -.infinity, 1, -1, 5e-324, -5e-324]
        let values = (0..<count).map { i -> Double in
            i % 3 == 0
                ? special[Int(generator.next() % UInt64(special.count))]
                : generator.nextGaussian() * pow(10, Double(Int(generator.next() % 40)) - 20)
        }
        #expect(
            ValueOrder.ascendingKeys(values)
                == ValueOrder.ascendingWithKeys(values, of: values.indices).keys)
        let integers = (0..<count).map { Double(($0 * 7_919) % 613) }
        #expect(
            ValueOrder.ascendingKeys(integers)
                == ValueOrder.ascendingWithKeys(integers, of: integers.indices).keys)
    }

    @Test("integer-valued data (passes skipped) and one repeated value keep index order")
    func skippedPasses() {
        let integers = (0..<10_000).map { Double(($0 * 7_919) % 613) }
        let all = Array(integers.indices)
        #expect(ValueOrder.ascending(integers, of: all) == Self.expected(integers, of: all))
        let constant = [Double](repeating: 2.5, count: 5_000)
        #expect(ValueOrder.ascending(constant, of: constant.indices) == Array(constant.indices))
    }

    @Test("keys give back their values in sorted order; a zero comes back as +0")
    func keysInvert() {
        let specials: [Double] = [
            -.infinity, -.greatestFiniteMagnitude, -1.5, -.leastNonzeroMagnitude, -0.0, 0,
            .leastNonzeroMagnitude, .leastNormalMagnitude, 3, .greatestFiniteMagnitude, .infinity,
        ]
        for x in specials {
            let back = ValueOrder.value(ofKey: ValueOrder.key(x))
            #expect(back == x && (x != 0 || back.sign == .plus), "\(x)")
        }
        var generator = SplitMix64(seed: 5)
        for count in [100, 5_000] {
            let values = (0..<count).map { _ in Double(generator.next() % 2_000) / 7 - 140 }
            let (order, keys) = ValueOrder.ascendingWithKeys(values, of: values.indices)
            #expect(order == Self.expected(values, of: Array(values.indices)))
            #expect(keys.map(ValueOrder.value(ofKey:)) == order.map { values[$0] })
        }
    }
}
