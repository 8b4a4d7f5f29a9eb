/// The first byte of a `.rdq` file's metadata: which optional fields follow (docs/formats.md,
/// "Metadata").
struct MetadataFlags: OptionSet {
    let rawValue: UInt8

    /// The data's values are float32 (else float64).
    static let float32 = MetadataFlags(rawValue: 1 << 0)
    /// A CSV header's column names follow the codebook.
    static let columnNames = MetadataFlags(rawValue: 1 << 1)
    /// The zlib-compressed quantizer document follows.
    static let provenance = MetadataFlags(rawValue: 1 << 2)
    /// The last symbol is the escape symbol, and the escaped values are stored.
    static let escapes = MetadataFlags(rawValue: 1 << 3)
    /// The file codes prediction residuals; the predictor follows.
    static let prediction = MetadataFlags(rawValue: 1 << 4)
    /// Escapes are stored as multiples of a grid step (with escapes and prediction).
    static let escapesOnGrid = MetadataFlags(rawValue: 1 << 5)
    /// Interpolation levels have activity contexts (with prediction).
    static let activityContexts = MetadataFlags(rawValue: 1 << 6)
    /// Interpolation levels have residual scales (with prediction).
    static let levelScales = MetadataFlags(rawValue: 1 << 7)
}
