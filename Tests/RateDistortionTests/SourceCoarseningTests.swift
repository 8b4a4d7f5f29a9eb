import Foundation
import Testing
import _TestSupport

@testable import RateDistortion

/// The coarse source of a coarse level (``Problem/sourceCoarsening(factor:minimumRows:)``): each
/// run of neighbouring points merged into one at its centre of mass.
@Suite("Coarse source")
struct SourceCoarseningTests {
    @Test("each coarse point is its run's centre of mass, within the run")
    func pointsAtCentreOfMass() throws {
        var generator = SplitMix64(seed: 7)
        let n = 301
        let x = (0..<n).map { _ in generator.nextGaussian() }
        // Some points carry no mass, so that a run of them falls back on its first point.
        let weights = (0..<n).map {
            $0 % 7 == 0 ? 0 : Double.random(in: 0.1...1, using: &generator)
        }
        let problem = try Problem(
            sourcePoints: PointSet(dimension: 1, coordinates: x),
            probabilities: ProbabilityVector(weights: weights),
            codebook: PointSet(dimension: 1, coordinates: [-1, 0, 1]), measure: .squaredError,
            constraint: .targetDistortion(0.5))
        let p = problem.probabilities.values
        for factor in [2, 3] {
            let rows = try #require(problem.sourceCoarsening(factor: factor, minimumRows: 10))
            #expect(rows.points.count == rows.kept.count)
            for k in rows.kept.indices {
                let run = x.indices.filter { rows.representative[$0] == k }
                #expect(run.contains(rows.kept[k]) && run.count <= factor)
                let mass = run.reduce(0) { $0 + p[$1] }
                let low = run.map { x[$0] }.min()!
                let high = run.map { x[$0] }.max()!
                #expect(rows.points[k] >= low && rows.points[k] <= high)
                if mass > 0 {
                    let centre = run.reduce(0) { $0 + p[$1] * x[$1] } / mass
                    #expect(abs(rows.points[k] - centre) <= 1e-14 * max(1, abs(centre)))
                } else {
                    #expect(rows.points[k] == x[rows.kept[k]])
                }
            }
        }
    }

    /// The benchmark's Gaussian grid with a tail class: from the coarse level's start the fine
    /// level's support is mostly in place. With every coarse row at its run's first point the
    /// peaks started half a fine step low, and most had to walk a codeword per active-set round.
    @Test("the coarse start puts most of the fine support in place", arguments: [256, 1024])
    func coarseStartNearFineSupport(n: Int) throws {
        let problem = try GaussianGrid.benchmark(points: n)
        let solver = Solver()
        let start = try solver.requiredCoarseStart(of: problem)
        let solution = try solver.solve(problem)
        #expect(solution.status == .optimal)
        let q = solution.outputProbabilities
        let largest = q.max() ?? 0
        let support = q.indices.filter { q[$0] > 1e-9 * largest }
        let started = Set(start.active)
        let missing = support.filter { !started.contains($0) }
        #expect(missing.count * 4 <= support.count, "\(missing.count) of \(support.count) missing")
    }
}
