import Foundation
import Quantization
import RDInterchange
import RDPlot
import SampleCompression

/// The embedded demo data of `rdopt demo`: a heavy-tailed, sensor-like signal generated
/// deterministically from a seed, with a flagged important subset.
///
/// The signal is an AR(1) process `x_t = φ x_{t−1} + c·e_t` whose innovations `e_t` follow a
/// Student-t law with ν degrees of freedom (heavy tails: rare large excursions, as a vibration
/// or pressure sensor shows), read out at a fixed sensor resolution (every value is a multiple
/// of `resolution`, so the data have ties and a few hundred distinct values). A sample is
/// important when `|x| > importanceThreshold` (the excursions an analyst looks at); those must
/// be reconstructed within a tighter per-sample tolerance.
///
/// The scale `c = √((1 − φ²)(ν − 2)/ν)` gives the stationary process unit variance (ν > 2).
/// The first sample is drawn from a long burn-in, so the series starts stationary.
public struct DemoSignal: Sendable, Equatable {
    /// The number of samples N.
    public var count: Int
    /// The seed of the generator (`Quantization/SplitMix64`).
    public var seed: UInt64
    /// The AR(1) coefficient φ, in (−1, 1).
    public var autoregression: Double
    /// The Student-t degrees of freedom ν (> 2).
    public var degreesOfFreedom: Int
    /// The sensor resolution: every sample is a multiple of it.
    public var resolution: Double
    /// Samples with `|x|` above this are important.
    public var importanceThreshold: Double

    /// Creates the signal's settings; the defaults are those of `rdopt demo`.
    public init(
        count: Int = 100_000, seed: UInt64 = 20_240_601, autoregression: Double = 0.9,
        degreesOfFreedom: Int = 3,
        resolution: Double = 1.0 / 16, importanceThreshold: Double = 3
    ) {
        self.count = count
        self.seed = seed
        self.autoregression = autoregression
        self.degreesOfFreedom = degreesOfFreedom
        self.resolution = resolution
        self.importanceThreshold = importanceThreshold
    }

    /// The importance rule, `abs>T`.
    public var importanceRule: ImportanceRule { .absoluteGreaterThan(importanceThreshold) }

    /// Generates the samples with their importance flags.
    ///
    /// - Complexity: O(N · ν).
    public func samples() -> SampleSet {
        var rng = SplitMix64(seed: seed)
        let nu = Double(max(degreesOfFreedom, 3))
        let phi = min(max(autoregression, -0.999), 0.999)
        let scale = ((1 - phi * phi) * (nu - 2) / nu).squareRoot()
        var state = 0.0
        for _ in 0..<200 { state = phi * state + scale * studentT(nu: Int(nu), using: &rng) }
        var values = [Double](repeating: 0, count: max(count, 0))
        for t in values.indices {
            state = phi * state + scale * studentT(nu: Int(nu), using: &rng)
            values[t] = (state / resolution).rounded() * resolution
        }
        let rule = importanceRule
        let flags = values.map { rule.isImportant(value: $0) }
        return SampleSet(dimension: 1, values: values, isImportant: flags)
    }

    /// A Student-t draw: `Z / √(χ²_ν / ν)` with the χ² as a sum of ν squared normals.
    private func studentT(nu: Int, using rng: inout SplitMix64) -> Double {
        let z = rng.nextDemoGaussian()
        var chi = 0.0
        for _ in 0..<nu {
            let g = rng.nextDemoGaussian()
            chi += g * g
        }
        return z / (chi / Double(nu)).squareRoot()
    }
}

extension SplitMix64 {
    /// A standard normal draw (Box–Muller from two `nextUnit()` draws, one of the pair).
    ///
    /// The demo's own, on purpose: its embedded data must stay the same, draw for draw, from
    /// one version to the next (the README quotes its figures), whatever becomes of the
    /// library's ``SplitMix64/nextGaussian()``, which converts its uniforms differently.
    mutating func nextDemoGaussian() -> Double {
        let u = nextUnit()
        let v = nextUnit()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
}
