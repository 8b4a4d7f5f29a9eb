import Foundation
import RDInterchange
import RDWorkflows
import RateDistortion

/// `rdopt_curve`: traces R(D) of a problem document (JSON text) at the given distortions, or,
/// with no targets (`target_count` 0), at `points` distortions spread over the problem's range
/// as `rdopt curve` does.
///
/// Result: the curve document of `rdopt curve --json`.
@_cdecl("rdopt_curve")
public func rdoptCurve(
    _ problem: UnsafePointer<UInt8>?, _ problemLength: Int, _ name: UnsafePointer<CChar>?,
    _ targets: UnsafePointer<Double>?, _ targetCount: Int, _ points: Int, _ gapTolerance: Double,
    _ output: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?,
    _ outputLength: UnsafeMutablePointer<Int>?
) -> Int32 {
    EntryResult.runJSON(output, outputLength) {
        let (document, file) = try EntryInput.problem(problem, problemLength, name: name)
        let gap = try SolveSettings.gapTolerance(gapTolerance, document: document)
        let tracer = RateDistortionCurve(
            solver: Solver(criteria: SolverCriteria(gapTolerance: gap)))
        let given = try EntryInput.doubles(targets, targetCount, name: "targets")
        let distortions = try CurveTargets.distortions(
            given, points: points, problem: document.problem, tracer: tracer, file: file)
        do {
            let curve = try tracer.trace(document.problem, at: distortions)
            return JSONText(text: CurveDocument.json(curve).serialized(pretty: false))
        } catch {
            throw LibraryFailure(error, file: file)
        }
    }
}

/// The distortions a curve is traced at.
enum CurveTargets {
    /// The most points one curve may have (as `rdopt curve --points`).
    static let maximumPoints = 1000

    /// The given targets (finite, non-negative), or a grid of `points` over the problem's range.
    static func distortions(
        _ given: [Double], points: Int, problem: Problem, tracer: RateDistortionCurve, file: String
    ) throws -> [Double] {
        guard given.count <= maximumPoints else {
            throw LibraryFailure.badInput(
                "targets: at most \(maximumPoints) points (got \(given.count))")
        }
        if let bad = given.first(where: { !($0.isFinite && $0 >= 0) }) {
            throw LibraryFailure.badInput("targets: \(bad) is not a finite, non-negative number")
        }
        if !given.isEmpty { return given }
        guard (2...maximumPoints).contains(points) else {
            throw LibraryFailure.badInput(
                "points must be between 2 and \(maximumPoints) (got \(points))")
        }
        let range: ClosedRange<Double>
        do { range = try tracer.distortionRange(of: problem) } catch {
            throw LibraryFailure(error, file: file)
        }
        guard range.upperBound > range.lowerBound else {
            throw LibraryFailure.badInput(
                "\(file): the curve is a single point (D_min = D_max = \(range.lowerBound))")
        }
        return RateDistortionCurve.grid(range, count: points)
    }
}
