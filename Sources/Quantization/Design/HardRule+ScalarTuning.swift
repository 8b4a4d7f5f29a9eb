extension HardRule {
    /// ``tuneSlope(_:target:)`` for scalar rules, measuring each trial slope from the sorted
    /// distinct values' prefix sums instead of encoding every sample: the rule's cells are
    /// intervals for unimportant values (the lower envelope of its cost lines), so a trial costs
    /// O(m log n), plus O(log m) for each important value the envelope would leave outside its
    /// tolerance. The slope found is then checked by encoding every sample; if exact ties at a
    /// boundary put the measured distortion over the target, the sample-by-sample search runs.
    /// - Returns: the figures measured on every sample at the slope set.
    mutating func tuneScalarSlope(
        _ samples: TrainingSamples, values: DistinctValues, target: Double
    )
        throws(QuantizationError) -> DesignReport.Measurement
    {
        precondition(dimension == 1, "scalar rules only")
        var high = max(slope, 1e-6)
        var highDistortion = try envelopeDistortion(at: high, values: values)
        var low = high
        var steps = 0
        while highDistortion > target && steps < 80 && high < Self.slopeCap(target: target) {
            low = high
            high *= 4
            highDistortion = try envelopeDistortion(at: high, values: values)
            steps += 1
        }
        if low == high {
            low = high / 4
            steps = 0
            while try envelopeDistortion(at: low, values: values) <= target && steps < 80
                && low >= 1e-9
            {
                high = low
                low /= 4
                steps += 1
            }
        }
        for _ in 0..<40 where high / low > 1 + 1e-9 {
            let middle = (low * high).squareRoot()
            if try envelopeDistortion(at: middle, values: values) <= target {
                high = middle
            } else {
                low = middle
            }
        }
        let previous = slope
        slope = high
        let figures = try measure(samples).figures
        guard figures.distortion <= target else {
            slope = previous
            return try tuneSlope(samples, target: target)
        }
        return figures
    }

    /// The mean squared error of the rule at slope `s` on the distinct values.
    private func envelopeDistortion(at s: Double, values: DistinctValues) throws(QuantizationError)
        -> Double
    {
        var trial = self
        trial.slope = s
        let rule = try trial.quantizer()
        let envelope = ScalarEnvelope(rule)
        var total = 0.0
        var lowerIndex = 0
        for (t, j) in envelope.pieces.enumerated() {
            let upperIndex =
                t < envelope.breaks.count
                ? values.firstIndex(above: envelope.breaks[t]) : values.count
            guard upperIndex > lowerIndex else { continue }
            let cell = values.moments(lowerIndex..<upperIndex)
            let c = rule.codebook[j] - values.shift
            total += max(0, cell.second - 2 * c * cell.first + c * c * cell.mass)
            lowerIndex = upperIndex
        }
        // Important values the envelope's codeword does not serve take the rule's constrained choice.
        guard let tolerance = rule.importantTolerance else { return total }
        let encoder = QuantizerEncoder(quantizer: rule)
        var i = values.nextImportant[0]
        while i < values.count {
            let x = values.values[i]
            let own = rule.codebook[envelope.index(for: x)]
            if (x - own) * (x - own) > tolerance {
                let j =
                    [x].withUnsafeBufferPointer { encoder.encode($0, isImportant: true) }
                    ?? rule.nearest(CollectionOfOne(x))
                let y = rule.codebook[j]
                total += values.probabilities[i] * ((x - y) * (x - y) - (x - own) * (x - own))
            }
            i = values.nextImportant[i + 1]
        }
        return total
    }
}

extension DistinctValues {
    /// The least index whose value exceeds `x` (`count` if none).
    func firstIndex(above x: Double) -> Int {
        var low = 0
        var high = count
        while low < high {
            let mid = (low + high) / 2
            if values[mid] <= x { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
