import RowKernelLoops
import Testing
import _TestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The row kernel's C loops (whichever CPU version the loader picked) against plain scalar
/// code with the C library's `exp` and `log`.
@Suite("Row kernel loops")
struct RowKernelLoopsTests {
    /// Accuracy asked of a normal `exp` result: a relative 4 ulp (the documented figure is about 2).
    static let relativeTolerance = 4 * Double.ulpOfOne
    /// Accuracy asked of a row's sums, which add up to a few hundred terms in another order.
    static let sumTolerance = 1e-13

    static func checkExp(_ x: [Double], _ y: [Double]) {
        for (argument, value) in zip(x, y) {
            let exact = exp(argument)
            if argument < -708.39 {
                #expect(value == 0, "exp(\(argument)) below the normal range must be exactly 0")
            } else if argument > 709 {
                #expect(value == .infinity)
            } else {
                #expect(
                    abs(value - exact) <= Self.relativeTolerance * exact,
                    "exp(\(argument)) = \(value), libm \(exact)")
            }
        }
    }

    static func exponential(_ x: [Double]) -> [Double] {
        var y = [Double](repeating: .nan, count: x.count)
        rk_exp(x, &y, x.count)
        return y
    }

    @Test("exp is within 4 ulp of libm on [−745, 710], 0 below the normal range, ∞ above")
    func generalExp() {
        var generator = SplitMix64(seed: 7)
        let x = (0..<32_000).map { _ in Double.random(in: -745...710, using: &generator) }
        Self.checkExp(x, Self.exponential(x))
        let special: [Double] = [-.infinity, -1e300, -708.39, -708.38, 0, -0.0, 1e-300, 709.5]
        Self.checkExp(special, Self.exponential(special))
    }

    @Test("exp equals the Swift SIMD8 exponential it replaced, bit for bit")
    func sameBitsAsBefore() {
        var generator = SplitMix64(seed: 13)
        var x = (0..<40_000).map { _ in Double.random(in: -745...710, using: &generator) }
        x += (0..<8_000).map { _ in -Double.random(in: 0...1, using: &generator) }
        x += [-.infinity, -1e300, -708.39, -708.38, 0, -0.0, 1e-300, 709.5]
        let y = Self.exponential(x)
        for start in stride(from: 0, to: x.count, by: 8) {
            let lanes = SIMD8<Double>(x[start..<start + 8])
            let expected = ReferenceExp.value(lanes)
            for lane in 0..<8 {
                #expect(
                    y[start + lane].bitPattern == expected[lane].bitPattern, "exp(\(lanes[lane]))")
            }
        }
    }

    @Test("the rows' exp of non-positive arguments equals the general one bit for bit")
    func nonPositiveExp() {
        var generator = SplitMix64(seed: 11)
        for scale in [1.0, 40, 745, 1e6] {
            let x = (0..<16_000).map { _ in -Double.random(in: 0...scale, using: &generator) }
            var a = x
            var sums = [Double](repeating: 0, count: 3)
            let zeros = [Double](repeating: 0, count: x.count)
            rk_exponentiate(&a, zeros, 0, x.count, &sums)
            #expect(a == Self.exponential(x))
            Self.checkExp(x, a)
        }
        var special: [Double] = [-.infinity, -1e300, -708.39, -708.38, 0, -0.0, -1e-300, -745.2]
        let expected = Self.exponential(special)
        var sums = [Double](repeating: 0, count: 3)
        rk_exponentiate(&special, [Double](repeating: 1, count: 8), 0, 8, &sums)
        #expect(special == expected)
        #expect(sums[0] == expected.reduce(0, +) && sums[1] == sums[0] && sums[2] == sums[0])
    }

    /// A row's statistics the slow way: `a_j = w_j − t e_j`, `P_j ∝ exp(a_j)`.
    static func reference(logWeights w: [Double], excess e: [Double], slope t: Double)
        -> (logZ: Double, mean: Double, variance: Double, weights: [Double], arguments: [Double])
    {
        let a = zip(w, e).map { $0 - t * $1 }
        let top = a.max() ?? 0
        let terms = a.map { exp($0 - top) }
        let z = terms.reduce(0, +)
        let mean = zip(terms, e).reduce(0) { $0 + $1.0 * $1.1 } / z
        let second = zip(terms, e).reduce(0) { $0 + $1.0 * $1.1 * $1.1 } / z
        return (top + log(z), mean, second - mean * mean, terms, a.map { $0 - top })
    }

    static func close(_ a: Double, _ b: Double, scale: Double = 1) -> Bool {
        abs(a - b) <= Self.sumTolerance * max(abs(b), scale)
    }

    @Test("Gibbs rows: log Z, mean, variance and weights match the scalar reference")
    func gibbsRows() {
        var generator = SplitMix64(seed: 3)
        for columns in [8, 64, 520] {
            let y = (0..<columns).map { _ in Double.random(in: -4...4, using: &generator) }
            let w = (0..<columns).map { _ in Double.random(in: -30...0, using: &generator) }
            for _ in 0..<20 {
                let x = Double.random(in: -5...5, using: &generator)
                let slope = exp(Double.random(in: -3...6, using: &generator))
                let d = y.map { (x - $0) * (x - $0) }
                let minimum = d.min() ?? 0
                let e = d.map { $0 - minimum }
                let expected = Self.reference(logWeights: w, excess: e, slope: slope)

                var filled = d
                var a = [Double](repeating: .nan, count: columns)
                let row = rk_gibbs_row(&filled, &a, w, columns, slope, minimum)
                var b = [Double](repeating: .nan, count: columns)
                let line = rk_gibbs_row_scalar_squared(x, y, &b, w, columns, slope, minimum)
                for r in [row, line] {
                    #expect(Self.close(r.logZ, expected.logZ))
                    #expect(Self.close(r.z, expected.weights.reduce(0, +)))
                    #expect(Self.close(r.mean, expected.mean, scale: expected.mean + 1e-300))
                    let spread = expected.mean * expected.mean + 1e-300
                    #expect(Self.close(r.variance, expected.variance, scale: spread))
                }
                #expect(filled == e)
                // exp(u) carries the rounding of its argument u: a relative |u|·ulp.
                for j in 0..<columns {
                    let tolerance =
                        (Self.relativeTolerance + abs(expected.arguments[j]) * Double.ulpOfOne)
                        * expected.weights[j] + 1e-300
                    #expect(abs(a[j] - expected.weights[j]) <= tolerance)
                    #expect(abs(b[j] - expected.weights[j]) <= tolerance)
                }
            }
        }
    }

    @Test("weighted rows and the bound's terms match the scalar reference, overflow gives ∞")
    func weightedRowsAndBound() {
        var generator = SplitMix64(seed: 5)
        let columns = 72
        let weights = (0..<columns).map { _ in Double.random(in: 0...1, using: &generator) }
        for _ in 0..<20 {
            let minimum = Double.random(in: 0...2, using: &generator)
            let d = (0..<columns).map { _ in minimum + Double.random(in: 0...9, using: &generator) }
            let slope = exp(Double.random(in: -3...4, using: &generator))
            let terms = d.map { exp(-slope * ($0 - minimum)) }
            let z = zip(weights, terms).reduce(0) { $0 + $1.0 * $1.1 }
            var moment = 0.0
            for j in 0..<columns { moment += weights[j] * terms[j] * (d[j] - minimum) }
            let mean = moment / z
            var excess = d
            var g = [Double](repeating: .nan, count: columns)
            let r = rk_weighted_row(&excess, &g, weights, columns, slope, minimum)
            #expect(Self.close(r.z, z) && Self.close(r.logZ, log(z)) && Self.close(r.mean, mean))
            for j in 0..<columns { #expect(Self.close(g[j], terms[j], scale: 1e-300)) }

            var column = [Double](repeating: 1, count: columns)
            rk_accumulate_bound(d, minimum, slope, log(z), 0.5, &column, columns)
            for j in 0..<columns { #expect(Self.close(column[j], 1 + 0.5 * terms[j] / z)) }
        }
        var column = [Double](repeating: 0, count: 8)
        rk_accumulate_bound([Double](repeating: 0, count: 8), 1, 1e3, 0, 1, &column, 8)
        #expect(column.allSatisfy { $0 == .infinity })
    }

    /// A row's Gibbs sums on T (the slope fits of the active-set method) against libm: any
    /// count, an infinite slope (only the zero-excess term remains, alive here), dead codewords.
    @Test("row moments match the scalar reference, for any count and an infinite slope")
    func rowMoments() {
        var generator = SplitMix64(seed: 11)
        for count in [1, 7, 8, 13, 64, 203] {
            let excess = (0..<count).map { _ in Double.random(in: 0...9, using: &generator) }
                .enumerated().map { $0.offset == count / 2 ? 0 : $0.element }
            let logQ = (0..<count).map { l in
                l % 5 == 3 && l != count / 2
                    ? -.infinity : Double.random(in: -20...0, using: &generator)
            }
            for slope in [0.0, 0.7, 40.0, .infinity] {
                let a = zip(logQ, excess).map { $1 == 0 ? $0 : $0 - slope * $1 }
                let top = a.max() ?? 0
                let w = a.map { exp($0 - top) }
                let z = w.reduce(0, +)
                let first = zip(w, excess).reduce(0) { $0 + $1.0 * $1.1 }
                let second = zip(w, excess).reduce(0) { $0 + $1.0 * $1.1 * $1.1 }
                var sums = [Double](repeating: .nan, count: 3)
                rk_row_moments(excess, logQ, count, slope, &sums)
                #expect(Self.close(sums[0], z), "count \(count) slope \(slope)")
                #expect(Self.close(sums[1], first, scale: first + 1e-300))
                #expect(Self.close(sums[2], second, scale: second + 1e-300))
            }
        }
    }

    /// A row loop's statistics, its terms and (when it has one) its distortion row afterwards.
    static func row(
        _ columns: Int, stored: [Double] = [],
        _ body: (UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>) -> RKRowStatistics
    ) -> [Double] {
        var terms = [Double](repeating: 0, count: columns)
        var distortions = stored.isEmpty ? [0] : stored
        let r = body(&terms, &distortions)
        return [r.logZ, r.z, r.mean, r.variance] + terms + (stored.isEmpty ? [] : distortions)
    }

    @Test("the level in use is one this CPU runs")
    func selectedTarget() {
        let target = String(cString: rk_selected_target())
        #expect(["x86-64-v4", "x86-64-v3", "baseline"].contains(target))
        #expect(rk_loops(target) != nil)
        #expect(rk_loops("no such level") == nil)
    }

    /// Every CPU level this machine runs gives the baseline's bits, in every loop: a solve's
    /// path (and its number of passes) must not depend on the CPU it runs on.
    @Test("every level this CPU runs gives the baseline's bits")
    func levelsAgree() throws {
        let baseline = try #require(rk_loops("baseline")).pointee
        let levels = ["x86-64-v4", "x86-64-v3"].compactMap { (name: String) in
            rk_loops(name)?.pointee
        }
        var generator = SplitMix64(seed: 9)
        let columns = 136
        let y = (0..<columns).map { _ in Double.random(in: -4...4, using: &generator) }
        let logWeights = (0..<columns).map { _ in Double.random(in: -30...0, using: &generator) }
        let weights = logWeights.map { exp($0) }
        let arguments = (0..<columns).map { _ in Double.random(in: -800...720, using: &generator) }
        for level in levels {
            for slope in [0.01, 3.0, 2e3, 1e8] {
                let x = Double.random(in: -5...5, using: &generator)
                let d = y.map { (x - $0) * (x - $0) }
                let minimum = d.min() ?? 0
                // Gibbs and weighted rows, from stored distortions and formed from x.
                let rowLoops: [(RowKernelLoops.RKLoops, Bool) -> [Double]] = [logWeights, weights]
                    .enumerated().map { kind, w in
                        { loops, formed in
                            Self.row(columns, stored: formed ? [] : d) { a, d in
                                switch (kind, formed) {
                                case (0, false):
                                    loops.gibbsRow(d, a, w, columns, slope, minimum)
                                case (0, true):
                                    loops.gibbsRowScalarSquared(x, y, a, w, columns, slope, minimum)
                                case (_, false):
                                    loops.weightedRow(d, a, w, columns, slope, minimum)
                                default:
                                    loops.weightedRowScalarSquared(
                                        x, y, a, w, columns, slope, minimum)
                                }
                            }
                        }
                    }
                let rows: [(RowKernelLoops.RKLoops) -> [Double]] =
                    rowLoops.flatMap { row in [false, true].map { formed in { row($0, formed) } } }
                    + [
                        { loops in
                            var a = logWeights
                            var sums = [0.0, 0.0, 0.0]
                            loops.exponentiate(&a, y, 0, columns, &sums)
                            return a + sums
                        },
                        { loops in
                            var column = [Double](repeating: 1, count: columns)
                            loops.accumulateBound(d, minimum, slope, -2, 0.25, &column, columns)
                            return column
                        },
                        { loops in
                            var column = [Double](repeating: 1, count: columns)
                            loops.accumulateBoundScalarSquared(
                                x, y, minimum, slope, -2, 0.25, &column, columns)
                            return column
                        },
                        { loops in
                            var result = [Double](repeating: 0, count: columns)
                            loops.exp(arguments, &result, columns)
                            return result
                        },
                        { loops in
                            var sums = [0.0, 0.0, 0.0]
                            let excess = d.map { $0 - minimum }
                            loops.rowMoments(excess, logWeights, columns - 5, slope, &sums)
                            return sums
                        },
                        { loops in
                            var row = arguments
                            loops.subtractRankTwo(&row, y, logWeights, 0.75, slope, columns - 3)
                            return row
                        },
                    ]
                for (index, row) in rows.enumerated() {
                    let expected = row(baseline).map(\.bitPattern)
                    #expect(
                        row(level).map(\.bitPattern) == expected, "loop \(index), slope \(slope)")
                }
            }
        }
    }

    @Test("a row's Gram update in one call equals a rank-two update per row, on every level")
    func gramUpdate() throws {
        var rng = SplitMix64(seed: 31)
        let (rowsCount, stride, start, count) = (9, 13, 2, 7)
        let u = (0..<(start + count + 3)).map { _ in rng.nextGaussian() }
        let v = (0..<(start + count + 3)).map { _ in rng.nextGaussian() }
        let support = [0, 2, 3, 7, 8]
        let initial = (0..<(rowsCount * stride + start + count)).map { _ in rng.nextGaussian() }
        var expected = initial
        u.withUnsafeBufferPointer { u in
            v.withUnsafeBufferPointer { v in
                expected.withUnsafeMutableBufferPointer { m in
                    for l in support {
                        rk_subtract_rank_two(
                            m.baseAddress! + l * stride + start, u.baseAddress! + start,
                            v.baseAddress! + start, 0.75 * u[l], -1.5 * v[l], count)
                    }
                }
            }
        }
        for target in ["x86-64-v4", "x86-64-v3", "baseline"] {
            guard let loops = rk_loops(target)?.pointee else { continue }
            var result = initial
            loops.subtractGram(
                &result, stride, support, support.count, u, v, 0.75, -1.5, start, count)
            #expect(result.map(\.bitPattern) == expected.map(\.bitPattern), "\(target)")
        }
        var dispatched = initial
        rk_subtract_gram(
            &dispatched, stride, support, support.count, u, v, 0.75, -1.5, start, count)
        #expect(dispatched.map(\.bitPattern) == expected.map(\.bitPattern))
    }
}
