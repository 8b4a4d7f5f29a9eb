import Quantization
import RDInterchange

extension QuantizerDocument {
    /// A baseline's rule as a quantizer document (`rdopt baseline --output`), with its figures
    /// measured by that rule on `samples`, so that it can be checked and used to compress like
    /// a design. A baseline has no fidelity class, relaxation or annealing path.
    /// - Throws: `QuantizationError` when the baseline's cells cannot be written as a rule.
    public init(baseline: BaselineResult, measuredOn samples: TrainingSamples)
        throws(QuantizationError)
    {
        let quantizer = try baseline.quantizer()
        let t = quantizer.measure(samples).figures
        self.init(
            quantizer: quantizer, importanceRule: nil,
            training: .init(
                samples: t.samples, entropyBits: t.entropyBits, distortion: t.distortion,
                importantCount: 0, importantMaxDistortion: 0, importantViolations: 0),
            relaxation: nil, stages: [])
    }
}
