import RateDistortion
import Testing
import _TestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Edges and degenerate sizes (a single symbol, zero distortion, D at the feasibility
/// edge, slopes of 1e6), vector points and every distortion measure.
@Suite("Special values")
struct SpecialValueTests {
    static let points: [Double] = [-1.3, -0.2, 0.4, 1.1, 2.5]
    static let weights: [Double] = [0.1, 0.3, 0.25, 0.2, 0.15]
    /// Every point has a unique nearest codeword: −1.3→−1, −0.2→0, 0.4→0, 1.1→1, 2.5→2.
    static let codewords: [Double] = [-1, 0, 1, 2]
    /// The output law of the hard (nearest-codeword) assignment and its entropy, the rate at the edge.
    static let hardLaw: [Double] = [0.1, 0.55, 0.2, 0.15]

    static func problem(_ constraint: DistortionConstraint, fidelity: [FidelityClass] = []) throws
        -> Problem
    {
        try Problem(
            sourcePoints: PointSet(scalars: points), probabilities: ProbabilityVector(weights),
            codebook: PointSet(scalars: codewords), measure: .squaredError, constraint: constraint,
            fidelity: fidelity)
    }

    static var leastDistortion: Double {
        zip(points, weights).reduce(0) { total, item in
            total + item.1 * (codewords.map { ($0 - item.0) * ($0 - item.0) }.min() ?? 0)
        }
    }

    @Test(
        "a single source point needs rate 0 at every feasible target (1e-12 nats)",
        arguments: [0.0, 0.3, 1.0, 5.0])
    func singleSourcePoint(target: Double) throws {
        // The point 0.3 is 0.09 from its nearest codeword 0.
        let problem = try Problem(
            sourcePoints: PointSet(scalars: [0.3]), probabilities: ProbabilityVector([1]),
            codebook: PointSet(scalars: [-1, 0, 1]), measure: .squaredError,
            constraint: .targetDistortion(max(target, 0.09)))
        let solution = try Solver().solve(problem)
        #expect(abs(solution.rateNats) <= 1e-12)
        #expect(solution.distortion <= max(target, 0.09) * (1 + 1e-12))
        #expect(solution.status == .optimal)
    }

    @Test("a single codeword needs rate 0 and exactly its distortion Σ p_i d_i (relative 1e-12)")
    func singleCodeword() throws {
        let least = zip(Self.points, Self.weights).reduce(0) {
            $0 + $1.1 * ($1.0 - 0.5) * ($1.0 - 0.5)
        }
        for target in [least, least * 1.5] {
            let problem = try Problem(
                sourcePoints: PointSet(scalars: Self.points),
                probabilities: ProbabilityVector(Self.weights),
                codebook: PointSet(scalars: [0.5]), measure: .squaredError,
                constraint: .targetDistortion(target))
            let solution = try Solver().solve(problem)
            #expect(abs(solution.rateNats) <= 1e-12)
            #expect(isClose(solution.distortion, least, relative: 1e-12))
            #expect(solution.outputProbabilities == [1])
            #expect(solution.status == .optimal)
        }
        let infeasible = try Problem(
            sourcePoints: PointSet(scalars: Self.points),
            probabilities: ProbabilityVector(Self.weights),
            codebook: PointSet(scalars: [0.5]), measure: .squaredError,
            constraint: .targetDistortion(least * 0.99))
        #expect(throws: RateDistortionError.self) { try Solver().solve(infeasible) }
    }

    @Test(
        "a target exactly at the edge D = Σ p_i min_j d_ij gives the hard assignment: rate H(q_hard) (1e-12 nats)"
    )
    func targetAtTheEdge() throws {
        let solution = try Solver().solve(try Self.problem(.targetDistortion(Self.leastDistortion)))
        #expect(
            isClose(solution.rateNats, entropy(Self.hardLaw), absolute: 1e-12),
            "rate \(solution.rateNats), H = \(entropy(Self.hardLaw))")
        #expect(isClose(solution.distortion, Self.leastDistortion, relative: 1e-12))
        for (a, b) in zip(solution.outputProbabilities, Self.hardLaw) {
            #expect(isClose(a, b, absolute: 1e-12))
        }
        #expect(solution.slope == .infinity)
        #expect(solution.status == .optimal)
        let certificate = solution.certificate
        #expect(
            certificate.isConfirmed(
                by: try certificate.recomputedLowerBound(
                    for: try Self.problem(.targetDistortion(Self.leastDistortion)))))
    }

    @Test("zero distortion with the codebook equal to the source needs H(p) nats (1e-12)")
    func zeroDistortion() throws {
        let problem = try Problem(
            sourcePoints: PointSet(scalars: Self.points),
            probabilities: ProbabilityVector(Self.weights),
            codebook: PointSet(scalars: Self.points), measure: .squaredError,
            constraint: .targetDistortion(0))
        let solution = try Solver().solve(problem)
        #expect(isClose(solution.rateNats, entropy(Self.weights), absolute: 1e-12))
        #expect(solution.distortion == 0)
        #expect(solution.status == .optimal)
    }

    @Test(
        "just above the edge the rate approaches H(q_hard) from below (1e-6 nats at D_min + 1e-9)")
    func justAboveTheEdge() throws {
        let solution = try Solver().solve(
            try Self.problem(.targetDistortion(Self.leastDistortion + 1e-9)))
        #expect(solution.rateNats <= entropy(Self.hardLaw) + 1e-12)
        #expect(isClose(solution.rateNats, entropy(Self.hardLaw), absolute: 1e-6))
        #expect(solution.status == .optimal)
    }

    @Test("a target just below the edge is infeasible and says so with the smallest feasible value")
    func belowTheEdge() throws {
        let target = Self.leastDistortion * (1 - 1e-9)
        let error = #expect(throws: RateDistortionError.self) {
            try Solver().solve(try Self.problem(.targetDistortion(target)))
        }
        guard case .infeasible(let bound, let value, let minimum) = error else {
            Issue.record("expected infeasible, got \(String(describing: error))")
            return
        }
        #expect(bound == "target_distortion" && value == target)
        // The solver sums the minimum with compensation; the plain sum here may differ by an ulp.
        #expect(isClose(minimum, Self.leastDistortion, relative: 1e-15))
    }

    /// At s = 1e8 and 1e10 the bound's term `s·(D_min − D)` used to cost s × one ulp of D
    /// (1.4e-17·s nats: the two sums were rounded differently), so the solver spun to its
    /// iteration limit short of the gap. D_min is now summed as D is, so at the hard assignment
    /// the term is exactly 0; the certificate is re-checked as `rdopt verify` would.
    @Test(
        "a huge slope in slope mode reaches the hard assignment, certified (rate within 1e-9 of H(q_hard))",
        arguments: [1e6, 1e7, 1e8, 1e10])
    func hugeSlope(slope: Double) throws {
        let problem = try Self.problem(.slope(slope))
        let solution = try Solver(criteria: SolverCriteria(maxIterations: 200)).solve(problem)
        try Self.expectHardAssignment(solution, slope: slope)
        #expect(solution.iterations <= 5)
        let recomputed = try solution.certificate.recomputedLowerBound(for: problem)
        #expect(solution.certificate.isConfirmed(by: recomputed))
    }

    static func expectHardAssignment(
        _ solution: Solution, slope: Double, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        #expect(
            isClose(solution.rateNats, entropy(Self.hardLaw), absolute: 1e-9),
            sourceLocation: sourceLocation)
        #expect(
            isClose(solution.distortion, Self.leastDistortion, relative: 1e-9),
            sourceLocation: sourceLocation)
        #expect(solution.slope == slope, sourceLocation: sourceLocation)
        #expect(
            solution.rateNats >= solution.lowerBoundNats - 1e-12, sourceLocation: sourceLocation)
        #expect(
            solution.status == .optimal,
            "gap \(solution.gapNats) after \(solution.iterations) passes",
            sourceLocation: sourceLocation)
    }

    @Test("slope 0 in slope mode gives rate 0 (1e-12 nats)")
    func zeroSlope() throws {
        let solution = try Solver().solve(try Self.problem(.slope(0)))
        #expect(abs(solution.rateNats) <= 1e-12)
        #expect(solution.status == .optimal)
    }

    @Test(
        "a per-element tolerance exactly at the row minimum pins that row to its nearest codeword")
    func toleranceAtRowMinimum() throws {
        // Row 4 (x = 2.5) is 0.25 from its nearest codeword 2; row 0 (x = −1.3) is 0.09 from −1.
        let pinned = [FidelityClass(name: "pinned", members: [0, 4], tolerance: 0.25)]
        let exact = try Self.problem(.targetDistortion(0.2), fidelity: pinned)
        let solution = try Solver().solve(exact)
        #expect(solution.status == .optimal)
        #expect(
            solution.rowDistortions[4] <= 0.25 * (1 + 1e-12),
            "row 4 distortion \(solution.rowDistortions[4])")
        #expect(solution.fidelity[0].prices[1] == .infinity, "the pinned row's price is infinite")
        #expect(
            solution.certificate.isConfirmed(
                by: try solution.certificate.recomputedLowerBound(for: exact)))
        // The limit of tolerances just above the minimum gives the same rate: R is continuous in D_i
        // (its derivative μ_i grows like log(1/ε), so ε = 1e-10 moves it by a few 1e-9).
        let looser = try Self.problem(
            .targetDistortion(0.2),
            fidelity: [FidelityClass(name: "pinned", members: [0, 4], tolerance: 0.25 + 1e-10)])
        #expect(isClose(try Solver().solve(looser).rateNats, solution.rateNats, absolute: 1e-7))
        let reference = ReferenceSolver.solve(looser)
        #expect(isClose(reference.rateNats, solution.rateNats, absolute: 1e-6))
    }

    @Test("a class-average tolerance exactly at the class minimum pins every member")
    func classToleranceAtMinimum() throws {
        // Members 0 (0.09 from −1) and 1 (0.04 from 0) with weights 0.1 and 0.3: class minimum 0.0525.
        let tolerance = (0.1 * 0.09 + 0.3 * 0.04) / 0.4
        let problem = try Self.problem(
            .targetDistortion(0.2),
            fidelity: [
                FidelityClass(
                    name: "left", members: [0, 1], tolerance: tolerance, semantics: .classAverage)
            ])
        let solution = try Solver().solve(problem)
        #expect(solution.status == .optimal)
        #expect(solution.fidelity[0].averageDistortion <= tolerance * (1 + 1e-12))
        #expect(
            solution.certificate.isConfirmed(
                by: try solution.certificate.recomputedLowerBound(for: problem)))
    }

    @Test(
        "a per-element tolerance below the row minimum is infeasible, naming the element and the minimum"
    )
    func toleranceBelowRowMinimum() throws {
        let problem = try Self.problem(
            .targetDistortion(0.2),
            fidelity: [FidelityClass(name: "pinned", members: [4], tolerance: 0.2)])
        #expect(
            throws: RateDistortionError.infeasible(
                bound: "tolerance of element 4 in fidelity class 'pinned'", value: 0.2,
                minimum: 0.25)
        ) {
            try Solver().solve(problem)
        }
    }

    // MARK: Measures and dimensions

    /// The same problem given by points and by its distortion matrix computed here must agree.
    static func agreesWithMatrix(_ problem: Problem) throws {
        let n = problem.sourceCount
        let m = problem.codewordCount
        let d = ReferenceSolver.matrix(of: problem)
        let matrix = try DistortionMatrix(rows: (0..<n).map { Array(d[$0 * m..<($0 + 1) * m]) })
        let viaMatrix = try Problem(
            sourcePoints: nil, probabilities: problem.probabilities, codebook: nil,
            measure: .matrix(matrix),
            constraint: problem.constraint, fidelity: problem.fidelity)
        let a = try Solver().solve(problem)
        let b = try Solver().solve(viaMatrix)
        #expect(
            isClose(a.rateNats, b.rateNats, absolute: 1e-9),
            "points: \(a.rateNats), matrix: \(b.rateNats)")
        #expect(a.status == .optimal && b.status == .optimal)
        for (x, y) in zip(a.rowDistortions, b.rowDistortions) {
            #expect(isClose(x, y, absolute: 1e-9))
        }
    }

    @Test(
        "vector points of dimension 2 and 3 use per-dimension squared and absolute error",
        arguments: [2, 3])
    func vectorPoints(dimension: Int) throws {
        var rng = SplitMix64(seed: UInt64(dimension))
        let source = (0..<(8 * dimension)).map { _ in rng.nextGaussian() }
        let codebook = (0..<(5 * dimension)).map { _ in rng.nextGaussian() * 0.7 }
        for measure in [DistortionMeasure.squaredError, .absoluteError] {
            let problem = try Problem(
                sourcePoints: PointSet(dimension: dimension, coordinates: source),
                probabilities: ProbabilityVector([Double](repeating: 1.0 / 8, count: 8)),
                codebook: PointSet(dimension: dimension, coordinates: codebook), measure: measure,
                constraint: .targetDistortion(measure == .squaredError ? 0.6 : 0.6),
                fidelity: [
                    FidelityClass(
                        name: "first", members: [0, 1],
                        tolerance: measure == .squaredError ? 1.2 : 0.9)
                ])
            try Self.agreesWithMatrix(problem)
        }
        // Per dimension: squared error of (1, 1, …) against the origin is 1, whatever the dimension.
        let one = try Problem(
            sourcePoints: PointSet(
                dimension: dimension, coordinates: [Double](repeating: 1, count: dimension)),
            probabilities: ProbabilityVector([1]),
            codebook: PointSet(
                dimension: dimension, coordinates: [Double](repeating: 0, count: dimension)),
            measure: .squaredError, constraint: .targetDistortion(1))
        #expect(isClose(try Solver().solve(one).distortion, 1, relative: 1e-15))
    }

    @Test("vector Hamming distortion counts a vector as wrong unless all coordinates match")
    func vectorHamming() throws {
        let problem = try Problem(
            sourcePoints: PointSet(dimension: 2, coordinates: [0, 0, 0, 1, 1, 0, 1, 1]),
            probabilities: ProbabilityVector([0.4, 0.2, 0.2, 0.2]),
            codebook: PointSet(dimension: 2, coordinates: [0, 0, 1, 1, 0, 1]), measure: .hamming,
            constraint: .targetDistortion(0.3))
        let d = ReferenceSolver.matrix(of: problem)
        #expect(d == [0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1])
        try Self.agreesWithMatrix(problem)
    }

    @Test("a matrix distortion without points solves like the reference (1e-6 nats)")
    func matrixDistortion() throws {
        let matrix = try DistortionMatrix(rows: [[0, 1, 4], [1, 0, 1], [4, 1, 0], [2, 0.5, 2]])
        let problem = try Problem(
            sourcePoints: nil, probabilities: ProbabilityVector([0.3, 0.3, 0.3, 0.1]),
            codebook: nil,
            measure: .matrix(matrix), constraint: .targetDistortion(0.4),
            fidelity: [FidelityClass(name: "last", members: [3], tolerance: 0.8)])
        let solution = try Solver().solve(problem)
        let reference = ReferenceSolver.solve(problem)
        #expect(reference.gapNats <= 1e-8)
        #expect(isClose(solution.rateNats, reference.rateNats, absolute: 1e-6))
        #expect(solution.rowDistortions[3] <= 0.8 * (1 + 1e-12))
    }

    @Test("absolute error on scalars solves like the reference (1e-6 nats)")
    func absoluteError() throws {
        let problem = try Problem(
            sourcePoints: PointSet(scalars: Self.points),
            probabilities: ProbabilityVector(Self.weights),
            codebook: PointSet(scalars: Self.codewords), measure: .absoluteError,
            constraint: .targetDistortion(0.45),
            fidelity: [FidelityClass(name: "tail", members: [4], tolerance: 0.6)])
        let solution = try Solver().solve(problem)
        let reference = ReferenceSolver.solve(problem)
        #expect(reference.gapNats <= 1e-8)
        #expect(isClose(solution.rateNats, reference.rateNats, absolute: 1e-6))
    }
}
