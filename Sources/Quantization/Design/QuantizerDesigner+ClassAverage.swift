import RateDistortion

extension QuantizerDesigner {
    /// Designs a quantiser whose important samples meet a **class-average** bound: their mean
    /// distortion is at most `classAverageTolerance` (D′), as the `"class-average"` semantics of
    /// a problem file (docs/mathematics.md), while all samples meet `targetDistortion` on average.
    ///
    /// The deployed rule holds every important sample to one per-sample tolerance T ≥ D′: the
    /// design at T = D′ meets the class average by construction; T then grows by factors of 4
    /// while the important samples' mean stays within D′ and the tolerance still binds, and a
    /// few bisection steps in log T refine the loosest T found. The design of fewest bits among
    /// those meeting both bounds is deployed. The certified bound reported is the τ = 1
    /// relaxation with the class-average constraint itself, so it bounds every quantiser of the
    /// atoms and the initial grid meeting the class average, not only rules of this form (a rule
    /// with a slope of its own for important samples could spend fewer bits; it is not built).
    ///
    /// - Throws: ``QuantizationError`` as ``design(for:targetDistortion:importantTolerance:progress:)``.
    /// - Complexity: up to ``classAverageDesigns`` designs without the relaxation, then one
    ///   relaxation.
    public func design(
        for samples: TrainingSamples, targetDistortion: Double, classAverageTolerance: Double,
        progress: ((Progress) -> Void)? = nil
    ) throws(QuantizationError) -> DesignReport {
        try validate(targetDistortion: targetDistortion, importantTolerance: classAverageTolerance)
        guard samples.importantCount > 0 else {
            return try design(for: samples, targetDistortion: targetDistortion, progress: progress)
        }
        var searching = self
        searching.computesRelaxation = false
        var tried = 0
        /// The design at rule tolerance T, and whether it meets the class average.
        func attempt(_ ruleTolerance: Double) throws(QuantizationError) -> (DesignReport, Bool) {
            tried += 1
            let report = try searching.design(
                for: samples, targetDistortion: targetDistortion,
                importantTolerance: ruleTolerance, progress: progress)
            return (report, report.training.importantMeanDistortion <= classAverageTolerance)
        }
        var (best, _) = try attempt(classAverageTolerance)
        var bestTolerance = classAverageTolerance
        func keep(_ report: DesignReport, _ ruleTolerance: Double) {
            if report.training.entropyBits < best.training.entropyBits {
                best = report
                bestTolerance = ruleTolerance
            }
        }
        // Grow T while the mean stays within D′ and the tolerance still shapes the rule.
        var low = classAverageTolerance
        var high: Double?
        var binds = best.training.importantMaxDistortion >= 0.5 * low
        while binds && tried < Self.classAverageDesigns - Self.classAverageBisections {
            let trial = low * 4
            let (report, meets) = try attempt(trial)
            guard meets else {
                high = trial
                break
            }
            keep(report, trial)
            low = trial
            binds = report.training.importantMaxDistortion >= 0.5 * trial
        }
        if var upper = high {
            for _ in 0..<Self.classAverageBisections where tried < Self.classAverageDesigns {
                let middle = (low * upper).squareRoot()
                let (report, meets) = try attempt(middle)
                if meets {
                    keep(report, middle)
                    low = middle
                } else {
                    upper = middle
                }
            }
        }
        best.classAverage = DesignReport.ClassAverage(
            tolerance: classAverageTolerance, ruleTolerance: bestTolerance, designsTried: tried)
        if computesRelaxation {
            try addClassAverageRelaxation(
                to: &best, samples: samples, targetDistortion: targetDistortion,
                classAverageTolerance: classAverageTolerance, progress: progress)
        }
        return best
    }

    /// Designs the class-average search may run before its relaxation.
    public static let classAverageDesigns = 10
    /// Of those, the bisection steps between the loosest T that met the bound and the first
    /// that did not.
    static let classAverageBisections = 4

    /// The τ = 1 relaxation with the class-average constraint, on the atoms and the grid of a
    /// design at D′.
    private func addClassAverageRelaxation(
        to report: inout DesignReport, samples: TrainingSamples, targetDistortion: Double,
        classAverageTolerance: Double, progress: ((Progress) -> Void)?
    ) throws(QuantizationError) {
        var clock = StepClock()
        let source = try EmpiricalSource(samples, options: sourceOptions)
        let grid = try initialGrid(
            source: source, target: targetDistortion, tolerance: classAverageTolerance)
        progress?(
            Progress(
                phase: .relaxation, stage: nil, temperature: 1,
                liveCodewords: grid.codebook.count / samples.dimension))
        let (relaxation, _, unavailable) = Self.relaxation(
            source: source, grid: grid.codebook, target: targetDistortion,
            tolerance: classAverageTolerance, semantics: .classAverage,
            timeLimit: relaxationTimeLimit)
        clock.lap("relaxation (τ = 1, certified, class average)")
        report.relaxation = relaxation?.finished
        report.relaxationUnavailable = unavailable
        report.timings += clock.laps
    }
}
