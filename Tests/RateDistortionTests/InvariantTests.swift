import RateDistortion
import Testing
import _TestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Properties every solution and every curve must have, whatever the instance.
@Suite("Invariants")
struct InvariantTests {
    /// A 12-point scalar source on [−2.2, 2.2] with a 7-point codebook off the source grid.
    static func scalarProblem(fidelity: FidelityMix, target: Double = 0.2) throws -> Problem {
        let points = (0..<12).map { -2.2 + 0.4 * Double($0) }
        let weights = points.map { exp(-$0 * $0 / 2) + 0.05 }
        let total = weights.reduce(0, +)
        var classes: [FidelityClass] = []
        if fidelity == .perElement || fidelity == .both {
            classes.append(FidelityClass(name: "tail", members: [0, 1, 10, 11], tolerance: 0.12))
        }
        if fidelity == .classAverage || fidelity == .both {
            classes.append(
                FidelityClass(
                    name: "middle", members: [4, 5, 6, 7], tolerance: 0.05, semantics: .classAverage
                ))
        }
        return try Problem(
            sourcePoints: PointSet(scalars: points),
            probabilities: ProbabilityVector(weights.map { $0 / total }),
            codebook: PointSet(scalars: (0..<7).map { -2.1 + 0.7 * Double($0) }),
            measure: .squaredError,
            constraint: .targetDistortion(target), fidelity: classes)
    }

    // MARK: Curves

