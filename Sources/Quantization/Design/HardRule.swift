#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The deterministic encoder of docs/quantiser-design.md and its final polish: a codebook with its output
/// law, the rule `j(x) = argmin −log q_j + s d(x, y_j)` (`d ≤ D'` for important x), the slope
/// re-tuned on the real samples, and hard Lloyd iterations (rule ↔ centroids, entropy term kept).
struct HardRule {
    var codebook: [Double]
    var q: [Double]
    var slope: Double
    let dimension: Int
    let tolerance: Double?

    /// The largest slope the tuning tries, `1e15 / D`: far past the point where the rule is
    /// nearest-neighbour (a codeword's cost `−log q_j` is at most about 700 nats). A rule whose
    /// distortion is above the target even there cannot reach it by its slope; without the cap
    /// repeated tuning (after each polish) multiplied the slope up to infinity.
    static func slopeCap(target: Double) -> Double { 1e15 / target }

    func quantizer() throws(QuantizationError) -> Quantizer {
        try Quantizer(
            dimension: dimension, codebook: codebook, probabilities: q.map { max($0, 1e-300) },
            slope: slope, importantTolerance: tolerance)
    }

    /// Applies the rule to every sample: `H(Y)`, the mean distortion, and the important samples' figures.
    func measure(_ samples: TrainingSamples) throws(QuantizationError) -> (
        encoding: BatchEncoding, figures: DesignReport.Measurement
    ) {
        try quantizer().measure(samples)
    }

    /// The smallest slope (to a relative 1e-9) at which the rule's mean distortion on the samples
    /// is at most the target: bracketed by factors of 4, then bisected in log s
    /// (``narrowedSlope(_:target:low:high:)``); sets it and returns the figures.
    mutating func tuneSlope(_ samples: TrainingSamples, target: Double) throws(QuantizationError)
        -> DesignReport.Measurement
    {
        func measured(_ s: Double) throws(QuantizationError) -> SlopeTrial {
            var trial = self
            trial.slope = s
            let (encoding, figures) = try trial.measure(samples)
            return SlopeTrial(slope: s, indices: encoding.indices, figures: figures)
        }
        var high = try measured(max(slope, 1e-6))
        var low = high
        var steps = 0
        while high.figures.distortion > target && steps < 80
            && high.slope < Self.slopeCap(target: target)
        {
            low = high
            high = try measured(high.slope * 4)
            steps += 1
        }
        guard high.figures.distortion <= target else {
            slope = high.slope
            return high.figures
        }
        if low.slope == high.slope {
            low = try measured(high.slope / 4)
            steps = 0
            while low.figures.distortion <= target && steps < 80 && low.slope / 4 >= 1e-9 {
                high = low
                low = try measured(low.slope / 4)
                steps += 1
            }
            guard low.figures.distortion > target else {
                slope = low.slope
                return low.figures
            }
        }
        let narrowed = try narrowedSlope(samples, target: target, low: low, high: high)
        let figures = narrowed == high.slope ? high.figures : try measured(narrowed).figures
        guard figures.distortion <= target else {
            // Rounding in the partial sums put a trial on the wrong side (a distortion within
            // ~1e-13 of the target): keep the last slope measured in full.
            slope = high.slope
            return high.figures
        }
        slope = narrowed
        return figures
    }

    /// Hard Lloyd iterations on the atoms at the current slope: assign by the rule, then each
    /// codeword to its cell's mass and centroid; empty cells are dropped. An iteration that would
    /// leave an important atom with no codeword within the tolerance is undone.
    /// - Returns: whether the assignment changed at all.
    @discardableResult
    mutating func polish(source: EmpiricalSource, iterations: Int) throws(QuantizationError) -> Bool
    {
        let k = dimension
        let p = source.probabilities
        let flags = tolerance == nil ? nil : source.isImportant
        var changed = false
        for _ in 0..<iterations {
            let assignment = try quantizer().encode(contentsOf: source.points, isImportant: flags)
            guard assignment.violations.isEmpty else { break }
            var mass = [Double](repeating: 0, count: q.count)
            var sums = [Double](repeating: 0, count: q.count * k)
            for i in 0..<source.atomCount {
                let j = assignment.indices[i]
                mass[j] += p[i]
                for c in 0..<k { sums[j * k + c] += p[i] * source.points[i * k + c] }
            }
            var newCodebook: [Double] = []
            var newQ: [Double] = []
            for j in 0..<q.count where mass[j] > 0 {
                newQ.append(mass[j])
                for c in 0..<k { newCodebook.append(sums[j * k + c] / mass[j]) }
            }
            let total = newQ.reduce(0, +)
            newQ = newQ.map { $0 / total }
            if newCodebook == codebook && zip(newQ, q).allSatisfy({ abs($0 - $1) <= 1e-15 }) {
                break
            }
            let candidate = HardRule(
                codebook: newCodebook, q: newQ, slope: slope, dimension: k, tolerance: tolerance)
            if tolerance != nil {
                let check = try candidate.quantizer().encode(
                    contentsOf: source.points, isImportant: flags)
                if !check.violations.isEmpty { break }
            }
            self = candidate
            changed = true
        }
        return changed
    }

    /// Adds codewords so that every important sample has one within the tolerance: greedily,
    /// a codeword at each uncovered sample (covering all samples within the tolerance of it).
    /// - Returns: the number of codewords added.
    mutating func repair(_ samples: TrainingSamples, violations: [Int]) -> Int {
        guard let tolerance, !violations.isEmpty else { return 0 }
        let k = dimension
        var added: [[Double]] = []
        // Scalars: sweep upwards, each new codeword just below √D' above the first uncovered
        // sample, so it covers a window of nearly 2√D'.
        let order =
            k == 1 ? violations.sorted { samples.values[$0] < samples.values[$1] } : violations
        let reach = 0.999 * tolerance.squareRoot()
        for i in order {
            var x = Array(samples[i])
            let covered = added.contains { y in
                var d = 0.0
                for c in 0..<k { d += (x[c] - y[c]) * (x[c] - y[c]) }
                return d / Double(k) <= tolerance
            }
            if !covered {
                if k == 1 { x[0] += reach }
                added.append(x)
            }
        }
        let share = 1 / Double(samples.count)
        for y in added {
            codebook.append(contentsOf: y)
            q.append(share)
        }
        let total = q.reduce(0, +)
        q = q.map { $0 / total }
        return added.count
    }

    /// Drops codewords that no training sample uses (the training assignment is unchanged).
    mutating func dropUnused(_ indices: [Int]) {
        var used = [Bool](repeating: false, count: q.count)
        for j in indices { used[j] = true }
        var newCodebook: [Double] = []
        var newQ: [Double] = []
        for j in 0..<q.count where used[j] {
            newQ.append(q[j])
            newCodebook.append(contentsOf: codebook[(j * dimension)..<((j + 1) * dimension)])
        }
        codebook = newCodebook
        q = newQ
    }
}
