import ArgumentParser
import Foundation
import RDReport
import RateDistortion

/// `rdopt demo`: the main job on embedded default data.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the main job on embedded default data and print the certified R(D) curve.")

    @Option(help: "Folder for the report and its files.")
    var outputDir: String = "rdopt-demo"

    @Flag(help: "No progress on stderr.")
    var quiet = false

    func run() throws {
        let problem = try reportingErrors { try DemoData.problem() }
        let progress = ProgressLine(quiet: quiet)
        let solution = try reportingErrors { try Solver().solve(problem) }
        Terminal.print("rdopt demo: heavy-tailed source on \(problem.sourceCount) points, codebook = the points, "
            + "squared error, tail |x| > 3 held to per-element distortion ≤ \(DemoData.tailTolerance)\n")
        Terminal.print(SolutionSummary(solution: solution, problem: problem, gapTolerance: 1e-9).text + "\n")
        let tracer = RateDistortionCurve()
        let range = try reportingErrors { try tracer.distortionRange(of: problem) }
        let curve = try reportingErrors {
            try tracer.trace(problem, at: RateDistortionCurve.grid(range, count: 12)) { done, total in
                progress.update("rdopt demo: curve point \(done)/\(total)")
            }
        }
        progress.finish()
        Terminal.print("Certified R(D) curve (each point solved to a duality gap ≤ 1e-9 nats):")
        Terminal.print(CurveTable.text(curve))
    }
}

/// The embedded demo problem: a Student-t (ν = 3) source on a grid, a tail class with a tight tolerance.
enum DemoData {
    static let tailTolerance = 0.01

    static func problem() throws -> Problem {
        let n = 241
        let points = (0..<n).map { -6 + 12 * Double($0) / Double(n - 1) }
        let density = points.map { x in pow(1 + x * x / 3, -2) }
        let total = density.reduce(0, +)
        let tail = points.indices.filter { abs(points[$0]) > 3 }
        return try Problem(
            sourcePoints: try PointSet(scalars: points), probabilities: try ProbabilityVector(density.map { $0 / total }),
            codebook: try PointSet(scalars: points), measure: .squaredError, constraint: .targetDistortion(0.1),
            fidelity: [FidelityClass(name: "tail", members: tail, tolerance: tailTolerance)])
    }
}
