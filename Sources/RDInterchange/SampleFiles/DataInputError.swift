import Foundation

/// Where in a data file a problem was found.
///
/// Text files are located by line and column, binary files by sample and coordinate.
public enum DataLocation: Sendable, Equatable, CustomStringConvertible {
    /// A field of a CSV file: `line` counts every line of the file from 1 (the header too),
    /// `column` counts fields from 1.
    case field(line: Int, column: Int)
    /// A value of a binary file: `sample` and `coordinate` count from 0, as numpy does.
    case element(sample: Int, coordinate: Int)

    /// A short phrase such as `row 3, column 2`.
    public var description: String {
        switch self {
        case .field(let line, let column): "row \(line), column \(column)"
        case .element(let sample, let coordinate):
            "sample \(sample), coordinate \(coordinate) (from 0)"
        }
    }
}

/// Everything that can go wrong while reading sample data or writing reconstructed data.
///
/// Every case names the file (as the user gave it) and, where it applies, the row, column or
/// field at fault. `description` is a one-line message meant to be printed after `error: `.
public enum DataInputError: Error, Sendable, Equatable {
    /// The file could not be opened or read.
    case unreadableFile(file: String, reason: String)
    /// The output file could not be written; nothing was left behind.
    case unwritableFile(file: String, reason: String)
    /// The extension names no supported format (`.csv`, `.npy`, `.f64`, `.f32`).
    case unsupportedExtension(file: String, extension: String)
    /// The file holds no samples.
    case emptyData(file: String)
    /// A CSV row has a different number of fields than the first row.
    case raggedRow(file: String, line: Int, expected: Int, found: Int)
    /// A CSV field is not a number.
    case nonNumericField(file: String, at: DataLocation, field: String)
    /// A CSV row holds a control character other than a tab (a NUL byte, say): the file is
    /// binary, UTF-16, or damaged.
    case controlCharacter(file: String, at: DataLocation, byte: UInt8)
    /// A CSV file whose first row reads as a header (no field is a number) and that has no
    /// data row after it.
    case headerOnly(file: String, line: Int, header: [String])
    /// A value is NaN or infinite.
    case nonFiniteValue(file: String, at: DataLocation, field: String)
    /// A field of the importance column is not `0`, `1`, `true` or `false`.
    case invalidFlag(file: String, at: DataLocation, field: String)
    /// `--important-column` names a column the header does not have.
    case missingColumn(file: String, name: String, available: [String])
    /// `--important-column` was given but the CSV file has no header row.
    case columnNeedsHeader(file: String, name: String)
    /// `--important-column` was given for a format other than CSV.
    case columnNeedsCSV(file: String, name: String)
    /// Every column of the CSV file is the importance column: no data is left.
    case noDataColumns(file: String)
    /// The file does not start with the `.npy` magic string.
    case notNPYFile(file: String)
    /// The `.npy` format version is not 1, 2 or 3.
    case unsupportedNPYVersion(file: String, major: Int, minor: Int)
    /// The `.npy` header is not a dictionary of the expected form.
    case malformedNPYHeader(file: String, reason: String)
    /// The `.npy` array does not hold float64, float32, float16 or whole numbers of 1 to 8
    /// bytes, little- or big-endian: it holds complex numbers, strings or a structured dtype,
    /// say.
    case unsupportedDataType(file: String, descriptor: String)
    /// The `.npy` array has no dimension or more than ``SampleLayout/maximumRank``.
    case unsupportedShape(file: String, shape: [Int])
    /// The data part is shorter than the header or the element size says.
    case truncatedData(file: String, expectedBytes: Int, actualBytes: Int)
    /// The data part is longer than the header says.
    case trailingData(file: String, expectedBytes: Int, actualBytes: Int)
    /// The sample count is not a multiple of the dimension.
    case countNotDivisible(file: String, count: Int, dimension: Int)
    /// The dimension given does not match the file's number of columns.
    case dimensionMismatch(file: String, requested: Int, found: Int)
    /// `--block` needs a 1-D signal.
    case blockNeedsScalarData(file: String, dimension: Int)
    /// A dimension or block length outside `1...DataReadOptions.maximumLength`.
    case invalidParameter(name: String, value: Int)
    /// An importance rule that is not `abs>T`, `>T`, `<T`, `dev>T` or `dev>T@m` with finite `T`
    /// and `m`, or a `dev>T` that a stream cannot centre.
    case invalidImportanceRule(rule: String, reason: String)
    /// Both an importance rule and an importance column were given.
    case conflictingImportance(rule: String, column: String)
    /// A finite value that a float32 output cannot hold.
    case notRepresentableAsFloat32(file: String, sample: Int, value: Double)
    /// A 64-bit whole number that a float64 cannot hold exactly (beyond ±2^53).
    case inexactInteger(file: String, at: DataLocation, field: String)
}

