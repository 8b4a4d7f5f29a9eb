import ParallelLoops
import RateDistortion

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension QuantizerDesigner {
    /// Designs a quantiser for `samples` (docs/quantiser-design.md).
    /// - Parameters:
    ///   - samples: validated training samples; their importance flags mark the fidelity class.
    ///   - targetDistortion: D, the bound on the mean squared error per dimension.
    ///   - importantTolerance: D', the per-sample bound of important samples (ignored without flags).
    ///   - progress: called at each step and stage.
    /// - Returns: the hard rule with its training figures, stages, relaxation and timings.
    /// - Throws: ``QuantizationError`` for a bad target, tolerance or option.
    /// - Complexity: O(K·I·n·m·k) for annealing (K stages, I iterations, n atoms, m codewords)
    ///   plus O(N log m) per evaluation of the rule on the N samples (scalars).
    public func design(
        for samples: TrainingSamples, targetDistortion: Double, importantTolerance: Double? = nil,
        progress: ((Progress) -> Void)? = nil
    ) throws(QuantizationError) -> DesignReport {
        try validate(targetDistortion: targetDistortion, importantTolerance: importantTolerance)
        let tolerance = samples.importantCount > 0 ? importantTolerance : nil
        var clock = StepClock()
        progress?(Progress(phase: .source, stage: nil, temperature: nil, liveCodewords: 0))
        let k = samples.dimension
        // Scalar samples are also sorted into their distinct values, for the interval programme
        // and the hard rule's slope tuning: on another core, while the atoms are built.
        let sorted = k == 1 ? BackgroundResult { DistinctValues(samples) } : nil
        let source = try EmpiricalSource(samples, options: sourceOptions)
        let grid = try initialGrid(source: source, target: targetDistortion, tolerance: tolerance)
        let values = sorted?.value
        clock.lap("source and grid")

        // The interval programme runs on one core beside the relaxation and annealing (which
        // split their kernel passes across cores); it needs only the samples.
        let interval = BackgroundResult {
            intervalCandidate(
                samples, values: values, target: targetDistortion, tolerance: tolerance)
        }

        let (relaxation, relaxationUnavailable, annealing) = try relaxAndAnneal(
            samples, values: values, source: source, grid: grid.codebook,
            target: targetDistortion, tolerance: tolerance, progress: progress, clock: &clock)
        let annealed = annealing.candidate

        progress?(
            Progress(phase: .intervalProgramme, stage: nil, temperature: nil, liveCodewords: 0))
        let candidate = interval.value
        clock.record("interval programme (beside the steps above)", seconds: candidate.seconds)
        let choice = try Self.deployed(
            interval: candidate, annealed: annealed, annealingReached: annealing.reached,
            target: targetDistortion)
        // The relaxation without the class ran beside annealing: only its end is waited for.
        let waited = ContinuousClock.now
        let finishedRelaxation = relaxation?.finished
        if relaxation?.free != nil {
            clock.record(
                "waiting for the relaxation without the class",
                seconds: (ContinuousClock.now - waited) / .seconds(1))
        }
        var report = DesignReport(
            quantizer: choice.quantizer, training: choice.figures, relaxation: finishedRelaxation,
            relaxationUnavailable: relaxationUnavailable, stages: annealed?.stages ?? [],
            roundingCostBits: annealed?.roundingCostBits ?? .nan,
            sourceSummary: source.summary, initialCodewords: grid.codebook.count / k,
            importantGridCodewords: grid.servingImportant,
            repairedCodewords: choice.stage == .annealing ? annealed?.repairedCodewords ?? 0 : 0,
            deployed: choice.stage, interval: candidate.design,
            intervalUnavailable: candidate.unavailable,
            annealed: annealed?.figures, annealingUnavailable: annealing.unavailable,
            timings: clock.laps)
        report.initialCodebookIsGiven = initialCodebook != nil
        report.averageGridCodewords = grid.reachingTarget
        if computesDataBound {
            addDataBound(
                to: &report, samples, target: targetDistortion, tolerance: tolerance,
                progress: progress, clock: &clock)
        }
        return report
    }

    /// The certified τ = 1 relaxation and annealing: on scalar samples annealing starts beside a
    /// relaxation that is still running after ``annealingWaitSeconds``, from its own τ = 1
    /// stage, otherwise after it, from its law (docs/quantiser-design.md, "Steps and their
    /// order").
    /// - Returns: the relaxation (its solve without the class perhaps still running), why there
    ///   is none, and what annealing produced.
    private func relaxAndAnneal(
        _ samples: TrainingSamples, values: DistinctValues?, source: EmpiricalSource,
        grid: [Double], target: Double, tolerance: Double?, progress: ((Progress) -> Void)?,
        clock: inout StepClock
    ) throws(QuantizationError) -> (PendingRelaxation?, String?, AnnealingOutcome) {
        let start = AnnealingStart()
        let besideRelaxation =
            annealsBesideRelaxation(dimension: samples.dimension)
            ? BackgroundResult(after: annealingWaitSeconds) { [self] in
                annealingBesideRelaxation(
                    start, samples, values: values, source: source, grid: grid, target: target,
                    tolerance: tolerance)
            } : nil
        let (relaxation, law, relaxationUnavailable) = relaxationStep(
            source: source, grid: grid, target: target, tolerance: tolerance, progress: progress,
            clock: &clock)
        if !start.relaxationEnded(restartingBefore: annealingRestartStages),
            let beside = besideRelaxation?.value
        {
            progress?(Progress(phase: .annealing, stage: nil, temperature: nil, liveCodewords: 0))
            clock.lap("waiting for annealing")
            for lap in beside.laps {
                clock.record("\(lap.step) (beside the relaxation)", seconds: lap.seconds)
            }
            return (relaxation, relaxationUnavailable, try beside.outcome.get())
        }
        if let seconds = start.stoppedAfterSeconds {
            clock.record(
                "stopped annealing (beside the relaxation, too early to keep)", seconds: seconds)
        }
        let annealing = try annealingStep(
            samples, values: values, source: source, grid: grid, start: law, target: target,
            tolerance: tolerance, progress: progress, clock: &clock)
        return (relaxation, relaxationUnavailable, annealing)
    }

    /// The bound on R(D) over every reconstruction, the ladder's bottom rung, with its time.
    private func addDataBound(
        to report: inout DesignReport, _ samples: TrainingSamples, target: Double,
        tolerance: Double?, progress: ((Progress) -> Void)?, clock: inout StepClock
    ) {
        progress?(
            Progress(
                phase: .dataBound, stage: nil, temperature: nil,
                liveCodewords: 0))
        (report.dataBound, report.dataBoundUnavailable) = dataBound(
            samples, target: target, tolerance: tolerance)
        clock.lap("bound over every reconstruction")
        report.timings = clock.laps
    }

    /// The certified τ = 1 relaxation (when switched on): its pending result, the solution
    /// annealing starts from, or why there is none.
    private func relaxationStep(
        source: EmpiricalSource, grid: [Double], target: Double, tolerance: Double?,
        progress: ((Progress) -> Void)?, clock: inout StepClock
    ) -> (PendingRelaxation?, start: Solution?, unavailable: String?) {
        guard computesRelaxation else { return (nil, nil, nil) }
        progress?(
            Progress(
                phase: .relaxation, stage: nil, temperature: 1,
                liveCodewords: grid.count / source.dimension))
        let result = Self.relaxation(
            source: source, grid: grid, target: target, tolerance: tolerance,
            timeLimit: relaxationTimeLimit)
        clock.lap("relaxation (τ = 1, certified)")
        return result
    }

    /// Whether annealing may start beside a relaxation that is still running after
    /// ``annealingWaitSeconds`` (from its own τ = 1 stage) instead of after it (from its law):
    /// on scalar samples, where the interval programme's exact optimum over interval partitions
    /// stands beside annealing's candidate, and a long relaxation otherwise leaves a core idle
    /// once the programme is done (docs/quantiser-design.md, "Steps and their order").
    func annealsBesideRelaxation(dimension: Int) -> Bool {
        dimension == 1 && computesRelaxation && anneals && mayAnnealBesideRelaxation
    }

    /// Annealing beside the relaxation, with its steps' times, once `start` has decided so.
    struct AnnealingBeside: Sendable {
        var outcome: Result<AnnealingOutcome, QuantizationError>
        var laps: [(step: String, seconds: Double)]
    }

    /// Once ``annealingWaitSeconds`` have passed: anneals from its own τ = 1 stage unless the
    /// relaxation has ended (nil: annealing runs after it).
    private func annealingBesideRelaxation(
        _ start: AnnealingStart, _ samples: TrainingSamples, values: DistinctValues?,
        source: EmpiricalSource, grid: [Double], target: Double, tolerance: Double?
    ) -> AnnealingBeside? {
        guard start.claimBeside() else { return nil }
        var clock = StepClock()
        let outcome = Result { () throws(QuantizationError) -> AnnealingOutcome in
            try annealingStep(
                samples, values: values, source: source, grid: grid, start: nil, target: target,
                tolerance: tolerance, progress: nil, beside: start, clock: &clock)
        }
        return start.isStopped ? nil : AnnealingBeside(outcome: outcome, laps: clock.laps)
    }

    /// How long annealing waits for the relaxation's law before it starts beside it: a quarter
    /// of the relaxation's time budget (of the default budget when there is none).
    var annealingWaitSeconds: Double {
        Self.annealingWaitFraction * (relaxationTimeLimit ?? Self.defaultRelaxationSeconds)
    }

    /// The fraction of the relaxation's budget annealing waits for its law.
    static let annealingWaitFraction = 0.25

    /// Annealing beside the relaxation that has finished fewer stages than this (a quarter of
    /// them) when the relaxation ends starts again from the relaxation's law. A cold start's
    /// first stages are its slow ones (the τ = 1 stage from a spread law, then the merging of
    /// hundreds of near-equal codewords): on a speech-like signal with tails at var/100 the
    /// relaxation took 3.7 s, and annealing beside it, started at 2.5 s, kept the design
    /// waiting 3.0–4.6 s more.
    var annealingRestartStages: Int { max(1, stageCount / 4) }

    /// What annealing produced: its candidate, or why there is none and the lowest distortion
    /// it reached.
    struct AnnealingOutcome: Sendable {
        var candidate: AnnealedCandidate?
        var unavailable: String?
        var reached: Double?
    }

    /// Annealing from the relaxation's solution, or from its own τ = 1 stage without one (when
    /// switched on); `beside` hears of each stage of annealing beside the relaxation and may
    /// stop it.
    private func annealingStep(
        _ samples: TrainingSamples, values: DistinctValues?, source: EmpiricalSource,
        grid: [Double], start: Solution?, target: Double, tolerance: Double?,
        progress: ((Progress) -> Void)?, beside: AnnealingStart? = nil, clock: inout StepClock
    ) throws(QuantizationError) -> AnnealingOutcome {
        guard anneals else {
            return AnnealingOutcome(unavailable: "not run (annealing switched off)")
        }
        do {
            guard
                let annealed = try annealedCandidate(
                    samples, values: values, source: source, grid: grid, start: start,
                    target: target, tolerance: tolerance, progress: progress, beside: beside,
                    clock: &clock)
            else { return AnnealingOutcome(unavailable: "stopped") }
            return AnnealingOutcome(candidate: annealed, reached: annealed.figures.distortion)
        } catch .targetNotReached(let target, let best) {
            return AnnealingOutcome(
                unavailable: "annealing reached distortion \(best), above the target \(target)",
                reached: best)
        }
    }

    /// The codebook annealing starts from, with how many codewords were added to it.
    struct InitialGrid {
        /// m × k coordinates.
        var codebook: [Double]
        /// Codewords added at important atoms the grid could not serve within the tolerance.
        var servingImportant = 0
        /// Codewords added at atoms the grid served worst, so that it can reach the target.
        var reachingTarget = 0
    }

    /// The given initial codebook or the grid of docs/quantiser-design.md, with codewords
    /// added where the τ = 1 program would otherwise be infeasible on it.
    func initialGrid(source: EmpiricalSource, target: Double, tolerance: Double?)
        throws(QuantizationError) -> InitialGrid
    {
        let k = source.dimension
        var grid = InitialGrid(codebook: [])
        if let given = initialCodebook {
            guard given.dimension == k else {
                throw .initialCodebookDimension(expected: k, actual: given.dimension)
            }
            grid.codebook = k == 1 ? given.values.sorted() : given.values
        } else {
            grid.codebook = InitialCodebook.make(
                atoms: source.points, dimension: k, target: target, tolerance: tolerance,
                requested: initialCodewords)
        }
        if let tolerance {
            (grid.codebook, grid.servingImportant) = InitialCodebook.servingImportantAtoms(
                grid.codebook, source: source, tolerance: tolerance)
        }
        (grid.codebook, grid.reachingTarget) = InitialCodebook.reachingTarget(
            grid.codebook, source: source, target: target)
        if k == 1 && grid.servingImportant + grid.reachingTarget > 0 { grid.codebook.sort() }
        return grid
    }

    /// The better of the two candidates: every bound met, then fewer bits (the programme on a tie).
    /// - Parameter annealingReached: the distortion annealing reached when it has no candidate.
    /// - Throws: ``QuantizationError/targetNotReached(target:bestDistortion:)`` with the lowest
    ///   distortion either reached when neither meets the target.
    static func deployed(
        interval: IntervalCandidate, annealed: AnnealedCandidate?, annealingReached: Double?,
        target: Double
    )
        throws(QuantizationError) -> (
            quantizer: Quantizer, figures: DesignReport.Measurement,
            stage: DesignReport.DeployedStage
        )
    {
        func meets(_ m: DesignReport.Measurement) -> Bool {
            m.distortion <= target && m.importantViolations == 0
        }
        var options: [(Quantizer, DesignReport.Measurement, DesignReport.DeployedStage)] = []
        if let rule = interval.quantizer, let figures = interval.figures, meets(figures) {
            options.append((rule, figures, .intervalProgramme))
        }
        if let annealed, meets(annealed.figures) {
            options.append((annealed.quantizer, annealed.figures, .annealing))
        }
        guard let best = options.min(by: { $0.1.entropyBits < $1.1.entropyBits }) else {
            let reached = [interval.figures?.distortion, annealingReached].compactMap { $0 }.min()
            throw .targetNotReached(target: target, bestDistortion: reached ?? .infinity)
        }
        return best
    }

    /// Deterministic annealing from the relaxation's solution, the hard rule tuned on the
    /// samples, hard Lloyd polish and repair.
    func annealedCandidate(
        _ samples: TrainingSamples, values: DistinctValues?, source: EmpiricalSource,
        grid: [Double], start: Solution?,
        target: Double,
        tolerance: Double?, progress: ((Progress) -> Void)?, beside: AnnealingStart? = nil,
        clock: inout StepClock
    ) throws(QuantizationError) -> AnnealedCandidate? {
        let tolerances = source.isImportant.map { $0 ? (tolerance ?? .infinity) : .infinity }
        // Annealing sees atoms, not samples: leave room for the samples' spread within their atoms
        // (a cell's distortion on samples is its distortion on atoms plus that spread).
        let spread = Self.withinAtomSpread(samples, source: source)
        var annealer = Annealer(
            atoms: source.points, masses: source.probabilities, tolerances: tolerances,
            dimension: samples.dimension, target: max(target - spread, target / 2),
            codebook: grid, law: start?.outputProbabilities)
        if let start, start.slope.isFinite, start.slope > 0 { annealer.slope = start.slope }
        let annealed = runStages(
            &annealer, mergeDistance: 1e-4 * min(target, tolerance ?? target),
            progress: progress, beside: beside)
        if beside?.isStopped == true { return nil }
        clock.lap("annealing (\(stageCount) stages)")

        progress?(
            Progress(
                phase: .hardRule, stage: nil, temperature: nil,
                liveCodewords: annealer.liveCodewords))
        var rule = HardRule(
            codebook: annealer.codebook, q: annealer.q, slope: annealer.slope,
            dimension: samples.dimension, tolerance: tolerance)
        rule.dropZeroMass()
        let (figures, repaired) = try finish(
            &rule, samples: samples, values: values, source: source, target: target,
            clock: &clock)
        return AnnealedCandidate(
            quantizer: try rule.quantizer(), figures: figures, stages: annealed.stages,
            roundingCostBits: figures.entropyBits - annealed.lastObjective / Double.ln2,
            repairedCodewords: repaired)
    }

    /// Every stage from τ = 1 down to the final temperature, geometrically (fewer when
    /// `beside` stops annealing beside the relaxation).
    /// - Returns: the stages' records and the last stage's `F_τ` (nats).
    func runStages(
        _ annealer: inout Annealer, mergeDistance: Double, progress: ((Progress) -> Void)?,
        beside: AnnealingStart? = nil
    ) -> (stages: [DesignReport.Stage], lastObjective: Double) {
        var stages: [DesignReport.Stage] = []
        var lastObjective = 0.0
        for stage in 0..<stageCount {
            let tau =
                stageCount == 1 ? 1 : pow(finalTemperature, Double(stage) / Double(stageCount - 1))
            progress?(
                Progress(
                    phase: .annealing, stage: stage, temperature: tau,
                    liveCodewords: annealer.liveCodewords))
            if beside?.isStopped == true { break }
            let record = runStage(
                &annealer, temperature: tau, mergeDistance: mergeDistance, beside: beside)
            lastObjective = record.objective
            stages.append(record.stage)
            beside?.finishedStages(stage + 1)
        }
        return (stages, lastObjective)
    }

    /// The annealed rule made deployable: its slope tuned on the samples, hard Lloyd polish,
    /// repair of important samples outside their tolerance, unused codewords dropped.
    /// - Returns: the final figures and how many codewords repair added.
    /// - Throws: ``QuantizationError/targetNotReached(target:bestDistortion:)``.
    func finish(
        _ rule: inout HardRule, samples: TrainingSamples, values: DistinctValues?,
        source: EmpiricalSource, target: Double, clock: inout StepClock
    ) throws(QuantizationError) -> (DesignReport.Measurement, repaired: Int) {
        // Scalar rules are tuned from the sorted values' prefix sums, checked on every sample.
        func tune() throws(QuantizationError) -> DesignReport.Measurement {
            if let values {
                return try rule.tuneScalarSlope(samples, values: values, target: target)
            }
            return try rule.tuneSlope(samples, target: target)
        }
        var figures = try tune()
        clock.lap("hard rule (slope on samples)")
        for _ in 0..<4 {
            // At a low slope the rate term can pull hard Lloyd's cells onto a few codewords that no
            // slope brings back to the target (one stage at τ = 1 on 2-D clusters kept 4 of
            // 1,059): a round that loses the target, or moves away from it, is undone.
            let before = rule
            guard try rule.polish(source: source, iterations: polishIterations) else { break }
            let polished = try tune()
            guard polished.distortion <= max(target, figures.distortion) else {
                rule = before
                break
            }
            figures = polished
        }
        clock.lap("hard Lloyd polish")
        var repaired = 0
        for _ in 0..<3 {
            let measured = try rule.measure(samples)
            guard !measured.encoding.violations.isEmpty else { break }
            repaired += rule.repair(samples, violations: measured.encoding.violations)
            figures = try tune()
        }
        guard figures.distortion <= target else {
            throw .targetNotReached(target: target, bestDistortion: figures.distortion)
        }
        let final = try rule.measure(samples)
        rule.dropUnused(final.encoding.indices)
        figures = try rule.measure(samples).figures
        clock.lap("repair and measurement")
        return (figures, repaired)
    }

    /// `(1/(N·k)) Σ w_x ‖x − atom(x)‖²`: the (weighted) mean squared distance of samples from
    /// their atoms' points.
    static func withinAtomSpread(_ samples: TrainingSamples, source: EmpiricalSource) -> Double {
        let k = samples.dimension
        var total = 0.0
        for i in 0..<samples.count {
            let a = source.atomOfSample[i]
            var d = 0.0
            for c in 0..<k {
                let e = samples.values[i * k + c] - source.points[a * k + c]
                d += e * e
            }
            total += samples.weight(i) * d
        }
        return total / Double(samples.count * k)
    }
}

extension HardRule {
    mutating func dropZeroMass() {
        var newCodebook: [Double] = []
        var newQ: [Double] = []
        for j in 0..<q.count where q[j] > 0 {
            newQ.append(q[j])
            newCodebook.append(contentsOf: codebook[(j * dimension)..<((j + 1) * dimension)])
        }
        codebook = newCodebook
        q = newQ
    }
}
