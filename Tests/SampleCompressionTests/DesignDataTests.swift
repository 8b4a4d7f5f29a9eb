import Testing
import _TestSupport

@testable import SampleCompression

/// What the residual quantiser and the linear predictors are fitted on: all of data of modest
/// length, and least squares reweighted towards the rate.
@Suite struct DesignDataTests {
    @Test("data of at most 2^18 values is designed on whole; longer, on blocks")
    func wholeShortData() {
        let wanted = 1 << 15
        for n in [86_399, 1 << 18] {
            let subsample = DesignSubsample(
                count: n, rowLength: 1, sampleCount: wanted, chunkSize: 1 << 20)
            #expect(subsample.blocks == [0..<n], "\(n) values")
        }
        let long = DesignSubsample(
            count: (1 << 18) + 1, rowLength: 1, sampleCount: wanted, chunkSize: 1 << 20)
        #expect(long.blocks.count == 8)
        #expect(long.sampleCount == wanted)
        // An RGB image's planes (its rows of 3 values a pixel) come 33 at a time.
        let rgb = DesignSubsample(
            count: 512 * 512 * 3, rowLength: 3, planeRows: 512, sampleCount: wanted,
            chunkSize: 1 << 20)
        #expect(rgb.blocks.count >= 2)
        #expect(rgb.blocks.allSatisfy { $0.count == 33 * 1_536 && $0.lowerBound % 1_536 == 0 })
    }

    /// A quiet AR(1) signal (ρ = 0.9, σ = 1) with a loud burst of other dynamics (ρ = −0.5,
    /// σ = 100) on a tenth of it: the squared error is the burst's, the rate the quiet part's.
    static func quietWithBurst() -> [Double] {
        let noise = SeededSamples.gaussian(10_000, seed: 41)
        var x = [Double](repeating: 0, count: noise.count)
        for i in 1..<x.count {
            let burst = (4_000..<5_000).contains(i)
            x[i] = burst ? -0.5 * x[i - 1] + 100 * noise[i] : 0.9 * x[i - 1] + noise[i]
        }
        return x
    }

    @Test(
        "least squares weighted by the neighbours' energy, then by the residuals, follows the quiet majority"
    )
    func weightedFit() throws {
        let x = Self.quietWithBurst()
        try x.withUnsafeBufferPointer { values in
            func fit(_ weighting: LeastSquaresFit.Weighting) -> [Double]? {
                LeastSquaresFit.coefficients(
                    lags: [1], blocks: [0..<x.count], targets: values, neighbours: values,
                    blockStarts: [0], origin: 0, weighting: weighting, floor: 0.01)
            }
            let plain = try #require(fit(.none))
            // The plain fit is drawn to the burst's coefficient, and reweighting by the
            // residuals from there stays near it (the criterion is not convex).
            #expect(plain[0] < 0)
            let stuck = try #require(fit(.residuals(plain)))
            #expect(stuck[0] < 0)
            // Weighted by the neighbours' energy, every stretch counts by its shape.
            let energy = try #require(fit(.localEnergy))
            #expect(energy[0] > 0.7, "\(energy)")
            // Reweighting by the residuals from there moves on towards the quiet part's 0.9.
            var weighted = energy
            for _ in 0..<3 { weighted = try #require(fit(.residuals(weighted))) }
            #expect(abs(weighted[0] - 0.9) < abs(energy[0] - 0.9), "\(energy) → \(weighted)")
        }
    }

    /// The normal equations summed term by term, as plainly as they read (the reference the
    /// fit's pointer loops must match to the bit).
    static func referenceNormalEquations(
        lags: [Int], blocks: [Range<Int>], x: [Double], origin: Double,
        weighting: LeastSquaresFit.Weighting, floor: Double
    ) -> (a: [Double], b: [Double]) {
        let p = lags.count
        let reach = lags.max() ?? 0
        var a = [Double](repeating: 0, count: p * p)
        var b = [Double](repeating: 0, count: p)
        for block in blocks where block.count > reach {
            for offset in reach..<block.count {
                let f = lags.map { x[block.lowerBound + offset - $0] - origin }
                let t = x[block.lowerBound + offset] - origin
                var w = 1.0
                switch weighting {
                case .none: break
                case .localEnergy:
                    var energy = 0.0
                    for k in 0..<p { energy += f[k] * f[k] }
                    w = 1 / (energy / Double(p) + floor)
                case .residuals(let current):
                    var r = t
                    for k in 0..<p { r -= current[k] * f[k] }
                    w = 1 / (r * r + floor)
                }
                for k in 0..<p {
                    b[k] += w * f[k] * t
                    for l in 0..<p { a[k * p + l] += w * f[k] * f[l] }
                }
            }
        }
        return (a, b)
    }

    @Test(
        "the fit's sums are the plain normal equations to the bit, and recover an AR(3) signal's coefficients",
        arguments: [[1, 2, 3], [1, 2, 3, 5, 8, 13, 16]])
    func fitMatchesReference(lags: [Int]) throws {
        var rng = SplitMix64(seed: 20_261_207)
        var x = [Double](repeating: 0, count: 20_000)
        for i in 3..<x.count {
            x[i] = 0.5 * x[i - 1] + 0.3 * x[i - 2] - 0.2 * x[i - 3] + rng.nextGaussian()
        }
        let blocks = [100..<9_000, 10_000..<19_500]
        let origin = 0.25
        let first = try #require(
            x.withUnsafeBufferPointer { values in
                LeastSquaresFit.coefficients(
                    lags: lags, blocks: blocks, targets: values, neighbours: values,
                    blockStarts: blocks.map(\.lowerBound), origin: origin)
            })
        for weighting: LeastSquaresFit.Weighting in [.none, .localEnergy, .residuals(first)] {
            let fitted = x.withUnsafeBufferPointer { values in
                LeastSquaresFit.coefficients(
                    lags: lags, blocks: blocks, targets: values, neighbours: values,
                    blockStarts: blocks.map(\.lowerBound), origin: origin, weighting: weighting,
                    floor: 0.5)
            }
            let (a, b) = Self.referenceNormalEquations(
                lags: lags, blocks: blocks, x: x, origin: origin, weighting: weighting,
                floor: 0.5)
            #expect(fitted == LeastSquaresFit.solve(a, b, size: lags.count))
        }
        // The generating coefficients at lags 1, 2, 3 (within the noise of 18,000 terms), and
        // next to nothing at the others.
        for (k, lag) in lags.enumerated() {
            let truth: Double = [1: 0.5, 2: 0.3, 3: -0.2][lag] ?? 0
            #expect(abs(first[k] - truth) < 0.03, "lag \(lag): \(first[k])")
        }
    }
}