extension DataInputError: CustomStringConvertible, LocalizedError {
    /// A one-line message naming the file and what is wrong, without the `error: ` prefix.
    public var description: String {
        switch self {
        case .unreadableFile(let file, let reason):
            "\(file): cannot read the file: \(reason)"
        case .unwritableFile(let file, let reason):
            "\(file): cannot write the file: \(reason)"
        case .unsupportedExtension(let file, let ext):
            "\(file): unsupported extension '\(ext)' (expected .csv, .npy, .f64 or .f32)"
        case .emptyData(let file):
            "\(file): the file holds no samples"
        case .raggedRow(let file, let line, let expected, let found):
            "\(file): row \(line) has \(found) field\(found == 1 ? "" : "s"), expected \(expected)"
        case .nonNumericField(let file, let at, let field):
            "\(file): \(at): '\(Self.clip(field))' is not a number\(Self.separatorHint(field))"
        case .controlCharacter(let file, let at, let byte):
            "\(file): \(at): control character \(Self.hex(byte)) in a CSV row\(byte == 0 ? " (a NUL byte: is the file binary or UTF-16?)" : "")"
        case .headerOnly(let file, let line, let header):
            "\(file): the file holds no samples: row \(line) ('\(Self.clip(header.joined(separator: ",")))') has no number, so it reads as a header, and no data row follows\(Self.separatorHint(header.joined()))"
        case .nonFiniteValue(let file, let at, let field):
            "\(file): \(at): value \(Self.clip(field)) is not finite (NaN and infinity are not allowed)"
        case .invalidFlag(let file, let at, let field):
            "\(file): \(at): importance flag '\(Self.clip(field))' is not 0 or 1"
        case .missingColumn(let file, let name, let available):
            "\(file): no column named '\(name)' (columns: \(available.joined(separator: ", ")))"
        case .columnNeedsHeader(let file, let name):
            "\(file): --important-column '\(name)' needs a header row, and the first row is numeric"
        case .columnNeedsCSV(let file, let name):
            "\(file): --important-column '\(name)' applies to .csv files only; use --important RULE"
        case .noDataColumns(let file):
            "\(file): no data column is left besides the importance column"
        case .notNPYFile(let file):
            "\(file): not a .npy file (the magic string \\x93NUMPY is missing)"
        case .unsupportedNPYVersion(let file, let major, let minor):
            "\(file): unsupported .npy format version \(major).\(minor) (expected 1.0, 2.0 or 3.0)"
        case .malformedNPYHeader(let file, let reason):
            "\(file): malformed .npy header: \(reason)"
        case .unsupportedDataType(let file, let descriptor):
            "\(file): unsupported .npy dtype '\(Self.clip(descriptor))' (expected float64 'f8', float32 'f4' or float16 'f2', or whole numbers 'i1', 'u1', 'i2', 'u2', 'i4', 'u4', 'i8', 'u8', each little-endian '<' or big-endian '>', such as '<f8' or '>i2'; single bytes also '|')"
        case .inexactInteger(let file, let at, let field):
            "\(file): \(at): whole number \(Self.clip(field)) is beyond ±2^53, where a float64 no longer holds every whole number"
        case .unsupportedShape(let file, let shape):
            "\(file): unsupported .npy shape (\(shape.map(String.init).joined(separator: ", "))); expected 1 to \(SampleLayout.maximumRank) dimensions"
        case .truncatedData(let file, let expected, let actual):
            "\(file): truncated data: expected \(expected) bytes, found \(actual)"
        case .trailingData(let file, let expected, let actual):
            "\(file): \(actual - expected) unexpected bytes after the \(expected) bytes of data"
        case .countNotDivisible(let file, let count, let dimension):
            "\(file): \(count) values do not divide into samples of dimension \(dimension)"
        case .dimensionMismatch(let file, let requested, let found):
            "\(file): dimension \(requested) was requested but the file has \(found) column\(found == 1 ? "" : "s")"
        case .blockNeedsScalarData(let file, let dimension):
            "\(file): --block needs a 1-D signal, but the data has dimension \(dimension)"
        case .invalidParameter(let name, let value):
            "\(name) must be between 1 and \(DataReadOptions.maximumLength) (got \(value))"
        case .invalidImportanceRule(let rule, let reason):
            "invalid importance rule '\(Self.clip(rule))': \(reason) (expected abs>T, >T, <T, dev>T or dev>T@m)"
        case .conflictingImportance(let rule, let column):
            "give either an importance rule ('\(rule)') or an importance column ('\(column)'), not both"
        case .notRepresentableAsFloat32(let file, let sample, let value):
            "\(file): value \(value) of sample \(sample) does not fit in float32"
        }
    }

    /// The same message as `description`, for `localizedDescription`.
    public var errorDescription: String? { description }

    /// A hint for text that looks separated by something other than commas, or "".
    static func separatorHint(_ text: String) -> String {
        text.contains(";") || text.contains("\t")
            ? " (fields must be separated by commas, not ';' or tabs)" : ""
    }

    /// A byte as `0x00`.
    static func hex(_ byte: UInt8) -> String {
        "0x" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
    }

    /// Shortens a field quoted in a message so that a binary file read as text stays readable.
    static func clip(_ field: String) -> String {
        field.count <= 40 ? field : String(field.prefix(37)) + "..."
    }
}
