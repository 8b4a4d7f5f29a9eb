import RDInterchange

extension SampleDecompression {
    /// The most bytes a reconstruction can take in `format`: per value 8 for `.f64`, 4 for
    /// `.f32`, 8 or 4 (by the data's value type) plus the header for `.npy`, and for `.csv` the
    /// longest codeword coordinate as text plus its separator, plus the header row.
    ///
    /// - Parameters:
    ///   - format: The output format.
    ///   - metadata: The layout (every value's count and type) and the codebook (every
    ///     written value is one of its coordinates).
    /// - Returns: The bound, or `Int.max` when it overflows.
    /// - Complexity: O(m·k) for `.csv` with m codewords of dimension k, else O(1).
    static func outputByteCount(format: DataFormat, metadata: CompressionMetadata) -> Int {
        let layout = metadata.layout
        guard let values = layout.valueCount else { return .max }
        let perValue: Int
        var fixed = 0
        switch format {
        case .float64: perValue = 8
        case .float32: perValue = 4
        case .npy:
            perValue = layout.valueType == .float32 ? 4 : 8
            fixed = NPYHeader.encode(shape: layout.shape, valueType: layout.valueType).count
        case .csv:
            let longest = metadata.codebook.lazy.map {
                layout.valueType == .float32
                    ? Float($0).description.utf8.count : $0.description.utf8.count
            }.max()
            perValue = 1 + (longest ?? 0)
            fixed = SampleEncoding.csvHeader(layout.columnNames ?? []).count
        }
        let (product, overflow) = values.multipliedReportingOverflow(by: perValue)
        guard !overflow, product <= Int.max - fixed else { return .max }
        return product + fixed
    }
}
