extension Solver {
    /// How many times finer each level is than the next coarser one.
    static let coarseningFactor = 2
    /// Codebooks at most this large are solved directly.
    static let directSolveLimit = 96
    /// Blahut–Arimoto passes a coarse level may spend: it only seeds the support of the finer
    /// level, and a coarse level whose Newton solve fails (tolerances its coarse codebook can
    /// barely meet) would otherwise spend the whole iteration budget on a rough start.
    static let coarsePassLimit = 400
    /// A coarse level keeps at most this fraction less one part of the codewords (3/4 for 4).
    static let minimumShrink = 4
    /// The fraction of a coarse codeword's mass its two fine neighbours start with: small enough
    /// that Newton's first step drops at once those that should carry none (as codewords that
    /// just entered T), instead of one per step.
    static let neighbourFraction = 1e-7

    /// Coarse-to-fine start for scalar codebooks (docs/mathematics.md allows any acceleration, since the
    /// certificate is recomputed from the final iterate): solve the problem against every
    /// other codeword (recursively), then start Newton on the full codebook from the coarse support
    /// and its neighbours along the line. A scalar source is coarsened by the same factor (see
    /// ``Problem/sourceCoarsening(factor:minimumRows:)``), so each level costs about half the
    /// next finer one. Plain Blahut–Arimoto would need hundreds of passes to resolve the support
    /// of a fine grid.
    ///
    /// - Returns: the start for the fine level, or nil if the problem has no scalar codebook, is
    ///   small, or no coarse level is feasible.
    func coarseStart(
        _ problem: Problem, order: [Int], layout: ProgramLayout, deadline: ContinuousClock.Instant?
    )
        -> CoarseStart?
    {
        let m = order.count
        guard m > Self.directSolveLimit else { return nil }
        // A coarse level only seeds the support: a looser gap is enough (1e-5 and 1e-6 left the
        // fine level more rounds to do than they saved; 1e-8 saved nothing more).
        var coarseSolver = self
        coarseSolver.criteria.gapTolerance = max(criteria.gapTolerance, 1e-7)
        coarseSolver.criteria.maxIterations = min(criteria.maxIterations, Self.coarsePassLimit)
        if let deadline {
            let remaining = (deadline - ContinuousClock.now) / .seconds(1)
            guard remaining > 0 else { return nil }
            coarseSolver.criteria.timeLimit = remaining
        }
        for factor in [Self.coarseningFactor] {
            // Every other codeword, the last, and the codewords next to each row with its own
            // tolerance: without them a coarse codebook may not serve that row at all.
            var kept = Set(stride(from: 0, to: m, by: factor))
            kept.insert(m - 1)
            let rows = problem.sourceCoarsening(factor: factor, minimumRows: Self.directSolveLimit)
            // Neighbours of the rows with their own tolerance that no kept codeword serves (all
            // such rows' neighbours made a level on a fine Gaussian grid with a tail class keep
            // over three quarters of the codewords, so that it had no coarse start and took
            // 500 s instead of 2 s), the coarse rows' as well as the fine rows'.
            let ownTolerances = tolerancePoints(problem, layout: layout, rows: rows)
            kept.formUnion(
                positionsServing(ownTolerances, problem, order: order, kept: kept))
            let positions = kept.sorted()
            // A level that is hardly coarser would cost as much as the fine one (and recurse).
            guard positions.count * Self.minimumShrink <= m * (Self.minimumShrink - 1) else {
                return nil
            }
            let subset = positions.map { order[$0] }
            // A coarse problem that cannot be built or solved (its grid too coarse for a
            // bound) only means there is no coarse start: the fine solve goes on without one.
            guard let coarse = try? problem.restricting(codebookTo: subset, rows: rows),
                let solution = try? coarseSolver.solve(coarse)
            else { continue }
            return CoarseStart(
                state: fineState(
                    from: solution, representative: rows?.representative, positions: positions,
                    order: order,
                    layout: layout),
                active: activeSet(from: solution, positions: positions, order: order),
                passes: solution.iterations)
        }
        return nil
    }

    /// The points and tolerances of the rows with their own tolerance: the fine rows', and the
    /// coarse rows' (each at its group's centre of mass, with its kept row's tolerance) when the
    /// source is coarsened.
    private func tolerancePoints(
        _ problem: Problem, layout: ProgramLayout, rows: SourceCoarsening?
    ) -> [(point: Double, tolerance: Double)] {
        guard let x = problem.sourcePoints?.coordinates else { return [] }
        var result = (0..<layout.rows).filter { layout.hasOwnSlope($0) }.map {
            (point: x[$0], tolerance: layout.rowTolerance[$0])
        }
        if let rows {
            for (k, i) in rows.kept.enumerated() where layout.hasOwnSlope(i) {
                result.append((point: rows.points[k], tolerance: layout.rowTolerance[i]))
            }
        }
        return result
    }

