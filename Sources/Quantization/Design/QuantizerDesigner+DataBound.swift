extension QuantizerDesigner {
    /// ``RealLineBound`` of the samples for the report, or why there is none.
    func dataBound(_ samples: TrainingSamples, target: Double, tolerance: Double?) -> (
        DesignReport.DataBound?, String?
    ) {
        guard samples.dimension == 1 else {
            return (nil, "vector data (dimension \(samples.dimension)): the bound is for scalars")
        }
        do {
            let bound = try RealLineBound.compute(
                samples, target: target, tolerance: tolerance, timeLimit: relaxationTimeLimit,
                sourceOptions: sourceOptions)
            return (
                DesignReport.DataBound(
                    lowerBoundBits: bound.lowerBoundBits, upperBoundBits: bound.upperBoundBits,
                    codewords: bound.grid.count), nil
            )
        } catch { return (nil, "\(error)") }
    }
}
