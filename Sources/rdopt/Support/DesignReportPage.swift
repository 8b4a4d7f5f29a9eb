import Quantization
import RDReport

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
            codewords: report.quantizer.count, violations: tolerance == nil ? nil : t.importantViolations,
            importantMaxDistortion: tolerance == nil ? nil : t.importantMaxDistortion)
        let relaxation = report.relaxation.map {
            RateDistortionReport.Relaxation(rateBits: $0.rateBits, lowerBoundBits: $0.lowerBoundBits, distortion: target,
                                            slope: report.stages.first?.slope ?? .nan, violations: 0)
        }
        var map: QuantizerMapData?
        if report.quantizer.dimension == 1 {
            let indices = report.quantizer.encode(contentsOf: samples.values, isImportant: samples.importance).indices
            let low = samples.values.min() ?? 0, high = samples.values.max() ?? 0
            map = QuantizerMapData(quantizer: report.quantizer, values: samples.values, indices: indices,
                                   importantRegions: rule?.regions(within: low...max(high, low + 1e-12)) ?? [])
        }
        let page = RateDistortionReport(
            title: "rdopt design", subtitle: "Quantiser designed from \(t.samples) samples",
            dataDescription: ["\(t.samples) samples of dimension \(report.quantizer.dimension); atoms: \(report.sourceSummary)."],
            targetDistortion: target, importantTolerance: tolerance, relaxation: relaxation, designed: designed,
            designNote: "Deterministic annealing from τ = 1 (the convex program) to a hard encoder, with codebook "
                + "refinement, pruning, the slope tuned on the samples and a hard Lloyd polish.",
            stages: report.stages.map {
                AnnealingStage(temperature: $0.temperature, mutualInformationBits: $0.mutualInformationBits,
                               outputEntropyBits: $0.outputEntropyBits, conditionalEntropyBits: $0.conditionalEntropyBits,
                               distortion: $0.distortion, liveCodewords: $0.liveCodewords)
            },
            map: map,
            settings: [ReportRow("target distortion D", "\(target)"), ReportRow("tolerance D′", tolerance.map { "\($0)" } ?? "none"),
                       ReportRow("importance", rule?.description ?? "none"), ReportRow("stages", "\(report.stages.count)")],
            command: command)
        return page.htmlReport().html()
    }
}