    /// Positions along the line of the two codewords next to each point of `demands` that no
    /// codeword at the `kept` positions serves within its tolerance.
    private func positionsServing(
        _ demands: [(point: Double, tolerance: Double)], _ problem: Problem, order: [Int],
        kept: Set<Int>
    ) -> Set<Int> {
        guard let y = problem.codebook?.coordinates else { return [] }
        let squared = problem.measure == .squaredError
        func distortion(_ x: Double, _ position: Int) -> Double {
            let u = abs(x - y[order[position]])
            return squared ? u * u : u
        }
        let sortedKept = kept.sorted()
        var positions = Set<Int>()
        for (x, tolerance) in demands {
            let next = RestrictedLine.firstPosition(order.count) { y[order[$0]] >= x }
            // The kept codewords on either side of x are the nearest kept ones.
            let above = RestrictedLine.firstPosition(sortedKept.count) {
                sortedKept[$0] >= next
            }
            let served = [above - 1, above].contains { k in
                k >= 0 && k < sortedKept.count && distortion(x, sortedKept[k]) <= tolerance
            }
            if served { continue }
            if next > 0 { positions.insert(next - 1) }
            if next < order.count { positions.insert(next) }
        }
        return positions
    }

    private func activeSet(from solution: Solution, positions: [Int], order: [Int]) -> [Int] {
        Self.finePeaks(solution.state.q, positions: positions, count: order.count).active
            .map { order[$0] }.sorted()
    }

    /// Where a coarse solution's mass goes on the fine line: each run of coarse codewords with
    /// mass, in order. A run of two — a peak of the optimum split between neighbouring coarse
    /// codewords — puts its mass on the two fine codewords around its centre of mass, split by
    /// distance, as the optimum on a finer grid splits a peak between the fine neighbours around
    /// it (two apart on the coarse line, they are rarely those the peak lands on; starting from
    /// both and their neighbours cost a Newton step per codeword that left, and rounds of the
    /// certificate moving peaks by one codeword). Any other run keeps each codeword's mass and
    /// gives its fine neighbours a trace (``neighbourFraction``), for Newton to keep or drop.
    /// - Returns: the mass of each fine position (along the line) and the active positions.
    static func finePeaks(_ coarseQ: [Double], positions: [Int], count m: Int) -> (
        mass: [Int: Double], active: Set<Int>
    ) {
        var mass: [Int: Double] = [:]
        var active = Set<Int>()
        var k = 0
        while k < positions.count {
            guard coarseQ[k] > 0 else {
                k += 1
                continue
            }
            var end = k
            while end + 1 < positions.count, coarseQ[end + 1] > 0 { end += 1 }
            if end == k + 1 {
                let (a, b) = (coarseQ[k], coarseQ[end])
                let centre = (a * Double(positions[k]) + b * Double(positions[end])) / (a + b)
                let low = min(max(Int(centre.rounded(.down)), 0), m - 1)
                let share = centre - Double(low)
                mass[low, default: 0] += (a + b) * (1 - share)
                active.insert(low)
                if share > 0, low + 1 < m {
                    mass[low + 1, default: 0] += (a + b) * share
                    active.insert(low + 1)
                }
            } else {
                for j in k...end {
                    let position = positions[j]
                    mass[position, default: 0] += coarseQ[j]
                    for offset in -1...1 where position + offset >= 0 && position + offset < m {
                        active.insert(position + offset)
                        if offset != 0 {
                            mass[position + offset, default: 0] += neighbourFraction * coarseQ[j]
                        }
                    }
                }
            }
            k = end + 1
        }
        return (mass, active)
    }

    /// The fine problem's state from a coarse solution: the coarse masses on the fine line
    /// (``finePeaks(_:positions:count:)``), the multipliers, and each row's slope from the coarse row
    /// that stood for it (`representative[i]`, or row i itself when the source was not coarsened).
    private func fineState(
        from solution: Solution, representative: [Int]?, positions: [Int], order: [Int],
        layout: ProgramLayout
    ) -> SolverState {
        let m = order.count
        var q = [Double](repeating: 0, count: m)
        for (position, mass) in Self.finePeaks(solution.state.q, positions: positions, count: m)
            .mass
        {
            q[order[position]] += mass
        }
        // Every codeword keeps a little mass so that Blahut–Arimoto can still move it if Newton fails.
        let total = q.reduce(0, +)
        q = q.map { ($0 + 1e-12 * total) }
        let sum = q.reduce(0, +)
        q = q.map { $0 / sum }
        let coarse = solution.state.multipliers
        var multipliers = Multipliers(
            s: coarse.s, beta: [Double](repeating: 0, count: layout.rows), nu: coarse.nu)
        for i in 0..<layout.rows where layout.hasOwnSlope(i) {
            let slope = solution.rowSlopes[representative?[i] ?? i]
            multipliers.beta[i] = slope > multipliers.baseSlope(i, layout) ? slope : 0
        }
        return SolverState(q: q, multipliers: multipliers)
    }
}

