import Foundation

/// The sample-file formats of docs/cli.md, chosen by the file's extension.
public enum DataFormat: String, Sendable, CaseIterable {
    /// Comma-separated numbers, an optional header row, one column per dimension.
    case csv
    /// A numpy array file: little-endian float64 or float32 in C order, 1 to 32 dimensions.
    case npy
    /// Raw little-endian float64 values.
    case float64 = "f64"
    /// Raw little-endian float32 values.
    case float32 = "f32"

    /// The format named by the extension of `url` (case-insensitive).
    ///
    /// - Throws: `DataInputError.unsupportedExtension` for any other extension.
    public init(of url: URL) throws(DataInputError) {
        let ext = url.pathExtension.lowercased()
        guard let format = DataFormat(rawValue: ext) else {
            throw .unsupportedExtension(file: url.path, extension: ext.isEmpty ? "(none)" : ext)
        }
        self = format
    }
}

/// How to turn a data file into a ``SampleSet``: the options `--dimension`, `--block`,
/// `--important-column` and `--important` of docs/cli.md.
public struct DataReadOptions: Sendable, Equatable {
    /// The dimension k of raw `.f64`/`.f32` data (`nil`: 1-D). For `.csv` and `.npy` the file
    /// gives the dimension; a value given here must then agree with it.
    public var dimension: Int?
    /// Group k consecutive samples of a 1-D signal into one k-vector (`nil`: no grouping).
    public var blockLength: Int?
    /// The CSV column read as a 0/1 importance flag and excluded from the data.
    public var importantColumn: String?
    /// The rule that marks samples as important, applied after blocking.
    public var importanceRule: ImportanceRule?

    /// The largest ``dimension`` or ``blockLength`` accepted: 4096 (a vector quantiser in
    /// more dimensions has no useful design; a `.npy` file's own columns are not limited).
    public static let maximumLength = 4096

    /// Creates read options; every option defaults to "not given".
    public init(
        dimension: Int? = nil, blockLength: Int? = nil,
        importantColumn: String? = nil, importanceRule: ImportanceRule? = nil
    ) {
        self.dimension = dimension
        self.blockLength = blockLength
        self.importantColumn = importantColumn
        self.importanceRule = importanceRule
    }
}
