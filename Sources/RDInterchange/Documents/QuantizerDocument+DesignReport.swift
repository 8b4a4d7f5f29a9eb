import Quantization

extension QuantizerDocument {
    /// The quantizer document of a finished design (`rdopt design`'s output): the quantiser,
    /// its training figures, the τ = 1 relaxation, the annealing stages and the bound ladder.
    ///
    /// - Parameters:
    ///   - report: The designer's report.
    ///   - importanceRule: The rule text that marked the important samples (`abs>2.5`), a
    ///     `column:NAME` note, or `nil` when the flags came from elsewhere or there are none.
    public init(designReport report: DesignReport, importanceRule: String?) {
        self.init(
            quantizer: report.quantizer, importanceRule: importanceRule,
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
                    distortion: $0.distortion, liveCodewords: $0.liveCodewords,
                    iterations: $0.iterations, settled: $0.settled)
            })
        ladder = BoundLadder(report)
    }
}