/// What a coarse level hands the finer one: a warm state (each row's slope taken from the coarse
/// row that stood for it; Newton refits the slopes of rows with their own tolerance), the initial
/// active set, and the passes spent.
struct CoarseStart {
    var state: SolverState
    var active: [Int]
    var passes: Int
}

/// A coarser source for a coarse level: every `factor`-th point in sorted order is kept and
/// stands for the points after it; `representative[i]` is the kept row standing for row i,
/// `points[k]` where coarse row k sits (its group's centre of mass) and `masses[k]` the group's
/// mass.
struct SourceCoarsening {
    var kept: [Int]
    var representative: [Int]
    var points: [Double]
    var masses: [Double]
}

extension Problem {
    /// Merges runs of `factor` neighbouring points of a scalar source into one point at their
    /// centre of mass (their first point when they carry none), or nil when the source is not
    /// scalar, has at most `minimumRows` points, or a per-element class would lose all its
    /// members. The merged row keeps the per-element bounds of the run's first point and belongs
    /// to a class-average class when any point it stands for does (so the class keeps its mass
    /// and spread).
    ///
    /// The centre of mass matters: at the run's first point, every coarse row sat half a fine
    /// step (for a factor of 2) below its mass, so the coarse optimum's peaks, and the fine
    /// level's start, sat off by about that much, and the fine level's active-set rounds walked
    /// them back one codeword per round. On the Gaussian grid with a tail class (one core) the
    /// 2,048-point solve took 0.71 s before and 0.37 s after, the 16,384-point one 16.4 and 4.2 s.
    func sourceCoarsening(factor: Int, minimumRows: Int) -> SourceCoarsening? {
        guard let sourcePoints, sourcePoints.dimension == 1, sourcePoints.count > minimumRows else {
            return nil
        }
        let x = sourcePoints.coordinates
        let order = x.indices.sorted { x[$0] < x[$1] }
        var representative = [Int](repeating: 0, count: x.count)
        var kept: [Int] = []
        for (position, i) in order.enumerated() {
            if position % factor == 0 { kept.append(i) }
            representative[i] = kept.count - 1
        }
        let keptSet = Set(kept)
        for fidelityClass in fidelity
        where fidelityClass.semantics == .perElement
            && !fidelityClass.members.contains(where: keptSet.contains)
        { return nil }
        var mass = [Double](repeating: 0, count: kept.count)
        var moment = [Double](repeating: 0, count: kept.count)
        for i in x.indices {
            let p = probabilities.values[i]
            mass[representative[i]] += p
            moment[representative[i]] += p * x[i]
        }
        let points = kept.indices.map { k in
            let first = x[kept[k]]
            guard mass[k] > 0 else { return first }
            let last = x[order[min(x.count, (k + 1) * factor) - 1]]
            // Within the run, whatever the rounding.
            return min(max(moment[k] / mass[k], first), last)
        }
        return SourceCoarsening(
            kept: kept, representative: representative, points: points, masses: mass)
    }

    /// The same problem against a subset of its codebook (point distortions only), and over the
    /// coarser source `rows` when given.
    /// - Throws: ``RateDistortionError`` if a bound is infeasible for the smaller problem.
    func restricting(codebookTo indices: [Int], rows: SourceCoarsening? = nil)
        throws(RateDistortionError) -> Problem
    {
        guard let codebook else { throw .empty(field: "codebook") }
        var coordinates: [Double] = []
        coordinates.reserveCapacity(indices.count * codebook.dimension)
        for j in indices { coordinates += codebook[j] }
        let smaller = try PointSet(
            dimension: codebook.dimension, coordinates: coordinates, field: "codebook")
        var source = sourcePoints
        var mass = probabilities
        var classes = fidelity
        if let rows, sourcePoints != nil {
            source = try PointSet(scalars: rows.points, field: "source.points")
            mass = try ProbabilityVector(weights: rows.masses)
            var coarseIndex = [Int: Int]()
            for (k, i) in rows.kept.enumerated() { coarseIndex[i] = k }
            classes = fidelity.map { fidelityClass in
                var coarse = fidelityClass
                switch fidelityClass.semantics {
                case .perElement:
                    coarse.members = fidelityClass.members.compactMap { coarseIndex[$0] }.sorted()
                case .classAverage:
                    coarse.members = Array(
                        Set(fidelityClass.members.map { rows.representative[$0] })
                    ).sorted()
                }
                return coarse
            }
        }
        let problem = try Problem(
            sourcePoints: source, probabilities: mass, codebook: smaller,
            measure: measure, constraint: constraint, fidelity: classes)
        let kernel = RowKernel(field: problem.distortionField())
        _ = try ProgramLayout(problem: problem, rowMinima: kernel.rowMinima)
        return problem
    }
}