    @Test(
        "R(D) is non-increasing and convex along a curve (within 1e-9 nats)",
        arguments: FidelityMix.allCases)
    func curveShape(fidelity: FidelityMix) throws {
        let problem = try Self.scalarProblem(fidelity: fidelity)
        let tracer = RateDistortionCurve()
        let range = try tracer.distortionRange(of: problem)
        #expect(range.upperBound > range.lowerBound)
        let curve = try tracer.trace(problem, at: RateDistortionCurve.grid(range, count: 13))
        #expect(curve.count == 13)
        for (a, b) in zip(curve, curve.dropFirst()) {
            #expect(b.distortion > a.distortion)
            #expect(
                b.rateNats <= a.rateNats + 1e-9,
                "R rises from \(a.rateNats) at D = \(a.distortion) to \(b.rateNats) at \(b.distortion)"
            )
        }
        for k in 1..<(curve.count - 1) {
            let (a, b, c) = (curve[k - 1], curve[k], curve[k + 1])
            let chord =
                a.rateNats + (c.rateNats - a.rateNats) * (b.distortion - a.distortion)
                / (c.distortion - a.distortion)
            #expect(
                b.rateNats <= chord + 1e-9,
                "R is not convex at D = \(b.distortion): \(b.rateNats) above the chord \(chord)")
        }
        for point in curve {
            #expect(point.status == .optimal)
            #expect(point.rateNats >= point.lowerBoundNats - 1e-12)
            #expect(point.gapNats <= 1e-9)
        }
        // At the top of the range the average bound stops binding; without fidelity the rate is 0 there.
        if fidelity == .none, let last = curve.last {
            #expect(abs(last.rateNats) <= 1e-9, "R(D_max) = \(last.rateNats)")
        }
    }

    @Test(
        "the distortion range runs from Σ p_i min_j d_ij to min_j Σ p_i d_ij without fidelity classes (1e-12 relative)"
    )
    func distortionRange() throws {
        let problem = try Self.scalarProblem(fidelity: .none)
        let range = try RateDistortionCurve().distortionRange(of: problem)
        let d = ReferenceSolver.matrix(of: problem)
        let p = problem.probabilities.values
        let n = problem.sourceCount
        let m = problem.codewordCount
        let least = (0..<n).reduce(0) { total, i in
            total + p[i] * ((0..<m).map { d[i * m + $0] }.min() ?? 0)
        }
        let single =
            (0..<m).map { j in (0..<n).reduce(0) { $0 + p[$1] * d[$1 * m + j] } }.min() ?? 0
        #expect(isClose(range.lowerBound, least, relative: 1e-12))
        #expect(isClose(range.upperBound, single, relative: 1e-12))
    }

    @Test(
        "the slope equals −dR/dD by central finite differences (relative 1e-3)",
        arguments: FidelityMix.allCases, [0.12, 0.2, 0.35])
    func slopeIsDerivative(fidelity: FidelityMix, target: Double) throws {
        let problem = try Self.scalarProblem(fidelity: fidelity, target: target)
        let solver = Solver(criteria: SolverCriteria(gapTolerance: 1e-12))
        let center = try solver.solve(problem)
        // h = 1e-4: the truncation error R‴h²/6 is ~1e-9 relative; rate noise 1e-12/h = 1e-8.
        let h = 1e-4
        let above = try solver.solve(
            try problem.replacingConstraint(.targetDistortion(target + h)), warmStart: center)
        let below = try solver.solve(
            try problem.replacingConstraint(.targetDistortion(target - h)), warmStart: center)
        let derivative = -(above.rateNats - below.rateNats) / (2 * h)
        try #require(center.slope > 1e-3, "the average bound must bind at D = \(target)")
        #expect(
            isClose(center.slope, derivative, relative: 1e-3),
            "slope \(center.slope), −dR/dD ≈ \(derivative)")
    }

    @Test(
        "slope mode lands on the curve: solving at the distortion it reaches gives back its rate and slope (1e-9)"
    )
    func slopeModeIsOnTheCurve() throws {
        let problem = try Self.scalarProblem(fidelity: .both)
        for s in [0.5, 3.0, 20.0] {
            let parametric = try Solver().solve(try problem.replacingConstraint(.slope(s)))
            #expect(parametric.slope == s)
            let targeted = try Solver().solve(
                try problem.replacingConstraint(.targetDistortion(parametric.distortion)))
            #expect(isClose(targeted.rateNats, parametric.rateNats, absolute: 1e-9))
            #expect(
                isClose(targeted.slope, s, relative: 1e-6),
                "slope \(targeted.slope) at the distortion slope \(s) reaches")
        }
    }

    @Test(
        "a warm start from a neighbouring target gives the same solution as a cold start (1e-9 nats)"
    )
    func warmStart() throws {
        let problem = try Self.scalarProblem(fidelity: .both, target: 0.2)
        let neighbour = try Solver().solve(try problem.replacingConstraint(.targetDistortion(0.25)))
        let cold = try Solver().solve(problem)
        let warm = try Solver().solve(problem, warmStart: neighbour)
        #expect(isClose(cold.rateNats, warm.rateNats, absolute: 1e-9))
        #expect(warm.status == .optimal)
    }

    @Test(
        "stopped early, the solver says gap-not-reached and its bounds still bracket the optimum",
        arguments: [1, 3, 8])
    func stoppedEarly(maxIterations: Int) throws {
        let grid = (0...40).map { -4 + 0.2 * Double($0) }
        let problem = try GaussianGrid.problem(
            on: grid, constraint: .targetDistortion(0.2),
            fidelity: [
                FidelityClass(
                    name: "tail", members: grid.indices.filter { abs(grid[$0]) > 2.5 },
                    tolerance: 0.05)
            ])
        let optimum = try Solver().solve(problem)
        #expect(optimum.status == .optimal)
        let early = try Solver(
            criteria: SolverCriteria(gapTolerance: 1e-12, maxIterations: maxIterations)
        ).solve(problem)
        #expect(early.iterations <= maxIterations)
        if early.gapNats > 1e-12 { #expect(early.status == .gapNotReached) }
        // Whatever the iterate, its rate is feasible (≥ the optimum) and its bound is a bound (≤ it); 1e-9: the optimum's gap.
        #expect(early.rateNats >= optimum.lowerBoundNats - 1e-12)
        #expect(early.lowerBoundNats <= optimum.rateNats + 1e-12)
        try Self.expectFeasible(early, problem)
        #expect(
            early.certificate.isConfirmed(
                by: try early.certificate.recomputedLowerBound(for: problem)))
    }

    @Test(
        "a class's tolerance price brackets the rate's difference quotient in its tolerance (1e-7 nats)",
        arguments: [FidelityMix.perElement, .classAverage])
    func tolerancePrice(fidelity: FidelityMix) throws {
        let base = try Self.scalarProblem(fidelity: fidelity)
        func solved(_ tolerance: Double) throws -> Solution {
            var classes = base.fidelity
            classes[0].tolerance = tolerance
            return try Solver().solve(
                try Problem(
                    sourcePoints: base.sourcePoints, probabilities: base.probabilities,
                    codebook: base.codebook, measure: base.measure,
                    constraint: .targetDistortion(0.2), fidelity: classes))
        }
        let tolerance = base.fidelity[0].tolerance
        let delta = tolerance * 0.02
        let here = try solved(tolerance)
        let looser = try solved(tolerance + delta)
        let price = here.fidelity[0].tolerancePrice
        #expect(price > 0, "the class binds at the chosen tolerance")
        // R is convex and non-increasing in the tolerance, and the price is −∂R/∂tolerance.
        let quotient = (here.rateNats - looser.rateNats) / delta
        #expect(quotient <= price + 1e-7, "quotient \(quotient) above the price \(price)")
        #expect(
            quotient >= looser.fidelity[0].tolerancePrice - 1e-7,
            "quotient \(quotient) below the looser price \(looser.fidelity[0].tolerancePrice)")
        // A curve carries the same price at each point.
        let point = try RateDistortionCurve().trace(base, at: [0.2])[0]
        #expect(point.classPrices.map(\.name) == [base.fidelity[0].name])
        #expect(abs(point.classPrices[0].nats - price) <= 1e-6 * price)
    }

    // MARK: Feasibility of what is returned

    struct Case: Sendable, CustomTestStringConvertible {
        var seed: UInt64
        var kind: RandomInstances.Kind
        var fidelity: FidelityMix
        var testDescription: String { "seed \(seed), \(kind), fidelity \(fidelity)" }
    }

    static let feasibilityCases: [Case] = RandomInstances.Kind.allCases.enumerated().flatMap {
        index, kind in
        [FidelityMix.perElement, .classAverage, .both].map {
            Case(seed: 900 + UInt64(index), kind: kind, fidelity: $0)
        }
    }

    @Test(
        "every bound holds for the returned encoder (relative 1e-12), and the reported numbers are the encoder's",
        arguments: feasibilityCases)
    func feasibility(_ testCase: Case) throws {
        let problem = RandomInstances.tiny(
            seed: testCase.seed, kind: testCase.kind, fidelity: testCase.fidelity)
        let solution = try Solver().solve(problem)
        try Self.expectFeasible(solution, problem)
    }

    @Test(
        "every bound holds on sampled instances of up to 96 points (relative 1e-12)",
        arguments: [
            (UInt64(1), 40, FidelityMix.both), (2, 64, .perElement), (3, 96, .classAverage),
        ])
    func feasibilitySampled(seed: UInt64, points: Int, fidelity: FidelityMix) throws {
        let problem = RandomInstances.sampled(
            seed: seed, points: points, codewords: points / 4, fidelity: fidelity)
        let solution = try Solver().solve(problem)
        #expect(solution.status == .optimal)
        try Self.expectFeasible(solution, problem)
    }

    /// Above 96 codewords the solver starts coarse-to-fine, halving the source with the codebook;
    /// per-element rows then borrow a neighbour's slope and class-average classes are merged.
    @Test(
        "coarse-to-fine instances (120–400 codewords) are certified, feasible, and their certificates recompute",
        arguments: [
            (UInt64(4), 200, 150, FidelityMix.both), (5, 333, 257, .perElement),
            (6, 160, 120, .classAverage),
            (7, 300, 400, .both), (8, 257, 200, .perElement),
        ])
    func coarseToFine(seed: UInt64, points: Int, codewords: Int, fidelity: FidelityMix) throws {
        let problem = RandomInstances.sampled(
            seed: seed, points: points, codewords: codewords, fidelity: fidelity)
        let solution = try Solver().solve(problem)
        #expect(solution.status == .optimal, "gap \(solution.rateNats - solution.lowerBoundNats)")
        try Self.expectFeasible(solution, problem)
        let recomputed = try solution.certificate.recomputedLowerBound(for: problem)
        #expect(solution.certificate.isConfirmed(by: recomputed))
    }

    /// Checks the average, per-element and class-average bounds on the encoder rebuilt from the
    /// solution, and that the reported rate, distortions and output law are that encoder's.
    static func expectFeasible(
        _ solution: Solution, _ problem: Problem, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let n = problem.sourceCount
        let m = problem.codewordCount
        let p = problem.probabilities.values
        let d = ReferenceSolver.matrix(of: problem)
        let encoder = solution.encoder(for: problem)
        try #require(encoder.count == n * m, sourceLocation: sourceLocation)
        var q = [Double](repeating: 0, count: m)
        var rows = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var total = 0.0
            for j in 0..<m {
                #expect(encoder[i * m + j] >= 0, sourceLocation: sourceLocation)
                total += encoder[i * m + j]
                rows[i] += encoder[i * m + j] * d[i * m + j]
                q[j] += p[i] * encoder[i * m + j]
            }
            #expect(
                isClose(total, 1, absolute: 1e-12), "row \(i) sums to \(total)",
                sourceLocation: sourceLocation)
            #expect(
                isClose(rows[i], solution.rowDistortions[i], absolute: 1e-12, relative: 1e-9),
                sourceLocation: sourceLocation)
        }
        var rate = 0.0
        var distortion = 0.0
        for i in 0..<n {
            distortion += p[i] * rows[i]
            for j in 0..<m where encoder[i * m + j] > 0 {
                rate += p[i] * encoder[i * m + j] * log(encoder[i * m + j] / q[j])
            }
        }
        #expect(
            isClose(rate, solution.rateNats, absolute: 1e-10),
            "I(Q) of the encoder \(rate), reported \(solution.rateNats)",
            sourceLocation: sourceLocation)
        #expect(
            isClose(distortion, solution.distortion, absolute: 1e-12, relative: 1e-9),
            sourceLocation: sourceLocation)
        for (a, b) in zip(q, solution.outputProbabilities) {
            #expect(isClose(a, b, absolute: 1e-12), sourceLocation: sourceLocation)
        }
        if case .targetDistortion(let target) = problem.constraint {
            #expect(
                distortion <= target * (1 + 1e-12), "average \(distortion) above D = \(target)",
                sourceLocation: sourceLocation)
        }
        for (fidelityClass, report) in zip(problem.fidelity, solution.fidelity) {
            #expect(
                report.name == fidelityClass.name && report.members == fidelityClass.members,
                sourceLocation: sourceLocation)
            #expect(
                report.prices.allSatisfy { $0 >= 0 }, "negative price in \(report.prices)",
                sourceLocation: sourceLocation)
            switch fidelityClass.semantics {
            case .perElement:
                #expect(
                    report.prices.count == fidelityClass.members.count,
                    sourceLocation: sourceLocation)
                for (i, price) in zip(fidelityClass.members, report.prices) {
                    #expect(
                        rows[i] <= fidelityClass.tolerance * (1 + 1e-12),
                        "row \(i): distortion \(rows[i]) above tolerance \(fidelityClass.tolerance)",
                        sourceLocation: sourceLocation)
                    if price > 1e-9 && solution.status == .optimal {
                        // Complementary slackness (at the optimum): a priced row binds.
                        #expect(
                            isClose(rows[i], fidelityClass.tolerance, relative: 1e-6),
                            sourceLocation: sourceLocation)
                    }
                }
                #expect(
                    report.maxRowDistortion
                        == fidelityClass.members.map { solution.rowDistortions[$0] }.max(),
                    sourceLocation: sourceLocation)
            case .classAverage:
                let mass = fidelityClass.members.reduce(0) { $0 + p[$1] }
                let average = fidelityClass.members.reduce(0) { $0 + p[$1] * rows[$1] } / mass
                #expect(
                    average <= fidelityClass.tolerance * (1 + 1e-12),
                    "class average \(average) above tolerance \(fidelityClass.tolerance)",
                    sourceLocation: sourceLocation)
                #expect(
                    isClose(report.averageDistortion, average, relative: 1e-9),
                    sourceLocation: sourceLocation)
                if let price = report.prices.first, price > 1e-9, solution.status == .optimal {
                    #expect(
                        isClose(average, fidelityClass.tolerance, relative: 1e-6),
                        sourceLocation: sourceLocation)
                }
            }
        }
    }

    // MARK: Certificates

    @Test(
        "the certificate recomputes: the library's check confirms it and an independent evaluation agrees (1e-10 nats)",
        arguments: feasibilityCases)
    func certificateRecomputes(_ testCase: Case) throws {
        let problem = RandomInstances.tiny(
            seed: testCase.seed, kind: testCase.kind, fidelity: testCase.fidelity)
        let solution = try Solver().solve(problem)
        let certificate = solution.certificate
        #expect(certificate.lowerBoundNats == solution.lowerBoundNats)
        let recomputed = try certificate.recomputedLowerBound(for: problem)
        #expect(
            certificate.isConfirmed(by: recomputed),
            "recomputed \(recomputed), claimed \(certificate.lowerBoundNats)")
        let independent = try #require(ReferenceSolver.lowerBound(of: certificate, for: problem))
        #expect(
            isClose(independent, recomputed, absolute: 1e-10),
            "independent \(independent), library \(recomputed)")
        #expect(independent <= solution.rateNats + 1e-12)
    }

    @Test("a certificate whose claimed bound is raised by 0.1 nats is refuted")
    func tamperedCertificate() throws {
        let problem = try Self.scalarProblem(fidelity: .both)
        var certificate = try Solver().solve(problem).certificate
        certificate.lowerBoundNats += 0.1
        #expect(!certificate.isConfirmed(by: try certificate.recomputedLowerBound(for: problem)))
    }

    @Test("a certificate with a lowered slope proves less, but what it proves is still confirmed")
    func perturbedCertificateStaysValid() throws {
        let problem = try Self.scalarProblem(fidelity: .none)
        let solution = try Solver().solve(problem)
        var certificate = solution.certificate
        certificate.slope = (certificate.slope ?? 0) * 0.9
        let weaker = try certificate.recomputedLowerBound(for: problem)
        #expect(weaker < solution.lowerBoundNats - 1e-6)
        certificate.lowerBoundNats = weaker
        #expect(certificate.isConfirmed(by: try certificate.recomputedLowerBound(for: problem)))
    }

    @Test("a certificate does not fit a problem of another size")
    func certificateForAnotherProblem() throws {
        let certificate = try Solver().solve(try Self.scalarProblem(fidelity: .none)).certificate
        let other = try Problem(
            sourcePoints: PointSet(scalars: [0, 1]), probabilities: ProbabilityVector([0.5, 0.5]),
            codebook: PointSet(scalars: [0, 1]), measure: .hamming,
            constraint: .targetDistortion(0.1))
        #expect(throws: RateDistortionError.self) {
            try certificate.recomputedLowerBound(for: other)
        }
    }
}
