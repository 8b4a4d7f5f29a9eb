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
}
