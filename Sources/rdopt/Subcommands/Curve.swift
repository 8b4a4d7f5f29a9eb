import ArgumentParser
import EntropyCoding
import Foundation
import RDInterchange
import RDPlot
import RDWorkflows
import RateDistortion
import SampleCompression

/// `rdopt curve PROBLEM.json`: R(D) with certified lower bounds and slopes.
struct Curve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "curve",
        abstract: "Trace R(D) with certified lower bounds and slopes.",
        discussion: """
            CSV columns: distortion,rate_bits,lower_bound_bits,gap_bits,slope (rates in bits; the slope \
            s = −R′(D) in nats per unit of distortion), then price:NAME for each fidelity class (the \
            rate saved per unit by which the class's tolerance is relaxed, in the slope's units).

            Example:
              rdopt curve examples/problem.json --points 30 --output curve.csv --plot curve.svg
            """)

    @Argument(
        help:
            "The problem file (its target_distortion or slope is replaced by each point's target).")
    var problem: String

    /// The most points one curve may have.
    static let maximumPoints = 1000

    @Option(help: "Number of points (2 to 1000).")
    var points: Int = 30

    @Option(
        name: .customLong("from"),
        help: "Smallest distortion (default: the hard-assignment limit D_min).")
    var lower: Double?

    @Option(
        name: .customLong("to"),
        help: "Largest distortion (default: D_max, where the rate stops falling).")
    var upper: Double?

    @Option(help: "Write the curve as CSV to this file.")
    var output: String?

    @Option(help: "Write an SVG plot of the curve to this file.")
    var plot: String?

    @Option(help: "Certified gap per point, in nats.")
    var gapTolerance: Double?

    @OptionGroup var console: ConsoleOptions

    /// Rejects a point count, range or gap tolerance out of range, naming the option.
    func validate() throws {
        guard (2...Self.maximumPoints).contains(points) else {
            throw ValidationError(
                "--points must be between 2 and \(Self.maximumPoints) (got \(points))")
        }
        if let gapTolerance, !(gapTolerance > 0 && gapTolerance.isFinite) {
            throw ValidationError("--gap-tolerance must be a positive number")
        }
        if let lower, !(lower.isFinite && lower >= 0) {
            throw ValidationError("--from must be a finite, non-negative number")
        }
        if let upper, !upper.isFinite { throw ValidationError("--to must be finite") }
        if let lower, let upper, upper <= lower { throw ValidationError("--to must exceed --from") }
    }

    func run() throws {
        let document = try reportingErrors { try ProblemDocument.load(path: problem) }
        let solver = Solver(
            criteria: SolverCriteria(gapTolerance: gapTolerance ?? document.gapTolerance ?? 1e-9))
        let tracer = RateDistortionCurve(solver: solver)
        let progress = ProgressLine(quiet: console.quiet)
        let range = try reportingErrors(file: problem) {
            try tracer.distortionRange(of: document.problem)
        }
        let from = lower ?? range.lowerBound
        let to = upper ?? range.upperBound
        guard to > from else {
            throw CommandFailure.badInput(
                "\(problem): the curve is a single point (D_min = D_max = \(from))")
        }
        let curve = try reportingErrors(file: problem) {
            try tracer.trace(
                document.problem, at: RateDistortionCurve.grid(from...to, count: points)
            ) { done, total in
                progress.update("rdopt curve: \(done)/\(total) points")
            }
        }
        progress.finish()
        let infeasible = curve.filter { !$0.isFeasible }
        if let minimum = infeasible.first?.smallestFeasibleDistortion {
            guard infeasible.count < curve.count else {
                throw CommandFailure.badInput(
                    "\(problem): every point is infeasible: --to \(Format.general(to)) is below the smallest feasible distortion \(Format.general(minimum))"
                )
            }
            try Terminal.printWarning(
                "\(infeasible.count) of \(curve.count) points are infeasible (below the smallest feasible distortion \(Format.general(minimum))); they are marked 'infeasible'"
            )
        }
        let outputs = OutputSet()
        if let output { try outputs.stage(CurveTable.csv(curve), to: output) }
        if let plot {
            try outputs.stage(CurveTable.svg(curve, measure: document.problem.measure), to: plot)
        }
        try outputs.commitOutputs()
        if console.json {
            try Terminal.print(CurveTable.json(curve).serialized())
        } else {
            try Terminal.print(CurveTable.text(curve))
        }
    }
}
