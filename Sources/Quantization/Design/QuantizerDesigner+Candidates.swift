/// The annealing route's deployable quantiser and what it passed through.
struct AnnealedCandidate {
    var quantizer: Quantizer
    var figures: DesignReport.Measurement
    var stages: [DesignReport.Stage]
    var roundingCostBits: Double
    var repairedCodewords: Int
}

/// The interval programme's design, its rule and the rule's figures on the samples, or why
/// there is none.
struct IntervalCandidate {
    var design: IntervalDesign?
    var quantizer: Quantizer?
    var figures: DesignReport.Measurement?
    var unavailable: String?
    /// Wall-clock seconds it took.
    var seconds = 0.0
}

extension QuantizerDesigner {
    /// Runs ``IntervalProgramme`` on scalar samples and measures its rule on them.
    func intervalCandidate(
        _ samples: TrainingSamples, values: DistinctValues?, target: Double, tolerance: Double?
    )
        -> IntervalCandidate
    {
        let start = ContinuousClock.now
        var candidate = intervalCandidateUntimed(
            samples, values: values, target: target, tolerance: tolerance)
        candidate.seconds = (ContinuousClock.now - start) / .seconds(1)
        return candidate
    }

    private func intervalCandidateUntimed(
        _ samples: TrainingSamples, values: DistinctValues?, target: Double,
        tolerance: Double?
    )
        -> IntervalCandidate
    {
        guard let values else {
            return IntervalCandidate(
                unavailable:
                    "vector data (dimension \(samples.dimension)): interval cells exist for scalars only"
            )
        }
        guard let programme = intervalProgramme else {
            return IntervalCandidate(unavailable: "not run (switched off)")
        }
        do {
            let design = try programme.design(
                values, targetDistortion: target, importantTolerance: tolerance)
            let rule = try design.quantizer(importantTolerance: tolerance)
            return IntervalCandidate(
                design: design, quantizer: rule, figures: rule.measure(samples).figures)
        } catch {
            return IntervalCandidate(unavailable: error.description)
        }
    }
}
