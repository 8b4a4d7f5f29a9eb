import ArgumentParser
import EntropyCoding
import Foundation
import RDInterchange
import RDPlot
import RDWorkflows
import RateDistortion
import SampleCompression

/// `rdopt solve PROBLEM.json`: the convex program to a certified gap.
struct Solve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve",
        abstract: "Solve the convex program of a problem file to a certified duality gap.",
        discussion: """
            Example:
              rdopt solve examples/problem.json --certificate cert.json
            """)

    @Argument(help: "The problem file (JSON, docs/formats.md).")
    var problem: String

    @Option(help: "Also write the JSON result to this file.")
    var output: String?

    @Option(help: "Write the certificate (multipliers and output law) to this file.")
    var certificate: String?

    @Flag(help: "Include the n × m encoder in the JSON result.")
    var encoder = false

    @Option(
        help: "Stop at this certified gap in nats (default: the file's gap_tolerance, else 1e-9).")
    var gapTolerance: Double?

    @Option(help: "The most Blahut–Arimoto passes before reporting gap-not-reached.")
    var maxIterations: Int = 20_000

    @OptionGroup var console: ConsoleOptions

    /// The largest `--max-iterations`: 10^9 passes (days of work on a large problem).
    static let maximumIterations = 1_000_000_000

    /// Rejects a gap tolerance or iteration limit out of range, naming the option.
    func validate() throws {
        if let gapTolerance, !(gapTolerance > 0 && gapTolerance.isFinite) {
            throw ValidationError("--gap-tolerance must be a positive number")
        }
        guard (1...Self.maximumIterations).contains(maxIterations) else {
            throw ValidationError(
                "--max-iterations must be between 1 and \(Self.maximumIterations) (got \(maxIterations))"
            )
        }
    }

    func run() throws {
        let document = try reportingErrors { try ProblemDocument.load(path: problem) }
        let criteria = SolverCriteria(
            gapTolerance: gapTolerance ?? document.gapTolerance ?? 1e-9,
            maxIterations: maxIterations)
        let progress = ProgressLine(quiet: console.quiet)
        let solution = try reportingErrors(file: problem) {
            try Solver(criteria: criteria).solve(document.problem) { state in
                progress.update(
                    "rdopt solve: \(state.phase), pass \(state.iterations), "
                        + "bound \(Format.fixed(state.lowerBound / Double.ln2, 9)) bits")
            }
        }
        progress.finish()
        let matrix = encoder ? solution.encoder(for: document.problem) : nil
        let result = SolutionDocument.json(
            solution, encoder: matrix, columns: document.problem.codewordCount)
        let outputs = OutputSet()
        if let output { try outputs.stage(result.serialized() + "\n", to: output) }
        if let certificate {
            let file = CertificateDocument(
                certificate: solution.certificate, problemSHA256: document.sha256)
            try outputs.stage(file.json.serialized() + "\n", to: certificate)
        }
        try outputs.commitOutputs()
        if console.json {
            try Terminal.print(result.serialized())
        } else {
            try Terminal.print(
                SolutionSummary(
                    solution: solution, problem: document.problem,
                    gapTolerance: criteria.gapTolerance
                ).text)
        }
    }
}
