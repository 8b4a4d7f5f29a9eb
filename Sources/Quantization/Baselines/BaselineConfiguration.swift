/// The check every baseline method runs before it designs (``EntropyConstrainedLloyd``,
/// ``UniformThresholdQuantizer``, ``LloydMax``): the target, then the method's own settings.
protocol BaselineConfiguration {
    /// Throws `QuantizationError.invalidParameter` for a setting out of range.
    func validate() throws(QuantizationError)
}

extension BaselineConfiguration {
    /// The distortion a baseline's search accepts for `target`: the target less a relative
    /// 1e-12, a margin far above the rounding of the fast (prefix-sum) distortion the searches
    /// compare, so that the distortion measured directly on the samples meets the target too.
    static func acceptance(for target: Double) -> Double { target * (1 - 1e-12) }

    /// Throws `.invalidTargetDistortion` unless `targetDistortion` is finite and at least 0
    /// (0 asks for a quantiser that reproduces every sample), then validates the settings.
    func validate(targetDistortion: Double) throws(QuantizationError) {
        guard targetDistortion.isFinite, targetDistortion >= 0 else {
            throw .invalidTargetDistortion(targetDistortion)
        }
        try validate()
    }
}

extension EntropyConstrainedLloyd: BaselineConfiguration {}
extension UniformThresholdQuantizer: BaselineConfiguration {}
extension LloydMax: BaselineConfiguration {}
