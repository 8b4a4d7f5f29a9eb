import RDInterchange

extension SampleDecompression {
    /// The most bytes a reconstruction of `values` values can take in `format`: 8 per value
    /// for `.f64`, 4 for `.f32`, 8 plus the header for `.npy`, and for `.csv` the longest
    /// codeword coordinate as text plus its separator, per value.
    ///
    /// - Parameters:
    ///   - values: The values to write (samples times dimension, or a signal's length).
    ///   - format: The output format.
    ///   - codebook: The codewords' coordinates (every written value is one of them).
    /// - Returns: The bound, or `Int.max` when it overflows.
    /// - Complexity: O(m·k) for `.csv` with m codewords of dimension k, else O(1).
    static func outputByteCount(values: Int, format: DataFormat, codebook: [Double]) -> Int {
        let perValue: Int
        var fixed = 0
        switch format {
        case .float64: perValue = 8
        case .float32: perValue = 4
        case .npy:
            perValue = 8
            fixed = NPYHeader.encode(float64Shape: [values]).count + 64
        case .csv: perValue = 1 + (codebook.lazy.map { $0.description.utf8.count }.max() ?? 0)
        }
        let (product, overflow) = values.multipliedReportingOverflow(by: perValue)
        guard !overflow, product <= Int.max - fixed else { return .max }
        return product + fixed
    }
}
