/// One annealing stage: its iterations (damped Newton steps where they apply, plain iterations
/// and squared steps elsewhere), pruning and merging, and its record.
extension QuantizerDesigner {
    /// Iterations without progress that end an annealing stage.
    static let stalledIterations = 3

    /// A damped Newton step finds its stage settled where the plain iteration's step would
    /// lower g by less than this fraction of the stage tolerance (relative): below the
    /// tolerance itself, so that the last plain steps still count towards settling.
    static let newtonSettledFraction = 0.1

    /// One annealing stage: iterations at τ until `F_τ` settles, then pruning and merging.
    func runStage(
        _ annealer: inout Annealer, temperature tau: Double, mergeDistance: Double,
        beside: AnnealingStart? = nil
    ) -> (stage: DesignReport.Stage, objective: Double) {
        let stageStart = ContinuousClock.now
        var progress = StageProgress(
            tolerance: stageTolerance, stalledLimit: Self.stalledIterations)
        var iteration = StageIteration()
        while progress.iterations < maximumIterationsPerStage && !progress.hasSettled
            && beside?.isStopped != true
        {
            if !newtonIteration(
                &annealer, temperature: tau, mergeDistance: mergeDistance, &iteration, &progress)
                && progress.iterations < maximumIterationsPerStage
            {
                plainIteration(&annealer, temperature: tau, &iteration, &progress)
            }
            // Codewords merge while a stage runs (most at the first stages below τ = 1): drop
            // them as they go, so that later iterations pay only for the live ones.
            if iteration.sincePruning >= 5 {
                let live = annealer.codewordCount
                annealer.pruneAndMerge(threshold: pruningThreshold, mergeDistance: mergeDistance)
                iteration.sincePruning = 0
                if annealer.codewordCount != live {
                    iteration.history.removeAll()
                    iteration.fitted = nil
                }
            }
        }
        annealer.pruneAndMerge(threshold: pruningThreshold, mergeDistance: mergeDistance)
        let seconds = (ContinuousClock.now - stageStart) / .seconds(1)
        let statistics = progress.statistics
        let stage = DesignReport.Stage(
            temperature: tau,
            mutualInformationBits: (statistics.outputEntropy - statistics.conditionalEntropy)
                / Double.ln2,
            outputEntropyBits: statistics.outputEntropy / Double.ln2,
            conditionalEntropyBits: statistics.conditionalEntropy / Double.ln2,
            distortion: statistics.distortion, slope: annealer.slope,
            liveCodewords: annealer.liveCodewords,
            iterations: progress.iterations, seconds: seconds, settled: progress.hasSettled,
            finalRelativeFall: progress.recentRelativeFall)
        return (stage, progress.objective)
    }

    /// What an annealing stage carries from one iteration to the next.
    struct StageIteration {
        /// The states before the last plain iterations, for a squared step
        /// (Annealer+Extrapolation).
        var history: [Annealer.State] = []
        var sincePruning = 0
        /// The damped Newton step's μ, and its last fit (Annealer+StageNewton).
        var damping = 1.0
        var fitted: Annealer.Fit?
    }

    /// A damped Newton step on the stage potential, where it applies (scalar codebooks).
    /// - Returns: whether it moved the state or found the stage settled (false: it found no
    ///   fall or does not apply, and a plain iteration is due).
    func newtonIteration(
        _ annealer: inout Annealer, temperature tau: Double, mergeDistance: Double,
        _ iteration: inout StageIteration, _ progress: inout StageProgress
    ) -> Bool {
        guard annealer.admitsStageNewton else { return false }
        let step = annealer.stageNewtonStep(
            temperature: tau, damping: &iteration.damping, from: iteration.fitted,
            settledBelow: Self.newtonSettledFraction * stageTolerance,
            budget: maximumIterationsPerStage - progress.iterations)
        iteration.fitted = nil
        switch step.outcome {
        case .moved(let result), .settled(let result):
            iteration.history.removeAll()
            iteration.fitted = result
            progress.countSlopeFits(max(0, step.fits - 1))
            // F_τ of the encoder at the new state, as a plain iteration records it (the step
            // itself compares g).
            let statistics = result.statistics
            progress.record(
                statistics.outputEntropy - tau * statistics.conditionalEntropy, statistics)
            iteration.sincePruning += 1
            // The step empties the codewords it would drive below zero: drop them now, so
            // that the next step applies.
            if annealer.q.contains(0) {
                annealer.pruneAndMerge(threshold: pruningThreshold, mergeDistance: mergeDistance)
                iteration.fitted = nil
            }
            return true
        case .stalled, .declined:
            progress.countSlopeFits(step.fits)
            return false
        }
    }

    /// One plain iteration, and a squared step after every second one.
    func plainIteration(
        _ annealer: inout Annealer, temperature tau: Double, _ iteration: inout StageIteration,
        _ progress: inout StageProgress
    ) {
        iteration.history.append(annealer.state)
        let (value, statistics) = annealer.iterate(temperature: tau, refine: true)
        progress.record(value, statistics)
        iteration.sincePruning += 1
        guard iteration.history.count == 2 else { return }
        if progress.iterations < maximumIterationsPerStage {
            annealer.jump(
                from: iteration.history, against: value, temperature: tau, &progress)
            iteration.sincePruning += 1
        }
        iteration.history.removeAll()
    }
}
