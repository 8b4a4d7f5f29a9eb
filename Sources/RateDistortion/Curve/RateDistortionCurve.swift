/// One certified point of an R(D) curve.
public struct CurvePoint: Sendable, Equatable {
    /// The distortion bound D (the achieved distortion of the encoder is at most this).
    public var distortion: Double
    /// The rate of the optimal encoder found, in nats (an upper bound on R(D)).
    public var rateNats: Double
    /// The certified lower bound on R(D), in nats.
    public var lowerBoundNats: Double
    /// The slope s = −R′(D) (`+∞` at the hard-assignment limit).
    public var slope: Double
    /// Whether the gap reached the tolerance.
    public var status: SolutionStatus
    /// Each fidelity class's tolerance price at this point (the rate saved per unit by which
    /// the class's tolerance is relaxed, nats per unit of distortion), in the problem's order.
    public var classPrices: [ClassPrice] = []
    /// For a target no encoder can meet, the smallest feasible distortion; `nil` for a
    /// feasible point. An infeasible point's rate, bound, slope and prices are NaN.
    public var smallestFeasibleDistortion: Double? = nil

    /// Whether the target can be met (the point was solved).
    public var isFeasible: Bool { smallestFeasibleDistortion == nil }

    /// A point whose target lies below the smallest feasible distortion `minimum`.
    /// - Parameters:
    ///   - distortion: The target.
    ///   - minimum: The smallest feasible distortion.
    ///   - classes: The fidelity classes' names, in the problem's order.
    /// - Returns: The point, marked infeasible, with NaN figures.
    public static func infeasible(distortion: Double, minimum: Double, classes: [String])
        -> CurvePoint
    {
        CurvePoint(
            distortion: distortion, rateNats: .nan, lowerBoundNats: .nan, slope: .nan,
            status: .optimal, classPrices: classes.map { ClassPrice(name: $0, nats: .nan) },
            smallestFeasibleDistortion: minimum)
    }

    /// One fidelity class's ``FidelityClassReport/tolerancePrice`` at a curve point.
    public struct ClassPrice: Sendable, Equatable {
        /// The class name.
        public var name: String
        /// Nats per unit of distortion (`+∞` at a member's hard-assignment limit).
        public var nats: Double
    }

    /// `rateNats − lowerBoundNats` (NaN for an infeasible point).
    public var gapNats: Double { isFeasible ? max(0, rateNats - lowerBoundNats) : .nan }
}

/// Traces R(D) with certified lower bounds (docs/mathematics.md): every point is solved to the
/// solver's gap, warm-started from its neighbour.
public struct RateDistortionCurve: Sendable {
    /// The solver used for every point.
    public var solver: Solver

    /// Creates a curve tracer.
    public init(solver: Solver = Solver()) { self.solver = solver }

    /// The range of distortions where R(D) varies: from the hard-assignment limit
    /// `D_min = Σ_i p_i min_j d_ij` to `D_max`, the smallest D at which the average bound stops
    /// binding (where the rate reaches 0 when there are no fidelity classes:
    /// `D_max = min_j Σ_i p_i d_ij`).
    /// - Throws: ``RateDistortionError`` if the fidelity bounds alone are infeasible.
    /// - Complexity: one O(n·m·k) pass without fidelity classes; one solve in slope mode with them.
    public func distortionRange(of problem: Problem) throws(RateDistortionError) -> ClosedRange<
        Double
    > {
        let kernel = RowKernel(field: problem.distortionField())
        let p = problem.probabilities.values
        var least = 0.0
        for i in 0..<problem.sourceCount { least += p[i] * kernel.rowMinima[i] }
        let single = kernel.field.columnAverages(probabilities: p).min() ?? least
        guard !problem.fidelity.isEmpty, single > least else { return least...max(least, single) }
        // With fidelity classes the curve flattens where the slope reaches 0: solve at a tiny slope.
        let tiny = try problem.replacingConstraint(.slope(1e-7 / max(single - least, 1e-300)))
        let solution = try solver.solve(tiny)
        return least...max(least, min(single, solution.distortion))
    }

    /// Solves the problem at each distortion in `distortions`, largest first, each warm-started
    /// from the previous one.
    ///
    /// A target below the smallest feasible distortion D_min is not an error: its point is
    /// marked infeasible (``CurvePoint/smallestFeasibleDistortion`` holds D_min) and the
    /// other points are still solved. Every smaller target is then infeasible too, and is
    /// marked without another solve.
    /// - Parameters:
    ///   - problem: the problem whose constraint is replaced by each target.
    ///   - distortions: the targets (any order; returned in increasing order).
    ///   - progress: called after each point with (points done, total).
    /// - Throws: ``RateDistortionError`` for an invalid problem or target, or a fidelity bound
    ///   that no target can meet.
    public func trace(
        _ problem: Problem, at distortions: [Double], progress: ((Int, Int) -> Void)? = nil
    ) throws(RateDistortionError) -> [CurvePoint] {
        var points: [CurvePoint] = []
        var previous: Solution?
        var minimum: Double?
        let classes = problem.fidelity.map(\.name)
        for (index, target) in distortions.sorted(by: >).enumerated() {
            defer { progress?(index + 1, distortions.count) }
            if let minimum, target < minimum {
                points.append(.infeasible(distortion: target, minimum: minimum, classes: classes))
                continue
            }
            let targeted = try problem.replacingConstraint(.targetDistortion(target))
            let solution: Solution
            do {
                solution = try solver.solve(targeted, warmStart: previous)
            } catch .infeasible(bound: "target_distortion", value: _, minimum: let least) {
                minimum = least
                points.append(.infeasible(distortion: target, minimum: least, classes: classes))
                continue
            }
            points.append(
                CurvePoint(
                    distortion: target, rateNats: solution.rateNats,
                    lowerBoundNats: solution.lowerBoundNats,
                    slope: solution.slope, status: solution.status,
                    classPrices: solution.fidelity.map {
                        CurvePoint.ClassPrice(name: $0.name, nats: $0.tolerancePrice)
                    }))
            previous = solution
        }
        return points.reversed()
    }

    /// `count` evenly spaced distortions over `range`, both ends included.
    public static func grid(_ range: ClosedRange<Double>, count: Int) -> [Double] {
        guard count > 1, range.upperBound > range.lowerBound else { return [range.lowerBound] }
        return (0..<count).map { k in
            k == count - 1
                ? range.upperBound
                : range.lowerBound + (range.upperBound - range.lowerBound) * Double(k)
                    / Double(count - 1)
        }
    }
}

extension Problem {
    /// The same problem with another average-distortion constraint.
    /// - Throws: ``RateDistortionError`` if the new bound or slope is invalid.
    public func replacingConstraint(_ constraint: DistortionConstraint) throws(RateDistortionError)
        -> Problem
    {
        try Problem(
            sourcePoints: sourcePoints, probabilities: probabilities, codebook: codebook,
            measure: measure, constraint: constraint, fidelity: fidelity)
    }
}
