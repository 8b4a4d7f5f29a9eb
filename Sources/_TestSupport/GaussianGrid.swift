import Foundation
import RateDistortion

/// A grid of points weighted by the N(0, 1) density (normalised), reproduced on itself under
/// squared error: the standard fine-grid problem of the closed-form and invariant tests.
public enum GaussianGrid {
    /// The problem on `points` with `constraint` and `fidelity`.
    public static func problem(
        on points: [Double], constraint: DistortionConstraint, fidelity: [FidelityClass] = []
    ) throws -> Problem {
        let density = points.map { exp(-$0 * $0 / 2) }
        let total = density.reduce(0, +)
        return try Problem(
            sourcePoints: PointSet(scalars: points),
            probabilities: ProbabilityVector(density.map { $0 / total }),
            codebook: PointSet(scalars: points), measure: .squaredError, constraint: constraint,
            fidelity: fidelity)
    }

    /// The solver benchmark's problem (`Scripts/crosscheck/make_gaussian_problem.py`): `n`
    /// points evenly on [−4, 4], D = 0.1, the tail |x| > 2.5 held to 0.02 per element.
    public static func benchmark(points n: Int) throws -> Problem {
        let points = (0..<n).map { -4 + 8 * Double($0) / Double(n - 1) }
        let tails = points.indices.filter { abs(points[$0]) > 2.5 }
        return try problem(
            on: points, constraint: .targetDistortion(0.1),
            fidelity: [FidelityClass(name: "tail", members: tails, tolerance: 0.02)])
    }
}
