import Foundation

/// The residual scales rdopt gives interpolation's levels (``Predictor/levelScales``).
///
/// A coarse level's reconstruction errors feed the predictions of every finer level, so
/// coarse levels may get finer codewords: level h = 2^k the factor `1 / min(α^k, 4)`; the
/// finer levels hold most samples and barely change. Which α pays depends on the data
/// (measured with a uniform quantiser tuned to the same mean squared error, memoryless entropy
/// with a table per level: on a smooth 1000 × 1000 field α = 1.5 took 0.0755 → 0.0382 bits per
/// value at var/100 and 0.157 → 0.111 at var/1000; on speech α = 1.25 took 1.369 → 1.205 and
/// 2.458 → 2.356, where α = 1.5 gave 1.210 and 2.397), so the design tries the ``candidates``
/// with its uniform probe on the design blocks and keeps the one whose rate, interpolated at
/// the target error, is least (``PredictiveDesign``).
enum LevelScales {
    /// The cap on `α^k`.
    static let cap = 4.0
    /// The α tried (1: no scales).
    static let candidates = [1.0, 1.25, 1.5, 2.0]

    /// The scales for growth `alpha` (> 1): one per level until the cap is reached, which the
    /// coarser levels keep; empty for `alpha ≤ 1`. Each is a multiple of 2^-12, so that a
    /// file stores it in about two bytes (docs/formats.md, "Level scales").
    static func scales(alpha: Double) -> [Double] {
        guard alpha > 1 else { return [] }
        var scales: [Double] = []
        var factor = 1.0
        while factor < cap {
            scales.append((4096 / factor).rounded() / 4096)
            factor *= alpha
        }
        return scales + [1 / cap]
    }

    /// The rate at distortion `target` of the probes `trial(factor)` (the uniform probe with its
    /// step times `factor`): from the probes of steps ×1 and ×2, and while both err below the
    /// target, up to ``extraProbes`` more with wider steps, aimed at it by the growth of the
    /// error with the step seen so far; read between the last two (``rate(at:_:_:)``).
    ///
    /// With fine codewords on the coarse levels the probes err far below the target at low
    /// rates, and the line through the first two ran below zero bits there: on 936,001 seismic
    /// values at var/30 it read −0.54 bits for α = 2, −0.36 for 1.5 and −0.14 for 1.25; α = 2
    /// won and the file took 0.053 bits per value.
    static func rate(at target: Double, bracketing trial: (Double) -> DesignTrial) -> Double {
        var (a, b) = (trial(1), trial(2))
        var (lowFactor, factor) = (1.0, 2.0)
        for _ in 0..<extraProbes
        where a.distortion > 0 && b.distortion > a.distortion && b.distortion < target {
            // The error's growth with the step so far, `error ∝ step^growth`.
            let growth = log(b.distortion / a.distortion) / log(factor / lowFactor)
            let wider = factor * min(8, max(2, pow(target / b.distortion, 1 / max(growth, 0.5))))
            (a, lowFactor) = (b, factor)
            (b, factor) = (trial(wider), wider)
        }
        return rate(at: target, a, b)
    }

    /// Wider probes at most (``rate(at:bracketing:)``).
    static let extraProbes = 2

    /// The rate of a probe trial interpolated at distortion `target` from two trials of
    /// probes of different steps (linear in the logarithm of the distortion; the nearer one
    /// alone when the two coincide).
    static func rate(at target: Double, _ a: DesignTrial, _ b: DesignTrial) -> Double {
        let (x0, x1) = (
            log(max(a.distortion, .leastNormalMagnitude)),
            log(max(b.distortion, .leastNormalMagnitude))
        )
        guard abs(x1 - x0) > 1e-12 else { return a.bits }
        let t = (log(target) - x0) / (x1 - x0)
        return a.bits + t * (b.bits - a.bits)
    }
}
