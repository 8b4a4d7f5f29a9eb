import Foundation

extension EntropyConstrainedLloyd {
    /// The search of ``design(for:targetDistortion:using:progress:)`` on scalar data.
    func scalarDesign(
        data: WeightedScalars, target: Double, using rng: inout some RandomNumberGenerator,
        progress: ((String) -> Void)? = nil
    ) throws(QuantizationError) -> BaselineResult {
        let rule = BaselineResult.EncodingRule.entropyConstrained(lagrangeMultiplier: 0)
        if data.count == 1 || target >= data.variance {
            // One codeword at the mean is optimal: zero rate.
            let single = ScalarPartition(data: data, thresholds: [])
            return single.result(
                method: .entropyConstrainedLloyd, data: data, rule: rule, hull: nil)
        }
        if target == 0 {
            // Only the identity on the distinct values has zero distortion.
            let identity = ScalarPartition(data: data, thresholds: Array(data.values.dropLast()))
            return identity.result(
                method: .entropyConstrainedLloyd, data: data, rule: rule, hull: nil)
        }
        let acceptance = Self.acceptance(for: target)
        var outcome = LagrangianSearch.Outcome<ScalarPartition>()
        let codebooks = scalarInitialCodebooks(data: data, target: target, using: &rng)
        for (index, codebook) in codebooks.enumerated() {
            progress?("initial codebook \(index + 1) of \(codebooks.count)")
            // With warm starts, a run starts from the converged quantiser of the nearest
            // smaller multiplier tried so far (a finer quantiser: cells can empty out but never
            // appear); otherwise, and for the first, from the initial codebook.
            var converged: [(lambda: Double, partition: ScalarPartition)] = []
            let found = search.search(
                target: acceptance, initialLambda: Self.initialLambda(target: target)
            ) { lambda in
                let nearest =
                    warmStarts
                    ? converged.filter { $0.lambda <= lambda }.max { $0.lambda < $1.lambda } : nil
                let partition = data.entropyConstrainedLloyd(
                    initial: nearest?.partition.codewords ?? codebook,
                    initialMasses: nearest?.partition.masses, lagrangeMultiplier: lambda,
                    maximumIterations: maximumIterations, relativeTolerance: relativeTolerance)
                if lambda > 0 { converged.append((lambda, partition)) }
                let point = OperatingPoint(
                    distortion: partition.fastDistortion(on: data),
                    entropyBits: partition.entropyBits(total: data.total))
                return (point, partition)
            }
            outcome.merge(found, target: acceptance)
        }
        let (best, hull) = try outcome.chosen(target: target, unreached: data.variance)
        return best.payload.result(
            method: .entropyConstrainedLloyd, data: data,
            rule: .entropyConstrained(lagrangeMultiplier: best.lagrangeMultiplier), hull: hull)
    }

    /// Uniform codebooks with steps `√(12·D)·f` at offsets 0 and ½ step from the mean, over
    /// the data range, then random codebooks of the size of the `f = 1` grid.
    func scalarInitialCodebooks(
        data: WeightedScalars, target: Double, using rng: inout some RandomNumberGenerator
    ) -> [[Double]] {
        let low = data.values[0]
        let high = data.values[data.count - 1]
        let range = high - low
        let centre = data.centre
        let base = (12 * target).squareRoot()
        let finest = range / Double(maximumCodewords)
        var codebooks: [[Double]] = []
        for factor in stepFactors {
            let step = max(base * factor, finest)
            for offset in (0..<gridPhases).map({ Double($0) / Double(gridPhases) }) {
                let first = Int(((low - centre) / step - offset).rounded(.down))
                let last = Int(((high - centre) / step - offset).rounded(.up))
                let codebook = (first...max(first, last)).map {
                    centre + (Double($0) + offset) * step
                }
                codebooks.append(codebook)
            }
        }
        let size = max(1, min(maximumCodewords, Int(range / max(base, finest)) + 1))
        for _ in 0..<randomInitialisations {
            codebooks.append((0..<size).map { _ in data.randomValue(using: &rng) })
        }
        return codebooks
    }
}

extension ScalarPartition {
    /// The baseline result for this partition, measured directly on every sample.
    func result(
        method: BaselineResult.Method, data: WeightedScalars, rule: BaselineResult.EncodingRule,
        hull: [OperatingPoint]?
    ) -> BaselineResult {
        let distortion = self.distortion(on: data)
        let entropy = entropyBits(total: data.total)
        let own = OperatingPoint(distortion: distortion, entropyBits: entropy)
        return BaselineResult(
            method: method, dimension: 1, codebook: codewords,
            probabilities: masses.map { $0 / data.total }, rule: rule, entropyBits: entropy,
            distortion: distortion, hull: hull ?? [own])
    }
}
