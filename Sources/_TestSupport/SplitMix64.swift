import Quantization

/// The package's one seeded generator (defined in Quantization), under the name tests use.
public typealias SplitMix64 = Quantization.SplitMix64

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
