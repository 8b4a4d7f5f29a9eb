import Quantization
import RDInterchange
import RDPlot
import RDWorkflows
import SampleCompression

/// The HTML report of `rdopt design --report`: the summary, the relaxation's certified bound,
/// the annealing path, the quantiser map (scalar data) and the bit accounting.
struct DesignReportPage {
    let report: DesignReport
    let samples: TrainingSamples
    let rule: ImportanceRule?
    let target: Double
    let tolerance: Double?
    let command: String

    var html: String {
        let t = report.training
        let designed = RateDistortionReport.MeasuredQuantizer(
            name: "designed quantiser", entropyBits: t.entropyBits, distortion: t.distortion,
            codewords: report.quantizer.count,
            violations: tolerance == nil ? nil : t.importantViolations,
            importantMaxDistortion: tolerance == nil ? nil : t.importantMaxDistortion)
        let relaxation = report.relaxation.map {
            RateDistortionReport.Relaxation(
                rateBits: $0.rateBits, lowerBoundBits: $0.lowerBoundBits, distortion: target,
                slope: report.stages.first?.slope ?? .nan, violations: 0)
        }
        var map: QuantizerMapData?
        if report.quantizer.dimension == 1 {
            let indices = report.quantizer.encode(
                contentsOf: samples.values, isImportant: samples.importance
            ).indices
            let low = samples.values.min() ?? 0
            let high = samples.values.max() ?? 0
            map = QuantizerMapData(
                quantizer: report.quantizer, values: samples.values, indices: indices,
                importantRegions: rule?.regions(within: low...max(high, low + 1e-12)) ?? [])
        }
        let page = RateDistortionReport(
            title: "rdopt design", subtitle: "Quantiser designed from \(t.samples) samples",
            dataDescription: [
                "\(t.samples) samples of dimension \(report.quantizer.dimension); atoms: \(report.sourceSummary)."
            ],
            targetDistortion: target, importantTolerance: tolerance, relaxation: relaxation,
            designed: designed,
            designNote: designNote,
            stages: report.stages.map(AnnealingStage.init),
            map: map,
            settings: [
                ReportRow("target distortion D", "\(target)"),
                ReportRow("tolerance D′", tolerance.map { "\($0)" } ?? "none"),
                ReportRow("importance", rule?.description ?? "none"),
                ReportRow("stages", stagesSetting),
            ],
            command: command)
        var content = page
        content.intervalBoundBits = report.interval?.lowerBoundBits
        return content.htmlReport().html()
    }

    /// The number of stages, and how many ended at their iteration cap before settling.
    var stagesSetting: String {
        let unsettled = report.stages.filter { !$0.settled }.count
        guard unsettled > 0 else { return "\(report.stages.count)" }
        return "\(report.stages.count) (\(unsettled) ended at the iteration cap before settling; "
            + "their points are still moving: docs/quantiser-design.md)"
    }

    /// What produced the deployed quantiser and how the other candidate fared.
    var designNote: String {
        var parts = ["Deployed: \(report.deployed.rawValue)."]
        if let interval = report.interval {
            parts.append(
                "The interval programme found H(Y) = \(Format.fixed(interval.entropyBits, 4)) bits with "
                    + "\(interval.count) interval cells and certifies that no interval quantiser meeting the bounds needs "
                    + "fewer than \(Format.fixed(interval.lowerBoundBits, 4)) bits.")
        } else if let reason = report.intervalUnavailable {
            parts.append("Interval programme: \(reason).")
        }
        if let annealed = report.annealed {
            parts.append(
                "Deterministic annealing from τ = 1 (the convex program) to a hard encoder, with codebook "
                    + "refinement, pruning, the slope tuned on the samples and a hard Lloyd polish, found "
                    + "H(Y) = \(Format.fixed(annealed.entropyBits, 4)) bits.")
        } else if let reason = report.annealingUnavailable {
            parts.append("Annealing: \(reason).")
        }
        return parts.joined(separator: " ")
    }
}
