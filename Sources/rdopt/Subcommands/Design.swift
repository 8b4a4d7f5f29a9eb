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
        commandName: "design",
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

    @OptionGroup var fidelity: ToleranceOptions

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
    }

    func run() throws {
        let (samples, rule) = try DesignInput.load(
            path: data, layout: layout, importance: importance)
        let hasClass = samples.importantCount > 0
        let tolerance = fidelity.resolved(target: target.targetDistortion, hasClass: hasClass)
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
        let document = QuantizerDocument(
            designReport: report,
            importanceRule: rule?.description
                ?? (importance.importantColumn.map { "column:\($0)" }))
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
                DesignSummary.text(
                    report, target: target.targetDistortion, tolerance: tolerance, output: output,
                    isWeighted: samples.weights != nil))
        }
    }
}

/// `--semantics`: what the tolerance D′ of the important samples bounds.
enum ImportanceSemantics: String, ExpressibleByArgument, CaseIterable {
    /// Every important sample's distortion.
    case perElement = "per-element"
    /// The important samples' mean distortion.
    case classAverage = "class-average"
}
