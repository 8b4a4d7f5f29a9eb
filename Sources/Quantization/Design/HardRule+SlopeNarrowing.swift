/// A slope the hard rule was measured at, with each sample's codeword there.
struct SlopeTrial {
    var slope: Double
    var indices: [Int]
    var figures: DesignReport.Measurement
}

extension HardRule {
    /// Bisects `[low, high]` in log s (the rule's distortion above the target at `low`, at most
    /// the target at `high`) to a relative width of 1e-9, and returns the upper end.
    ///
    /// A sample's codeword moves monotonically as the slope grows: the rule picks the lowest of
    /// the lines `−log q_j + s·d(x, y_j)` over its allowed codewords, and each line is lowest on
    /// one interval of s. So a sample with the same codeword at both ends of the bracket keeps it
    /// at every slope between, and a trial re-encodes only the others. As the bracket narrows
    /// they become few: on 10^6 2-D samples each trial after the first few encodes a small
    /// fraction of them, where bisection on every sample spent about 30 full encodings.
    /// - Complexity: O(N) to set up, then one encoding of the unsettled samples per trial.
    func narrowedSlope(
        _ samples: TrainingSamples, target: Double, low: SlopeTrial, high: SlopeTrial
    ) throws(QuantizationError) -> Double {
        let k = dimension
        func distortion(_ i: Int, _ j: Int) -> Double {
            var d = 0.0
            for c in 0..<k {
                let e = samples.values[i * k + c] - codebook[j * k + c]
                d += e * e
            }
            return d / Double(k)
        }
        var settled = 0.0
        var mass = 0.0
        var unsettled: [Int] = []
        for i in 0..<samples.count {
            let w = samples.weight(i)
            mass += w
            if low.indices[i] == high.indices[i] {
                settled += w * distortion(i, low.indices[i])
            } else {
                unsettled.append(i)
            }
        }
        var lowIndices = unsettled.map { low.indices[$0] }
        var highIndices = unsettled.map { high.indices[$0] }
        var (lowSlope, highSlope) = (low.slope, high.slope)
        for _ in 0..<60 where highSlope / lowSlope > 1 + 1e-9 && !unsettled.isEmpty {
            let middle = (lowSlope * highSlope).squareRoot()
            var trial = self
            trial.slope = middle
            let rule = try trial.quantizer()
            let values = unsettled.flatMap { samples[$0] }
            let flags = samples.importance.map { flags in unsettled.map { flags[$0] } }
            let indices = rule.encode(contentsOf: values, isImportant: flags).indices
            var total = settled
            for (u, i) in unsettled.enumerated() {
                total += samples.weight(i) * distortion(i, indices[u])
            }
            let meets = total / mass <= target
            if meets {
                (highSlope, highIndices) = (middle, indices)
            } else {
                (lowSlope, lowIndices) = (middle, indices)
            }
            // Samples whose codeword now agrees at both ends leave the trials.
            var keep: [Int] = []
            for u in unsettled.indices {
                if lowIndices[u] == highIndices[u] {
                    settled += samples.weight(unsettled[u]) * distortion(unsettled[u], indices[u])
                } else {
                    keep.append(u)
                }
            }
            unsettled = keep.map { unsettled[$0] }
            lowIndices = keep.map { lowIndices[$0] }
            highIndices = keep.map { highIndices[$0] }
        }
        // With every sample settled, the distortion no longer changes inside the bracket: its
        // upper end is the answer, as a finer bisection would only confirm.
        return highSlope
    }
}
