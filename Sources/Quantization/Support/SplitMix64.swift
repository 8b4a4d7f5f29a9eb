#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number generators",
/// OOPSLA 2014): a small, fast generator whose whole sequence is fixed by its seed, the same on
/// every platform. rdopt's one seeded generator: the baselines' `--seed`, the demo's signal,
/// every generated test instance and the benchmarks' data use it.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates a generator whose whole sequence is fixed by `seed`.
    public init(seed: UInt64) { state = seed }

    /// Returns the next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform draw in (0, 1) from the top 53 bits (never 0, so its logarithm is finite).
    public mutating func nextUnit() -> Double {
        (Double(next() >> 11) + 0.5) * 0x1p-53
    }

    /// A standard normal draw by the Box–Muller transform (one of the pair).
    public mutating func nextGaussian() -> Double {
        let u = Double.random(in: Double.ulpOfOne..<1, using: &self)
        let v = Double.random(in: 0..<1, using: &self)
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }

    /// A Laplace draw with unit variance (inverse transform).
    public mutating func nextLaplace() -> Double {
        let u = Double.random(in: -0.5..<0.5, using: &self)
        let b = 1 / 2.0.squareRoot()
        return u < 0 ? b * log(1 + 2 * u) : -b * log(1 - 2 * u)
    }
}
