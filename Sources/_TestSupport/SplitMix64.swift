/// A small, fast, seedable random number generator (Steele, Lea & Flood, "Fast splittable
/// pseudorandom number generators", OOPSLA 2014). Tests use it so that every generated
/// instance is reproducible from its seed.
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
}

extension RandomNumberGenerator {
    /// A standard normal variate by the Box–Muller transform.
    public mutating func nextGaussian() -> Double {
        let u = Double.random(in: Double.ulpOfOne..<1, using: &self)
        let v = Double.random(in: 0..<1, using: &self)
        return (-2 * _log(u)).squareRoot() * _cos(2 * Double.pi * v)
    }

    /// A Laplace variate with unit variance.
    public mutating func nextLaplace() -> Double {
        let u = Double.random(in: -0.5..<0.5, using: &self)
        let b = 1 / 2.0.squareRoot()
        return u < 0 ? b * _log(1 + 2 * u) : -b * _log(1 - 2 * u)
    }
}
