extension Solver {
    /// Packs an evaluated iterate into the public ``Solution`` and its ``Certificate``.
    func makeSolution(
        problem: Problem, layout: ProgramLayout, state: SolverState, evaluation: BoundEvaluation,
        iterations: Int, seconds: Double
    ) -> Solution {
        let multipliers = state.multipliers
        let (reports, prices) = Self.fidelityPrices(
            problem: problem, layout: layout, multipliers: multipliers, evaluation: evaluation)
        let reference =
            layout.target
            ?? (layout.isAverageAtEdge ? layout.leastDistortion : evaluation.distortion)
        let slope: Double? = layout.isAverageAtEdge ? nil : multipliers.s
        let certificate = Certificate(
            slope: slope, prices: prices, outputProbabilities: state.q,
            distortion: problem.constraintDistortion ?? reference,
            lowerBoundNats: evaluation.lowerBound)
        let gap = evaluation.rate - evaluation.lowerBound
        let total = evaluation.outputLaw.reduce(0, +)
        return Solution(
            status: gap <= criteria.gapTolerance ? .optimal : .gapNotReached,
            rateNats: evaluation.rate, lowerBoundNats: evaluation.lowerBound,
            distortion: evaluation.distortion,
            slope: slope ?? .infinity, outputProbabilities: evaluation.outputLaw.map { $0 / total },
            fidelity: reports, rowSlopes: evaluation.slopes,
            rowDistortions: evaluation.rowDistortion,
            iterations: iterations, seconds: seconds, certificate: certificate, state: state)
    }

    /// Every fidelity class's report and the prices its certificate carries: per element, each
    /// row's μ_i = p_i (s_i − base_i), given to its tightest per-element class; for a class
    /// average, ν of the class when it is in the program.
    static func fidelityPrices(
        problem: Problem, layout: ProgramLayout, multipliers: Multipliers,
        evaluation: BoundEvaluation
    ) -> (reports: [FidelityClassReport], prices: [(name: String, prices: Certificate.Prices)]) {
        var assigned = [Bool](repeating: false, count: layout.rows)
        var reports: [FidelityClassReport] = []
        var prices: [(name: String, prices: Certificate.Prices)] = []
        var classIndex = 0
        for fidelityClass in problem.fidelity {
            let figures = ClassFigures(fidelityClass, layout: layout, evaluation: evaluation)
            let name = fidelityClass.name
            switch fidelityClass.semantics {
            case .perElement:
                let mu = perElementPrices(
                    fidelityClass, layout: layout, multipliers: multipliers,
                    slopes: evaluation.slopes, assigned: &assigned)
                prices.append((name, .perElement(mu)))
                reports.append(
                    FidelityClassReport(
                        name: name, semantics: .perElement, members: fidelityClass.members,
                        prices: mu.map { $0 ?? .infinity }, maxRowDistortion: figures.maxRow,
                        averageDistortion: figures.average,
                        tolerancePrice: mu.reduce(0) { $0 + ($1 ?? .infinity) }))
            case .classAverage:
                let isActive =
                    classIndex < layout.classes.count
                    && layout.classes[classIndex].problemIndex == reports.count
                let nu: Double? = isActive ? multipliers.nu[classIndex] : nil
                if isActive { classIndex += 1 }
                prices.append((name, .classAverage(nu)))
                reports.append(
                    FidelityClassReport(
                        name: name, semantics: .classAverage, members: fidelityClass.members,
                        prices: [nu ?? .infinity], maxRowDistortion: figures.maxRow,
                        averageDistortion: figures.average,
                        tolerancePrice: nu.map { $0 * figures.mass } ?? .infinity))
            }
        }
        return (reports, prices)
    }

    /// μ_i per member of a per-element class: nil for a hard row, the row's price if this is
    /// its tightest class and it has not been given to another, else 0.
    static func perElementPrices(
        _ fidelityClass: FidelityClass, layout: ProgramLayout, multipliers: Multipliers,
        slopes: [Double], assigned: inout [Bool]
    ) -> [Double?] {
        fidelityClass.members.map { i -> Double? in
            if layout.isHardRow[i] { return nil }
            guard
                !assigned[i] && layout.hasOwnSlope(i)
                    && max(fidelityClass.tolerance, layout.rowMinima[i]) == layout.rowTolerance[i]
            else { return 0 }
            assigned[i] = true
            return layout.p[i] * max(0, slopes[i] - multipliers.baseSlope(i, layout))
        }
    }
}

/// A class's largest row distortion, mass and mass-weighted average distortion.
struct ClassFigures {
    var maxRow = 0.0
    var mass = 0.0
    var average = 0.0

    init(_ fidelityClass: FidelityClass, layout: ProgramLayout, evaluation: BoundEvaluation) {
        var weighted = 0.0
        for i in fidelityClass.members {
            maxRow = max(maxRow, evaluation.rowDistortion[i])
            mass += layout.p[i]
            weighted += layout.p[i] * evaluation.rowDistortion[i]
        }
        average = mass > 0 ? weighted / mass : maxRow
    }
}

extension Problem {
    /// The target distortion D, or nil in slope mode.
    var constraintDistortion: Double? {
        if case .targetDistortion(let value) = constraint { return value }
        return nil
    }
}
