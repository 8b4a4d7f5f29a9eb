extension Solver {
    /// Packs an evaluated iterate into the public ``Solution`` and its ``Certificate``.
    func makeSolution(
        problem: Problem, layout: ProgramLayout, state: SolverState, evaluation: BoundEvaluation,
        iterations: Int, seconds: Double
    ) -> Solution {
        let multipliers = state.multipliers
        let p = layout.p
        let slopes = evaluation.slopes
        // Each row's μ_i = p_i (s_i − base_i) goes to its tightest per-element class.
        var assigned = [Bool](repeating: false, count: layout.rows)
        var reports: [FidelityClassReport] = []
        var prices: [(name: String, prices: Certificate.Prices)] = []
        var classIndex = 0
        for fidelityClass in problem.fidelity {
            var maxRow = 0.0
            var mass = 0.0
            var weighted = 0.0
            for i in fidelityClass.members {
                maxRow = max(maxRow, evaluation.rowDistortion[i])
                mass += p[i]
                weighted += p[i] * evaluation.rowDistortion[i]
            }
            let average = mass > 0 ? weighted / mass : maxRow
            switch fidelityClass.semantics {
            case .perElement:
                var mu: [Double?] = []
                for i in fidelityClass.members {
                    if layout.isHardRow[i] {
                        mu.append(nil)
                    } else if !assigned[i] && layout.hasOwnSlope(i)
                        && max(fidelityClass.tolerance, layout.rowMinima[i])
                            == layout.rowTolerance[i]
                    {
                        assigned[i] = true
                        mu.append(p[i] * max(0, slopes[i] - multipliers.baseSlope(i, layout)))
                    } else {
                        mu.append(0)
                    }
                }
                prices.append((fidelityClass.name, .perElement(mu)))
                reports.append(
                    FidelityClassReport(
                        name: fidelityClass.name, semantics: .perElement,
                        members: fidelityClass.members,
                        prices: mu.map { $0 ?? .infinity }, maxRowDistortion: maxRow,
                        averageDistortion: average,
                        tolerancePrice: mu.reduce(0) { $0 + ($1 ?? .infinity) }))
            case .classAverage:
                let isActive =
                    classIndex < layout.classes.count
                    && layout.classes[classIndex].problemIndex == reports.count
                let nu: Double? = isActive ? multipliers.nu[classIndex] : nil
                if isActive { classIndex += 1 }
                prices.append((fidelityClass.name, .classAverage(nu)))
                reports.append(
                    FidelityClassReport(
                        name: fidelityClass.name, semantics: .classAverage,
                        members: fidelityClass.members,
                        prices: [nu ?? .infinity], maxRowDistortion: maxRow,
                        averageDistortion: average,
                        tolerancePrice: nu.map { $0 * mass } ?? .infinity))
            }
        }
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
            fidelity: reports, rowSlopes: slopes, rowDistortions: evaluation.rowDistortion,
            iterations: iterations, seconds: seconds, certificate: certificate, state: state)
    }
}

extension Problem {
    /// The target distortion D, or nil in slope mode.
    var constraintDistortion: Double? {
        if case .targetDistortion(let value) = constraint { return value }
        return nil
    }
}
