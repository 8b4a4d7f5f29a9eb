import Testing
import _TestSupport

@testable import Quantization

/// Unweighted samples of one importance take the sort of their keys alone
/// (``ValueOrder/ascendingKeys(_:)``); the distinct values must be the general path's.
@Suite struct DistinctValuesTests {
    /// Every field of two sets of distinct values, to the bit.
    static func same(_ a: DistinctValues, _ b: DistinctValues) -> Bool {
        func bits(_ x: [Double]) -> [UInt64] { x.map(\.bitPattern) }
        return bits(a.values) == bits(b.values) && bits(a.probabilities) == bits(b.probabilities)
            && a.isImportant == b.isImportant && a.shift.bitPattern == b.shift.bitPattern
            && bits(a.mass) == bits(b.mass) && bits(a.first) == bits(b.first)
            && bits(a.second) == bits(b.second)
    }

    @Test(
        "unweighted samples of one flag give the general path's values, masses and zero",
        arguments: [1, 7, 2_047, 2_048, 40_000])
    func fastPathMatchesGeneralPath(count: Int) throws {
        var generator = SplitMix64(seed: UInt64(count))
        // Ties, both zeros (a negative one first when there are several), every scale.
        let values = (0..<count).map { i -> Double in
            switch i % 5 {
            case 0: return i % 10 == 0 ? -0.0 : 0
            case 1: return Double(Int(generator.next() % 30)) - 15
            case 2: return generator.nextGaussian() * 1e-12
            default: return generator.nextGaussian() * 1e3
            }
        }
        // Weights of one each: the general path (rescaled, they stay exactly 1).
        let ones = [Double](repeating: 1, count: count)
        for flags in [
            nil, [Bool](repeating: true, count: count), [Bool](repeating: false, count: count),
        ] {
            let fast = DistinctValues(try TrainingSamples(scalars: values, importance: flags))
            let general = DistinctValues(
                try TrainingSamples(scalars: values, importance: flags, weights: ones))
            #expect(Self.same(fast, general), "\(count) samples, flags \(flags?.first as Any)")
        }
        // The first zero's sign is kept: −0 here.
        if count > 1 {
            let fast = DistinctValues(try TrainingSamples(scalars: values))
            let zero = try #require(fast.values.first { $0 == 0 })
            #expect(zero.sign == .minus)
        }
    }
}
