import Quantization
import RDInterchange
import RDPlot

/// What the annealing figure draws of a stage, whichever record holds it: the designer's
/// measurement or a quantizer file's (docs/architecture.md, "Stage records in three places,
/// on purpose").
public protocol AnnealingStageRecord {
    var temperature: Double { get }
    var mutualInformationBits: Double { get }
    var outputEntropyBits: Double { get }
    var conditionalEntropyBits: Double { get }
    var distortion: Double { get }
    var liveCodewords: Int { get }
}

extension DesignReport.Stage: AnnealingStageRecord {}
extension QuantizerDocument.Stage: AnnealingStageRecord {}

extension AnnealingStage {
    /// The figure's record of `stage`.
    public init(_ stage: some AnnealingStageRecord) {
        self.init(
            temperature: stage.temperature, mutualInformationBits: stage.mutualInformationBits,
            outputEntropyBits: stage.outputEntropyBits,
            conditionalEntropyBits: stage.conditionalEntropyBits,
            distortion: stage.distortion, liveCodewords: stage.liveCodewords)
    }
}
