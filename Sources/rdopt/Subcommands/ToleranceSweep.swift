import ArgumentParser
import EntropyCoding
import Foundation
import Quantization
import RDWorkflows

/// `rdopt tolerance-sweep DATA --target-distortion D --important RULE`: the design of `rdopt
/// design` at a series of tolerances D′, with the price of fidelity along the way
/// (docs/quantiser-design.md).
struct ToleranceSweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tolerance-sweep",
        abstract:
            "Design a quantiser at a series of tolerances D′ and report the price of fidelity.",
        discussion: """
            Each tolerance gets the design of `rdopt design` (same options). Per tolerance: H(Y), \
            the distortion, the important samples' largest distortion and violations, the certified \
            τ = 1 relaxation bound, the relaxation's price (its dual price: a derivative of its \
            rate) and the measured price (the difference quotient of the designed H(Y) since the \
            previous tolerance), both in bits per unit by which the tolerance is relaxed.

            CSV columns: tolerance,entropy_bits,distortion,important_max_distortion,\
            important_violations,relaxation_lower_bound_bits,relaxation_optimal,\
            relaxation_price_bits,measured_price_bits,deployed,seconds

            Example:
              rdopt tolerance-sweep examples/tails.csv --target-distortion 0.03 --important 'abs>2.5' --output sweep.csv
            """)

    /// The most tolerances one sweep may design.
    static let maximumPoints = 100

    @Argument(help: "The data file (.csv, .npy, .f64, .f32).")
    var data: String

    @OptionGroup var target: TargetOptions

    @OptionGroup(title: "Important samples") var importance: ImportanceOptions

    @Option(
        help: "The tolerances D′, comma-separated (instead of --from, --to and --points).")
    var tolerances: String?

    @Option(name: .customLong("from"), help: "The smallest tolerance (default D/100).")
    var lower: Double?

    @Option(name: .customLong("to"), help: "The largest tolerance (default D).")
    var upper: Double?

    @Option(help: "Number of tolerances, geometric from --from to --to (default 6).")
    var points: Int?

    @OptionGroup var designerOptions: DesignerOptions

    @OptionGroup var layout: SampleLayoutOptions

    @Option(help: "Write the sweep as CSV to this file.")
    var output: String?

    @OptionGroup var console: ConsoleOptions

    /// Rejects a sweep without a fidelity class and tolerances that do not make a sweep.
    func validate() throws {
        guard importance.isGiven else {
            throw ValidationError(
                "tolerance-sweep needs a fidelity class: give --important RULE or "
                    + "--important-column NAME (without important samples there is no tolerance to sweep)"
            )
        }
        _ = try sweptTolerances()
    }

    /// The tolerances of the sweep, increasing: the list of `--tolerances`, or `--points`
    /// geometric from `--from` to `--to`.
    /// - Returns: at least 2 and at most ``maximumPoints`` distinct, positive, finite tolerances.
    /// - Throws: `ValidationError` naming the option at fault.
    func sweptTolerances() throws -> [Double] {
        if let tolerances {
            guard lower == nil, upper == nil, points == nil else {
                throw ValidationError(
                    "give either --tolerances or --from/--to/--points, not both")
            }
            return try Self.parse(tolerances)
        }
        let from = lower ?? target.targetDistortion / 100
        let to = upper ?? target.targetDistortion
        let count = points ?? 6
        guard from.isFinite, from > 0 else {
            throw ValidationError("--from must be a positive, finite tolerance")
        }
        guard to.isFinite, to > 0 else {
            throw ValidationError("--to must be a positive, finite tolerance")
        }
        guard from < to else {
            throw ValidationError(
                "--from (\(Format.general(from))) must be below --to (\(Format.general(to)))")
        }
        guard count >= 2, count <= Self.maximumPoints else {
            throw ValidationError("--points must be between 2 and \(Self.maximumPoints)")
        }
        // Geometric: equal ratios between neighbours; both ends exact.
        return (0..<count).map { i in
            i == count - 1 ? to : from * pow(to / from, Double(i) / Double(count - 1))
        }
    }

    /// `--tolerances t1,t2,…` as increasing tolerances.
    /// - Parameter list: the option's text.
    /// - Returns: the values, sorted.
    /// - Throws: `ValidationError` for a value that is not a positive, finite number, a repeated
    ///   value, fewer than 2 or more than ``maximumPoints`` values.
    static func parse(_ list: String) throws -> [Double] {
        var values: [Double] = []
        for field in list.split(separator: ",", omittingEmptySubsequences: false) {
            let text = field.trimmingCharacters(in: .whitespaces)
            guard let value = Double(text) else {
                throw ValidationError("--tolerances: '\(text)' is not a number")
            }
            guard value.isFinite, value > 0 else {
                throw ValidationError(
                    "--tolerances: \(text) is not a positive, finite tolerance")
            }
            values.append(value)
        }
        values.sort()
        guard values.count >= 2, values.count <= maximumPoints else {
            throw ValidationError(
                "--tolerances needs between 2 and \(maximumPoints) values (got \(values.count))")
        }
        for (a, b) in zip(values, values.dropFirst()) where a == b {
            throw ValidationError("--tolerances lists \(Format.general(a)) twice")
        }
        return values
    }

    func run() throws {
        let tolerances = try sweptTolerances()
        let (samples, rule) = try DesignInput.load(
            path: data, layout: layout, importance: importance)
        let importanceText =
            rule?.description ?? importance.importantColumn.map { "column:\($0)" } ?? ""
        guard samples.importantCount > 0 else {
            throw CommandFailure.badInput(
                "\(data): no sample is marked important by \(importanceText); a sweep of the "
                    + "tolerance needs a fidelity class")
        }
        let designer = try designerOptions.designer(for: samples)
        let progress = ProgressLine(quiet: console.quiet)
        let sweep = try reportingQuantizationErrors {
            try ToleranceSweepRun(
                designer: designer, samples: samples, targetDistortion: target.targetDistortion,
                tolerances: tolerances
            ) { index, state in
                progress.update(
                    "rdopt tolerance-sweep: tolerance \(index + 1)/\(tolerances.count) "
                        + "(D′ = \(Format.general(tolerances[index], 4))): "
                        + designerOptions.progressText(state))
            }
        }
        progress.finish()
        let table = ToleranceSweepTable(
            sweep: sweep, targetDistortion: target.targetDistortion,
            importance: importanceText)
        if let output {
            let outputs = OutputSet()
            try outputs.stage(table.csv, to: output)
            try outputs.commitOutputs()
        }
        try Terminal.print(console.json ? table.json.serialized() : table.text)
    }
}
