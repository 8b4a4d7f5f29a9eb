import ParallelLoops
import RateDistortion

extension QuantizerDesigner {
    /// The τ = 1 convex program on the atoms and the grid, with the class; then, when that
    /// closed its gap within half the time budget, the program without the class on another
    /// thread (for the class's predicted cost), so that the caller can go on (annealing) while
    /// it finishes.
    ///
    /// The program without the class only prices the class. Run beside the one with it from the
    /// start, it took the cores that solve needs: on speech with its tails held to D/10 the
    /// class solve then missed its 10 s budget at D = var/300 and var/1000 (bounds 3.33 and
    /// 3.88–4.06 bits), where alone it closed at var/300 in 9.2 s and came to 4.08 at var/1000;
    /// at var/100 the design took 10.1 s instead of 9.1.
    /// - Returns: the relaxation so far and its solution, or nil and why there is none.
    static func relaxation(
        source: EmpiricalSource, grid: [Double], target: Double, tolerance: Double?,
        semantics: FidelitySemantics = .perElement, timeLimit: Double? = nil
    ) -> (PendingRelaxation?, Solution?, String?) {
        let relaxed: RelaxedProgram
        do {
            relaxed = try RelaxedProgram(
                source: source, grid: grid, target: target, timeLimit: timeLimit)
        } catch { return (nil, nil, error.description) }
        let members = source.isImportant.indices.filter { source.isImportant[$0] }
        var classes: [FidelityClass] = []
        if let tolerance, !members.isEmpty {
            classes = [
                FidelityClass(
                    name: "important", members: members, tolerance: tolerance,
                    semantics: semantics)
            ]
        }
        let with: Solution
        switch relaxed.solve(classes) {
        case .success(let solution): with = solution
        case .failure(let error):
            let k = source.dimension
            return (
                nil, nil, "on the initial grid of \(grid.count / k) codewords, \(error.description)"
            )
        }
        let report = DesignReport.Relaxation(
            rateBits: with.rateBits, lowerBoundBits: with.lowerBoundBits,
            rateWithoutClassBits: nil, priceEstimateBits: nil,
            // A dual price is a derivative of the optimum only at the optimum.
            tolerancePriceBits: with.status == .optimal
                ? with.fidelity.first.map { $0.tolerancePrice / Double.ln2 } : nil,
            isOptimal: with.status == .optimal)
        var free: BackgroundResult<Result<Solution, RateDistortionError>>?
        var freeUnavailable: String?
        if !classes.isEmpty {
            if !report.isOptimal {
                freeUnavailable =
                    "not computed: the relaxation with the class did not close its gap"
            } else if let used = relaxed.usedFraction, used > Self.classCostBudgetFraction {
                freeUnavailable =
                    "not computed: the relaxation with the class took "
                    + "\(Int((100 * used).rounded())) % of its time budget"
            } else {
                free = BackgroundResult { relaxed.solve([]) }
            }
        }
        var pendingReport = report
        pendingReport.classCostUnavailable = freeUnavailable
        let pending = PendingRelaxation(
            report: pendingReport, with: with, free: free, members: members,
            tolerance: tolerance ?? .nan, semantics: semantics,
            probabilities: source.probabilities)
        return (pending, with, nil)
    }

    /// The program without the class runs only when the one with it used at most this
    /// fraction of the relaxation's budget (it then has the rest, beside annealing).
    static let classCostBudgetFraction = 0.5

    /// The class's predicted cost in bits from the Lagrangian at the free encoder:
    /// `R_with ≤ R_free + Σ_i μ_i (D_i^free − D')` per element, or
    /// `R_free + ν (Σ_i p_i D_i^free − P D')` for a class average.
    static func classCostEstimate(
        with: Solution, free: Solution, members: [Int], tolerance: Double,
        semantics: FidelitySemantics, probabilities p: [Double]
    ) -> Double? {
        guard let prices = with.fidelity.first?.prices else { return nil }
        var estimate = 0.0
        switch semantics {
        case .perElement:
            for (t, i) in members.enumerated() where prices[t].isFinite {
                estimate += prices[t] * max(0, free.rowDistortions[i] - tolerance)
            }
        case .classAverage:
            var excess = 0.0
            for i in members { excess += p[i] * (free.rowDistortions[i] - tolerance) }
            if let nu = prices.first, nu.isFinite { estimate = nu * max(0, excess) }
        }
        return estimate / Double.ln2
    }
}

/// A τ = 1 relaxation whose solve without the class may still be running.
struct PendingRelaxation {
    var report: DesignReport.Relaxation
    let with: Solution
    let free: BackgroundResult<Result<Solution, RateDistortionError>>?
    let members: [Int]
    let tolerance: Double
    let semantics: FidelitySemantics
    let probabilities: [Double]

    /// The report, with the class's predicted cost once the solve without the class has
    /// closed its gap (waiting for it).
    var finished: DesignReport.Relaxation {
        var report = report
        guard let free else { return report }
        if case .success(let free) = free.value, free.status == .optimal {
            report.rateWithoutClassBits = free.rateBits
            report.priceEstimateBits = QuantizerDesigner.classCostEstimate(
                with: with, free: free, members: members, tolerance: tolerance,
                semantics: semantics, probabilities: probabilities)
        } else {
            report.classCostUnavailable =
                "not computed: the relaxation without the class did not close its gap in the "
                + "time left"
        }
        return report
    }
}

/// The τ = 1 program's fixed parts (atoms, grid, masses) and the budget its solves share.
struct RelaxedProgram: Sendable {
    let points: PointSet
    let codebook: PointSet
    let probabilities: ProbabilityVector
    let target: Double
    let timeLimit: Double?
    let started = ContinuousClock.now

    init(source: EmpiricalSource, grid: [Double], target: Double, timeLimit: Double?)
        throws(RateDistortionError)
    {
        let k = source.dimension
        points = try PointSet(dimension: k, coordinates: source.points)
        codebook = try PointSet(dimension: k, coordinates: grid)
        probabilities = try ProbabilityVector(weights: source.probabilities)
        self.target = target
        self.timeLimit = timeLimit
    }

    /// The fraction of the budget spent so far (nil: no budget).
    var usedFraction: Double? {
        timeLimit.map { ((ContinuousClock.now - started) / .seconds(1)) / $0 }
    }

    /// What is left of the budget for the next solve (nil: no budget).
    var remaining: Double? {
        timeLimit.map { $0 - (ContinuousClock.now - started) / .seconds(1) }
    }

    /// The program with these fidelity classes, solved within what is left of the budget.
    func solve(_ fidelity: [FidelityClass]) -> Result<Solution, RateDistortionError> {
        Result { () throws(RateDistortionError) -> Solution in
            let problem = try Problem(
                sourcePoints: points, probabilities: probabilities, codebook: codebook,
                measure: .squaredError, constraint: .targetDistortion(target),
                fidelity: fidelity)
            return try Solver(criteria: SolverCriteria(timeLimit: remaining)).solve(problem)
        }
    }
}
