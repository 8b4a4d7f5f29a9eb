import Quantization

/// The package's one seeded generator (defined in Quantization, with its Gaussian and Laplace
/// draws), under the name tests use.
public typealias SplitMix64 = Quantization.SplitMix64

/// Seeded samples, the same on every run.
public enum SeededSamples {
    /// `count` standard normal draws from `seed`.
    public static func gaussian(_ count: Int, seed: UInt64) -> [Double] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in rng.nextGaussian() }
    }

    /// `count` unit-variance Laplace draws from `seed`.
    public static func laplace(_ count: Int, seed: UInt64) -> [Double] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in rng.nextLaplace() }
    }

    /// `count` 2-D points (row-major) of four Gaussian clusters at (±centre, ±centre), each
    /// coordinate with standard deviation `spread`, taken in turn from the four clusters.
    public static func fourClusters(
        _ count: Int, centre: Double, spread: Double, seed: UInt64
    ) -> [Double] {
        var rng = SplitMix64(seed: seed)
        var points: [Double] = []
        for i in 0..<count {
            points.append((i % 2 == 0 ? centre : -centre) + spread * rng.nextGaussian())
            points.append((i % 4 < 2 ? centre : -centre) + spread * rng.nextGaussian())
        }
        return points
    }
}
