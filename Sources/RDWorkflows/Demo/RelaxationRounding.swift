import Foundation
import Quantization
import RDInterchange
import RDPlot
import RateDistortion
import SampleCompression

/// A deployable quantiser read off the τ = 1 relaxation, without annealing: the hard rule
/// `j(x) = argmin_j [−log q_j + s·d(x, y_j)]` (docs/quantiser-design.md) with the relaxation's output law q
/// (codewords with `q_j < ε` pruned) and s chosen by bisection so that the rule meets the
/// average bound on the training data.
///
/// This is the seam where `rdopt design`'s annealing pipeline plugs in: until that lands the
/// demo rounds the relaxation directly, which costs more bits than annealing (the rounding
/// cost is reported, never hidden).
struct RelaxationRounding: Sendable {
    /// Codewords lighter than this are pruned before rounding.
    var pruneBelow = 1e-7
    /// Bisection steps on log s.
    var bisectionSteps = 40

    /// The measured figures of a hard rule on the training samples.
    struct Measurement: Sendable {
        var quantizer: Quantizer
        var indices: [Int]
        var entropyBits: Double
        var distortion: Double
        var violations: Int
        var importantMaxDistortion: Double
    }

    /// Rounds `solution` (on a scalar problem whose codebook is `codebook`) to a hard rule that
    /// meets `targetDistortion` on `samples`, or the closest one found.
    func round(
        _ solution: Solution, codebook: [Double], samples: SampleSet, targetDistortion: Double,
        importantTolerance: Double?
    ) throws(QuantizationError) -> Measurement {
        var kept: [Double] = []
        var mass: [Double] = []
        for (y, q) in zip(codebook, solution.outputProbabilities) where q >= pruneBelow {
            kept.append(y)
            mass.append(q)
        }
        func measure(slope: Double) throws(QuantizationError) -> Measurement {
            let quantizer = try Quantizer(
                dimension: 1, codebook: kept, probabilities: mass, slope: slope,
                importantTolerance: importantTolerance)
            let batch = quantizer.encode(
                contentsOf: samples.values, isImportant: samples.isImportant)
            return Self.measurement(of: quantizer, batch: batch, samples: samples)
        }
        var low = max(solution.slope, 1e-6)
        var best = try measure(slope: low)
        if best.distortion <= targetDistortion {
            // Lower s (fewer bits) while the bound still holds.
            var high = low
            low = high / 2
            var trial = try measure(slope: low)
            var steps = 0
            while trial.distortion <= targetDistortion, steps < 30 {
                best = trial
                high = low
                low /= 2
                trial = try measure(slope: low)
                steps += 1
            }
            return try bisect(
                low: low, high: high, best: best, target: targetDistortion, measure: measure)
        }
        var high = low * 2
        var trial = try measure(slope: high)
        var steps = 0
        while trial.distortion > targetDistortion, steps < 40 {
            low = high
            high *= 2
            trial = try measure(slope: high)
            steps += 1
        }
        guard trial.distortion <= targetDistortion else { return trial }
        return try bisect(
            low: low, high: high, best: trial, target: targetDistortion, measure: measure)
    }

    /// Bisection on log s between `low` (bound missed) and `high` (bound met, `best`).
    private func bisect(
        low: Double, high: Double, best: Measurement, target: Double,
        measure: (Double) throws(QuantizationError) -> Measurement
    ) throws(QuantizationError) -> Measurement {
        var low = low
        var high = high
        var best = best
        for _ in 0..<bisectionSteps {
            let mid = (low * high).squareRoot()
            let trial = try measure(mid)
            if trial.distortion <= target {
                high = mid
                if trial.entropyBits <= best.entropyBits { best = trial }
            } else {
                low = mid
            }
            if high / low < 1 + 1e-6 { break }
        }
        return best
    }

    static func measurement(of quantizer: Quantizer, batch: BatchEncoding, samples: SampleSet)
        -> Measurement
    {
        var counts = [Int](repeating: 0, count: quantizer.count)
        var total = 0.0
        var importantMax = 0.0
        let flags = samples.isImportant
        for (i, j) in batch.indices.enumerated() {
            counts[j] += 1
            let e = samples.values[i] - quantizer.codebook[j]
            total += e * e
            if flags?[i] == true { importantMax = max(importantMax, e * e) }
        }
        let n = Double(max(batch.indices.count, 1))
        let entropy = counts.reduce(0.0) { h, c in
            c > 0 ? h - Double(c) / n * log2(Double(c) / n) : h
        }
        return Measurement(
            quantizer: quantizer, indices: batch.indices, entropyBits: entropy,
            distortion: total / n,
            violations: batch.violations.count, importantMaxDistortion: importantMax)
    }
}
