import ArgumentParser
import EntropyCoding
import Foundation
import Quantization
import RDInterchange
import RDPlot
import RDWorkflows
import SampleCompression

/// `rdopt design DATA --target-distortion D`: quantiser design (docs/quantiser-design.md) → quantizer JSON (docs/formats.md).
struct Design: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Design a quantiser from data by annealing the convex relaxation (quantizer JSON).",
        discussion: """
            Example:
              rdopt design examples/tails.csv --target-distortion 0.03 --important 'abs>2.5' --output q.json
            """)

    @Argument(
        help:
            "The data file (.csv, .npy, .f64, .f32), or a weighted source (.json: points and probabilities)."
    )
    var data: String

    @OptionGroup var target: TargetOptions

    @OptionGroup(title: "Important samples") var importance: ImportanceOptions

    @Option(help: "Per-sample tolerance D' of important samples (default D/10).")
    var tolerance: Double?

    @Option(
        help: ArgumentHelp(
            "per-element: every important sample within D' (the default); class-average: their mean within D'.",
            discussion:
                "For class-average the rule holds each important sample to the loosest common tolerance T ≥ D' found that keeps their mean within D'; the certified bound is the relaxation with the class-average constraint."
        ))
    var semantics: ImportanceSemantics = .perElement

    @OptionGroup var designerOptions: DesignerOptions

    @OptionGroup var layout: SampleLayoutOptions

    @Option(help: "Write the quantizer JSON to this file.")
    var output: String?

    @Option(
        help:
            "Write a self-contained HTML report (summary, annealing path, quantiser map) to this file."
    )
    var report: String?

    @OptionGroup var console: ConsoleOptions

    func validate() throws {
        if let tolerance, !(tolerance.isFinite && tolerance >= 0) {
            throw ValidationError("--tolerance must be non-negative")
        }
    }

    func run() throws {
        let (samples, rule) = try DesignInput.load(
            path: data, layout: layout, importance: importance)
        let hasClass = samples.importantCount > 0
        let tolerance = hasClass ? (self.tolerance ?? target.targetDistortion / 10) : nil
        let designer = try designerOptions.designer(for: samples)
        let progress = ProgressLine(quiet: console.quiet)
        let update = { (state: QuantizerDesigner.Progress) in
            progress.update("rdopt design: " + designerOptions.progressText(state))
        }
        let report = try reportingQuantizationErrors {
            if semantics == .classAverage, let tolerance {
                return try designer.design(
                    for: samples, targetDistortion: target.targetDistortion,
                    classAverageTolerance: tolerance, progress: update)
            }
            return try designer.design(
                for: samples, targetDistortion: target.targetDistortion,
                importantTolerance: tolerance, progress: update)
        }
        progress.finish()
        var document = QuantizerDocument(
            quantizer: report.quantizer,
            importanceRule: rule?.description
                ?? (importance.importantColumn.map { "column:\($0)" }),
            training: .init(
                samples: report.training.samples, entropyBits: report.training.entropyBits,
                distortion: report.training.distortion,
                importantCount: report.training.importantCount,
                importantMaxDistortion: report.training.importantMaxDistortion,
                importantViolations: report.training.importantViolations),
            relaxation: report.relaxation.map { ($0.rateBits, $0.lowerBoundBits) },
            stages: report.stages.map {
                .init(
                    temperature: $0.temperature, mutualInformationBits: $0.mutualInformationBits,
                    outputEntropyBits: $0.outputEntropyBits,
                    conditionalEntropyBits: $0.conditionalEntropyBits,
                    distortion: $0.distortion, liveCodewords: $0.liveCodewords)
            })
        document.ladder = BoundLadder(report)
        let text = document.json.serialized() + "\n"
        let outputs = OutputSet()
        if let output { try outputs.stage(text, to: output) }
        if let reportPath = self.report {
            let html = DesignReportPage(
                report: report, samples: samples, rule: rule, target: target.targetDistortion,
                tolerance: tolerance,
                command: shellCommand(["rdopt"] + CommandLine.arguments.dropFirst())
            ).html
            try outputs.stage(html, to: reportPath)
        }
        try outputs.commitOutputs()
        if console.json {
            try Terminal.print(text)
        } else {
            try Terminal.print(
                Self.summary(
                    report, target: target.targetDistortion, tolerance: tolerance, output: output,
                    isWeighted: samples.weights != nil))
        }
    }

    static func summary(
        _ report: DesignReport, target: Double, tolerance: Double?, output: String?,
        isWeighted: Bool = false
    ) -> String {
        let t = report.training
        var rows: [(String, String)] = [
            (
                isWeighted ? "points" : "samples",
                "\(t.samples)\(isWeighted ? " weighted by their probabilities" : "") (dimension \(report.quantizer.dimension); atoms: \(report.sourceSummary))"
            ),
            (
                "codewords",
                "\(report.quantizer.count) (initial \(report.initialCodebookIsGiven ? "codebook (given)" : "grid") \(report.initialCodewords)"
                    + (report.importantGridCodewords > 0
                        ? ", \(report.importantGridCodewords) of them at important samples the grid could not serve"
                        : "")
                    + (report.averageGridCodewords > 0
                        ? ", \(report.averageGridCodewords) of them at samples it served worst, so that it can reach D on average"
                        : "") + ")"
            ),
            ("entropy H(Y)", "\(Format.fixed(t.entropyBits, 4)) bits per sample"),
            (
                "distortion",
                "\(Format.general(t.distortion, 6)) (target \(Format.general(target, 6)))"
            ),
            ("slope", Format.general(report.quantizer.slope, 6)),
        ]
        if report.roundingCostBits.isFinite, report.deployed == .annealing {
            rows.append(
                (
                    "rounding cost",
                    "\(Format.fixed(report.roundingCostBits, 4)) bits (H(Y) − F at τ_min)"
                ))
        }
        rows += deploymentRows(report)
        if let r = report.relaxation {
            var text =
                "rate \(Format.fixed(r.rateBits, 4)) bits, certified bound \(Format.fixed(r.lowerBoundBits, 4)) bits"
            if !r.isOptimal {
                text +=
                    " (gap not closed within the time budget: the bound holds but is looser; "
                    + "--relaxation-seconds raises the budget)"
            }
            rows.append(("relaxation τ = 1", text))
            if let free = r.rateWithoutClassBits {
                var text = "\(Format.fixed(r.rateBits - free, 4)) bits predicted by the relaxation"
                if let price = r.priceEstimateBits {
                    text += " (price bound \(Format.fixed(price, 4)))"
                }
                rows.append(("class cost", text))
            }
            if let price = r.tolerancePriceBits {
                rows.append(
                    (
                        "fidelity price",
                        (price.isFinite ? Format.general(price, 4) : "∞")
                            + " bits per unit by which the tolerance is relaxed (relaxation's dual price)"
                    ))
            }
        }
        if report.relaxation == nil, let reason = report.relaxationUnavailable {
            var text = "not computed: \(reason)"
            if reason.contains("infeasible"), reason.contains("target_distortion") {
                text +=
                    " (the initial grid is too coarse to reach the target on average; a larger grid, "
                    + "--codewords M, does; the design itself is unaffected)"
            } else if reason.contains("infeasible") {
                text +=
                    " (no codeword of the initial grid is within the tolerance of that element; a grid with "
                    + "spacing below 2√D′, --codewords M, serves every element; the design itself is unaffected)"
            }
            rows.append(("relaxation τ = 1", text))
        }
        if let average = report.classAverage {
            rows.append(
                (
                    "important",
                    "\(t.importantCount) samples, class average \(Format.general(t.importantMeanDistortion, 6)) "
                        + "(bound \(Format.general(average.tolerance, 6))), each held to T = "
                        + "\(Format.general(average.ruleTolerance, 6)) (loosest of \(average.designsTried) designs), "
                        + "max \(Format.general(t.importantMaxDistortion, 6))"
                ))
        } else if let tolerance {
            rows.append(
                (
                    "important",
                    "\(t.importantCount) samples, tolerance \(Format.general(tolerance, 6)), "
                        + "max \(Format.general(t.importantMaxDistortion, 6)), \(t.importantViolations) violations"
                        + (report.repairedCodewords > 0
                            ? ", \(report.repairedCodewords) codewords added" : "")
                ))
        }
        if let output { rows.append(("written", output)) }
        var text =
            "rdopt design\n" + Format.table(rows) + "\n\n" + ladderText(BoundLadder(report))
            + "\n\nsteps\n"
        text += Format.table(report.timings.map { ($0.step, "\(Format.fixed($0.seconds, 3)) s") })
        if !report.stages.isEmpty {
            text += "\n\nstages (τ, I, H(Y), H(Y|X) in bits, D, codewords, iterations, seconds)\n"
        }
        for s in report.stages {
            text += String(
                format: "  %9.3g  %7.4f  %7.4f  %7.4f  %10.6g  %5d  %3d  %6.3f\n", s.temperature,
                s.mutualInformationBits, s.outputEntropyBits, s.conditionalEntropyBits,
                s.distortion,
                s.liveCodewords, s.iterations, s.seconds)
        }
        return text
    }

    /// Which stage won, by how much, and what the interval programme did.
    static func deploymentRows(_ report: DesignReport) -> [(String, String)] {
        var rows: [(String, String)] = []
        if let interval = report.interval {
            let search =
                interval.isExact
                ? "exact over all \(interval.distinctValues) distinct values"
                : "\(interval.candidateCount) candidate cuts over \(interval.distinctValues) distinct values, cuts polished on the values"
            rows.append(
                (
                    "interval programme",
                    "H(Y) \(Format.fixed(interval.entropyBits, 4)) bits, D \(Format.general(interval.distortion, 6)), "
                        + "\(interval.count) cells (\(search); \(interval.programmeSolutions) solutions)"
                ))
        } else if let reason = report.intervalUnavailable {
            rows.append(("interval programme", "does not apply: \(reason)"))
        }
        if let annealed = report.annealed {
            rows.append(
                (
                    "annealing",
                    "H(Y) \(Format.fixed(annealed.entropyBits, 4)) bits, D \(Format.general(annealed.distortion, 6))"
                ))
        } else if let reason = report.annealingUnavailable {
            rows.append(("annealing", reason))
        }
        var deployed = report.deployed.rawValue
        if let interval = report.interval?.entropyBits, let annealed = report.annealed?.entropyBits
        {
            let margin = abs(annealed - interval)
            let loser = report.deployed == .annealing ? "the interval programme" : "annealing"
            deployed += " (\(Format.fixed(margin, 4)) bits below \(loser))"
        }
        rows.append(("deployed", deployed))
        return rows
    }

    /// The bound ladder with the gap between rungs.
    static func ladderText(_ ladder: BoundLadder) -> String {
        var rows: [(String, String)] = []
        for (i, rung) in ladder.rungs.enumerated() {
            var value =
                Format.fixed(rung.bits, 4)
                + (rung.isCertifiedBound ? "  certified lower bound" : "")
            if let gap = ladder.gap(at: i) {
                value += "  (gap \(gap >= 0 ? "+" : "")\(Format.fixed(gap, 4)))"
            }
            rows.append((rung.name, value))
        }
        let notes = ladder.notes.map { "\n  note: \($0)" }.joined()
        return "bound ladder (bits per sample; \(BoundLadder.scope))\n" + Format.table(rows) + notes
    }
}

/// `--semantics`: what the tolerance D′ of the important samples bounds.
enum ImportanceSemantics: String, ExpressibleByArgument, CaseIterable {
    /// Every important sample's distortion.
    case perElement = "per-element"
    /// The important samples' mean distortion.
    case classAverage = "class-average"
}
