import Quantization
import RDInterchange
import RDPlot

/// The annealing figure's stage records, from what the designer measured or what a quantizer
/// file stores (docs/architecture.md, "Stage records in three places, on purpose").
extension AnnealingStage {
    /// A stage as the designer measured it.
    public init(_ stage: DesignReport.Stage) {
        self.init(
            temperature: stage.temperature, mutualInformationBits: stage.mutualInformationBits,
            outputEntropyBits: stage.outputEntropyBits,
            conditionalEntropyBits: stage.conditionalEntropyBits,
            distortion: stage.distortion, liveCodewords: stage.liveCodewords)
    }

    /// A stage as a quantizer file stores it.
    public init(_ stage: QuantizerDocument.Stage) {
        self.init(
            temperature: stage.temperature, mutualInformationBits: stage.mutualInformationBits,
            outputEntropyBits: stage.outputEntropyBits,
            conditionalEntropyBits: stage.conditionalEntropyBits,
            distortion: stage.distortion, liveCodewords: stage.liveCodewords)
    }
}
