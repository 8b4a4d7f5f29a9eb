extension Solver {
    /// How many times finer each level is than the next coarser one.
    static let coarseningFactor = 2
    /// Codebooks at most this large are solved directly.
    static let directSolveLimit = 96

    /// Coarse-to-fine start for scalar codebooks (DESIGN.md §3 allows any acceleration, since the
    /// certificate is recomputed from the final iterate): solve the same source against every
    /// 8th codeword (recursively), then start Newton on the full codebook from the coarse support
    /// and its neighbours along the line. Plain Blahut–Arimoto would need hundreds of passes to
    /// resolve the support of a fine grid; the coarse solve costs a fraction of one fine pass per
    /// coarse pass.
    ///
    /// - Returns: a warm state and initial active set, or nil if the problem has no scalar
    ///   codebook, is small, or no coarse level is feasible.
    func coarseStart(_ problem: Problem, order: [Int], layout: ProgramLayout) -> (SolverState, [Int], Int)? {
        let m = order.count
        guard m > Self.directSolveLimit else { return nil }
        // A coarse level only seeds the support: a loose gap is enough and saves most of its rounds.
        var coarseSolver = self
        coarseSolver.criteria.gapTolerance = max(criteria.gapTolerance, 1e-6)
        for factor in [Self.coarseningFactor] {
            var positions = Array(stride(from: 0, to: m, by: factor))
            if positions.last != m - 1 { positions.append(m - 1) }
            let subset = positions.map { order[$0] }
            guard let coarse = try? problem.restrictingCodebook(to: subset),
                  let solution = try? coarseSolver.solve(coarse) else { continue }
            return (fineState(from: solution, subset: subset, positions: positions, order: order, layout: layout),
                    activeSet(from: solution, positions: positions, order: order), solution.iterations)
        }
        return nil
    }

    private func activeSet(from solution: Solution, positions: [Int], order: [Int]) -> [Int] {
        var active = Set<Int>()
        let q = solution.state.q
        for (k, position) in positions.enumerated() where q[k] > 0 {
            for offset in -1...1 where position + offset >= 0 && position + offset < order.count {
                active.insert(order[position + offset])
            }
        }
        return active.sorted()
    }

    private func fineState(from solution: Solution, subset: [Int], positions: [Int], order: [Int], layout: ProgramLayout) -> SolverState {
        let m = order.count
        var q = [Double](repeating: 0, count: m)
        let coarseQ = solution.state.q
        for (k, position) in positions.enumerated() where coarseQ[k] > 0 {
            q[order[position]] += coarseQ[k]
            for offset in [-1, 1] where position + offset >= 0 && position + offset < m {
                q[order[position + offset]] += 1e-3 * coarseQ[k]
            }
        }
        // Every codeword keeps a little mass so that Blahut–Arimoto can still move it if Newton fails.
        let total = q.reduce(0, +)
        q = q.map { ($0 + 1e-12 * total) }
        let sum = q.reduce(0, +)
        q = q.map { $0 / sum }
        var multipliers = solution.state.multipliers
        for i in 0..<layout.rows where layout.hasOwnSlope(i) {
            multipliers.beta[i] = solution.rowSlopes[i] > multipliers.baseSlope(i, layout) ? solution.rowSlopes[i] : 0
        }
        return SolverState(q: q, multipliers: multipliers)
    }
}

extension Problem {
    /// The same problem against a subset of its codebook (point distortions only).
    /// - Throws: ``RateDistortionError`` if a bound is infeasible for the smaller codebook.
    func restrictingCodebook(to indices: [Int]) throws(RateDistortionError) -> Problem {
        guard let codebook else { throw .empty(field: "codebook") }
        var coordinates: [Double] = []
        coordinates.reserveCapacity(indices.count * codebook.dimension)
        for j in indices { coordinates += codebook[j] }
        let smaller = try PointSet(dimension: codebook.dimension, coordinates: coordinates, field: "codebook")
        let problem = try Problem(sourcePoints: sourcePoints, probabilities: probabilities, codebook: smaller,
                                  measure: measure, constraint: constraint, fidelity: fidelity)
        let kernel = RowKernel(field: problem.distortionField())
        _ = try ProgramLayout(problem: problem, rowMinima: kernel.rowMinima)
        return problem
    }
}
