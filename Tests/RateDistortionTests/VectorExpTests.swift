import Testing
import _TestSupport

@testable import RateDistortion

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The kernel's SIMD `exp` against the C library's, on the whole range the kernel feeds it.
@Suite("Vector exp")
struct VectorExpTests {
    /// Accuracy asked of a normal result: a relative 4 ulp (the documented figure is about 2).
    static let relativeTolerance = 4 * Double.ulpOfOne

    static func check(_ x: SIMD8<Double>, _ y: SIMD8<Double>) {
        for lane in 0..<8 {
            let exact = exp(x[lane])
            if x[lane] < -708.39 {
                #expect(y[lane] == 0, "exp(\(x[lane])) below the normal range must be exactly 0")
            } else if x[lane] > 709 {
                #expect(y[lane] == .infinity)
            } else {
                #expect(
                    abs(y[lane] - exact) <= Self.relativeTolerance * exact,
                    "exp(\(x[lane])) = \(y[lane]), libm \(exact)")
            }
        }
    }

    @Test("vectorExp is within 4 ulp of libm on [−745, 710], 0 below the normal range, ∞ above")
    func generalExp() {
        var generator = SplitMix64(seed: 7)
        for _ in 0..<4_000 {
            let x = SIMD8<Double>(
                (0..<8).map { _ in Double.random(in: -745...710, using: &generator) })
            Self.check(x, vectorExp(x))
        }
        let special = SIMD8<Double>(-.infinity, -1e300, -708.39, -708.38, 0, -0.0, 1e-300, 709.5)
        Self.check(special, vectorExp(special))
    }

    @Test("vectorExpOfNonPositive equals vectorExp bit for bit on non-positive arguments")
    func nonPositiveExp() {
        var generator = SplitMix64(seed: 11)
        for scale in [1.0, 40, 745, 1e6] {
            for _ in 0..<2_000 {
                let x = SIMD8<Double>(
                    (0..<8).map { _ in -Double.random(in: 0...scale, using: &generator) })
                let y = vectorExpOfNonPositive(x)
                #expect(y == vectorExp(x))
                Self.check(x, y)
            }
        }
        let special = SIMD8<Double>(-.infinity, -1e300, -708.39, -708.38, 0, -0.0, -1e-300, -745.2)
        #expect(vectorExpOfNonPositive(special) == vectorExp(special))
    }
}
