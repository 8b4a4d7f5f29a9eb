import Testing
import _TestSupport

@testable import RateDistortion

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Local pricing between certificate passes (`ActiveSetNewton+LocalPricing.swift`).
@Suite("Local pricing")
struct LocalPricingTests {
    /// The 512-point Gaussian grid with its tails held to a per-element tolerance, and the
    /// solver's own start for the active-set method on it (its coarse level's solution).
    static func start() throws -> (ActiveSetNewton, SolverState, [Int]) {
        let points = (0..<512).map { -4 + 8 * Double($0) / 511 }
        let tails = points.indices.filter { abs(points[$0]) > 2.5 }
        let problem = try GaussianGrid.problem(
            on: points, constraint: .targetDistortion(0.1),
            fidelity: [FidelityClass(name: "tail", members: tails, tolerance: 0.02)])
        let kernel = RowKernel(field: problem.distortionField())
        let layout = try ProgramLayout(problem: problem, rowMinima: kernel.rowMinima)
        let newton = ActiveSetNewton(kernel: kernel, layout: layout, gapTolerance: 1e-9)
        let order = try #require(newton.scalarOrder)
        let coarse = try #require(
            Solver().coarseStart(problem, order: order, layout: layout, deadline: nil))
        return (newton, coarse.state, coarse.active)
    }

    /// Forced on a program below its size threshold, local pricing reaches the same certified
    /// optimum as the certificate rounds alone.
    @Test("priced locally, the active-set method certifies the same optimum")
    func sameOptimum() throws {
        let (plain, state, active) = try Self.start()
        #expect(!plain.pricesLocally)
        var priced = plain
        priced.forcesLocalPricing = true
        #expect(priced.pricesLocally)
        var a = state
        var b = state
        guard let reference = plain.run(from: &a, active: active),
            let local = priced.run(from: &b, active: active)
        else {
            Issue.record("the active-set method did not certify from the coarse start")
            return
        }
        #expect(local.rate - local.lowerBound <= 1e-9)
        #expect(abs(local.rate - reference.rate) <= 1e-11)
        #expect(local.lowerBound <= reference.rate + 1e-12)
    }

    /// Codewords it adds are outside T, next to it along the line, and have c_j > 1 on the
    /// restricted law.
    @Test("the codewords it adds sit next to T with c_j > 1")
    func nearbyCodewords() throws {
        let (newton, state, active) = try Self.start()
        var iterate = ActiveSetNewton.Iterate(
            active: active, q: active.map { state.q[$0] }, s: state.multipliers.s,
            averageBinds: true, nu: [0], classBinds: [false], beta: state.multipliers.beta,
            rowBinds: [Bool](repeating: false, count: newton.layout.rows))
        newton.sortAlongLine(&iterate)
        let excess = ExcessTable(
            field: newton.kernel.field, minima: newton.layout.rowMinima, active: iterate.active)
        newton.fitOwnSlopes(&iterate, excess: excess)
        let entering = newton.nearbyEntering(iterate, excess: excess)
        #expect(!entering.isEmpty, "the coarse start's peaks sit off the fine grid's optimum")
        let evaluation = newton.evaluate(iterate, excess: excess)
        for j in entering {
            #expect(!iterate.active.contains(j))
            #expect(iterate.active.contains { abs($0 - j) <= ActiveSetNewton.localReach })
            var c = 0.0
            for i in 0..<newton.layout.rows {
                let e = newton.kernel.field.value(row: i, column: j) - newton.layout.rowMinima[i]
                c +=
                    newton.layout.p[i] * exp(-evaluation.slopes[i] * e - evaluation.logPartition[i])
            }
            #expect(c > 1, "codeword \(j): c = \(c)")
        }
    }
}
