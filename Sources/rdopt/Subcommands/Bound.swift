import ArgumentParser
import EntropyCoding
import Foundation
import Quantization
import RDInterchange
import RateDistortion

/// `rdopt bound DATA --target-distortion D`: a certified lower bound on R(D) of scalar data over
/// every reconstruction, with an upper bound and the gap (docs/mathematics.md, “A bound over
/// every reconstruction”).
struct Bound: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bound",
        abstract: "Certify a lower bound on R(D) of scalar data over every reconstruction.",
        discussion: """
            The bound holds for every encoder of single samples whatever its reconstructions \
            (any real numbers): it is a bound on the rate–distortion function of the data's \
            distribution (its distinct values with their frequencies) under squared error, with \
            each important sample held to its own tolerance. Beside it: the rate of a feasible \
            encoder onto a fine uniform grid (an upper bound on the same function) and the gap. \
            Coders that use dependence between samples are not bound by it.

            --problem-output and --certificate write the program on the distinct values and the \
            certificate of the bound, which `rdopt verify` re-checks (including the supremum \
            over the real line).

            Example:
              rdopt bound examples/tails.csv --target-distortion 0.03 --important 'abs>2.5'
            """)

    @Argument(help: "The data file (.csv, .npy, .f64, .f32) of scalar samples.")
    var data: String

    @OptionGroup var target: TargetOptions

    @OptionGroup(title: "Important samples") var importance: ImportanceOptions

    @OptionGroup var fidelity: ToleranceOptions

    @Option(
        help:
            "Codewords of the uniform grid (default: spacing 0.2·√min(D, D′) over the data's range, 64 to 20000)."
    )
    var codewords: Int?

    @Option(help: "Wall-clock seconds for the solve on the data's atoms (default 60).")
    var seconds: Double = 60

    @Option(help: "Write the program on the distinct values (problem JSON) to this file.")
    var problemOutput: String?

    @Option(help: "Write the certificate of the bound to this file (needs --problem-output).")
    var certificate: String?

    @OptionGroup var layout: SampleLayoutOptions

    @OptionGroup var console: ConsoleOptions

    func validate() throws {
        if fidelity.tolerance == 0 {
            throw ValidationError(
                "--tolerance must be positive for a bound over every reconstruction (at 0 an "
                    + "important sample admits only its own value)")
        }
        if let codewords, !RealLineBound.codewordRange.contains(codewords) {
            throw ValidationError(
                "--codewords must be between \(RealLineBound.codewordRange.lowerBound) and "
                    + "\(RealLineBound.codewordRange.upperBound)")
        }
        guard seconds.isFinite, seconds > 0 else {
            throw ValidationError("--seconds must be a positive number")
        }
        if certificate != nil && problemOutput == nil {
            throw ValidationError(
                "--certificate needs --problem-output (a certificate is checked against its problem file)"
            )
        }
    }

    func run() throws {
        let (samples, _) = try DesignInput.load(path: data, layout: layout, importance: importance)
        guard samples.dimension == 1 else {
            throw CommandFailure.badInput(
                "\(data): rdopt bound needs scalar samples (dimension \(samples.dimension) given)")
        }
        let hasClass = importance.isGiven && samples.importantCount > 0
        let tolerance = fidelity.resolved(target: target.targetDistortion, hasClass: hasClass)
        let progress = ProgressLine(quiet: console.quiet)
        progress.update(
            "rdopt bound: solving on the data's atoms and certifying over the real line")
        let bound = try reportingQuantizationErrors {
            try RealLineBound.compute(
                samples, target: target.targetDistortion, tolerance: tolerance,
                codewords: codewords, timeLimit: seconds)
        }
        progress.finish()
        try writeDocuments(bound)
        try Terminal.print(
            console.json
                ? json(bound, tolerance: tolerance).serialized() : text(bound, tolerance: tolerance)
        )
    }

    /// The problem and certificate files, both or neither.
    private func writeDocuments(_ bound: RealLineBound) throws {
        guard let problemOutput else { return }
        let problemText = ProblemDocument.json(for: bound.problem).serialized() + "\n"
        let outputs = OutputSet()
        try outputs.stage(problemText, to: problemOutput)
        if let certificate {
            let document = CertificateDocument(
                certificate: bound.certificate,
                problemSHA256: ProblemDocument.sha256(of: Data(problemText.utf8)))
            try outputs.stage(document.json.serialized() + "\n", to: certificate)
        }
        try outputs.commitOutputs()
    }

    private func text(_ bound: RealLineBound, tolerance: Double?) -> String {
        var lines = [
            "rdopt bound",
            "  samples             \(bound.problem.sourceCount) distinct values, "
                + "D = \(Format.general(target.targetDistortion))"
                + (tolerance.map { ", important samples within \(Format.general($0))" } ?? ""),
            "  grid                \(bound.grid.count) codewords, uniform on "
                + "[\(Format.general(bound.grid.first ?? 0)), \(Format.general(bound.grid.last ?? 0))]",
            "",
            "R(D) of the data, bits per sample (quantisers of single samples; coders that use "
                + "dependence between samples are not bound by it)",
            "  lower bound, reconstructions anywhere   \(Format.fixed(bound.lowerBoundBits, 4))  certified",
            "  upper bound, an encoder onto the grid   \(Format.fixed(bound.upperBoundBits, 4))  "
                + "(distortion \(Format.general(bound.distortion)))",
            "  gap                                     \(Format.fixed(bound.gapBits, 4))",
            "  (lower bound for the grid alone          \(Format.fixed(bound.gridLowerBoundBits, 4)))",
        ]
        if !bound.isSolveCertified {
            lines.append(
                "  (the solve stopped at --seconds before closing its gap: both bounds hold, "
                    + "further apart; more --seconds narrows them)")
        }
        lines += [
            "",
            "steps",
        ]
        for (step, seconds) in bound.timings {
            lines.append(
                "  " + step.padding(toLength: 48, withPad: " ", startingAt: 0)
                    + "\(Format.fixed(seconds, 3)) s")
        }
        return lines.joined(separator: "\n")
    }

    private func json(_ bound: RealLineBound, tolerance: Double?) -> JSONValue {
        .object([
            ("format", .string("rdopt-bound")),
            ("version", .integer(1)),
            ("target_distortion", .finite(target.targetDistortion)),
            ("tolerance", tolerance.map { .finite($0) } ?? .null),
            ("distinct_values", .integer(bound.problem.sourceCount)),
            ("codewords", .integer(bound.grid.count)),
            ("lower_bound_bits", .finite(bound.lowerBoundBits)),
            ("upper_bound_bits", .finite(bound.upperBoundBits)),
            ("gap_bits", .finite(bound.gapBits)),
            ("grid_lower_bound_bits", .finite(bound.gridLowerBoundBits)),
            ("solve_certified", .bool(bound.isSolveCertified)),
            ("distortion", .finite(bound.distortion)),
            (
                "timings",
                .object(bound.timings.map { ($0.step, .finite($0.seconds)) })
            ),
        ])
    }
}
