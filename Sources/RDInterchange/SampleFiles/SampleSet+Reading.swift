import Foundation

extension SampleSet {
    /// Reads samples from a `.csv`, `.npy`, `.f64` or `.f32` file, chosen by its extension.
    ///
    /// Steps: read the values (and, for CSV, the importance column), check every value is
    /// finite, group into blocks when `options.blockLength` is set, then apply
    /// `options.importanceRule`.
    ///
    /// - Parameters:
    ///   - url: The data file.
    ///   - options: Dimension, blocking and importance options.
    /// - Returns: The samples, with `isImportant` set when a column or a rule was given.
    /// - Throws: `DataInputError` naming the file and the row, column or field at fault.
    /// - Complexity: O(n k) time and memory for n samples of dimension k (the values of a
    ///   binary file are read into place, without a copy of the file's bytes).
    public init(contentsOf url: URL, options: DataReadOptions = DataReadOptions())
        throws(DataInputError)
    {
        try self.init(path: url.path, format: DataFormat(of: url), options: options)
    }

    /// Reads samples from the file at `path` (`-`: standard input) in the given format; see
    /// ``init(contentsOf:options:)``.
    ///
    /// - Throws: `DataInputError` naming the file and the row, column or field at fault.
    /// - Complexity: O(n k).
    public init(path: String, format: DataFormat, options: DataReadOptions = DataReadOptions())
        throws(DataInputError)
    {
        let file = path
        try options.check(format: format, file: file)
        let width: RawFloatReader.Width = format == .float32 ? .float32 : .float64
        var samples: SampleSet
        // Binary formats in regular files are read straight into their values; CSV text, and
        // anything that is not a regular file, is read whole first.
        if format != .csv, path != InputFile.standardInputName,
            let data = try BinaryDataFile(path: file)
        {
            samples =
                try format == .npy
                ? NPYReader.read(data)
                : RawFloatReader.read(data, width: width, dimension: options.dimension ?? 1)
        } else {
            let bytes = try InputFile.bytes(atPath: path)
            switch format {
            case .csv:
                samples = try CSVReader.read(
                    bytes, file: file, importantColumn: options.importantColumn)
            case .npy:
                samples = try NPYReader.read(bytes, file: file)
            case .float64, .float32:
                samples = try RawFloatReader.read(
                    bytes, file: file, width: width, dimension: options.dimension ?? 1)
            }
        }
        if format == .float64 || format == .float32 {
            var layout = SampleLayout.plain(count: samples.count, dimension: samples.dimension)
            layout.valueType = width == .float32 ? .float32 : .float64
            samples.fileLayout = layout
        }
        if let dimension = options.dimension, format == .csv || format == .npy,
            dimension != samples.dimension
        {
            throw .dimensionMismatch(file: file, requested: dimension, found: samples.dimension)
        }
        self = try samples.arranged(by: options, file: file)
    }

    /// These samples as every reader leaves them: grouped into blocks (`options.blockLength`),
    /// then marked by the importance rule.
    ///
    /// - Throws: What ``blocked(into:file:)`` throws.
    /// - Complexity: O(n k).
    func arranged(by options: DataReadOptions, file: String) throws(DataInputError) -> SampleSet {
        var samples = self
        if let block = options.blockLength {
            samples = try samples.blocked(into: block, file: file)
        }
        if let rule = options.importanceRule {
            samples.isImportant = rule.flags(for: samples)
        }
        return samples
    }

    /// A short reason for a Foundation file error.
    package static func reason(_ error: any Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError,
            underlying.domain == NSPOSIXErrorDomain,
            let code = POSIXErrorCode(rawValue: Int32(underlying.code))
        {
            return String(cString: strerror(code.rawValue))
        }
        if ns.domain == NSCocoaErrorDomain {
            switch ns.code {
            case NSFileReadNoSuchFileError: return "no such file"
            case NSFileReadNoPermissionError: return "permission denied"
            case NSFileWriteNoPermissionError: return "permission denied"
            case NSFileWriteOutOfSpaceError: return "no space left on device"
            default: break
            }
        }
        return ns.localizedDescription
    }
}

extension DataReadOptions {
    /// Checks the options against each other and the format: `--dimension` and `--block` in
    /// range, not both a rule and a column, a column only for CSV.
    ///
    /// - Throws: `.invalidParameter`, `.conflictingImportance` or `.columnNeedsCSV`.
    func check(format: DataFormat, file: String) throws(DataInputError) {
        if let dimension, !(1...Self.maximumLength).contains(dimension) {
            throw .invalidParameter(name: "--dimension", value: dimension)
        }
        if let blockLength, !(1...Self.maximumLength).contains(blockLength) {
            throw .invalidParameter(name: "--block", value: blockLength)
        }
        if let importanceRule, let importantColumn {
            throw .conflictingImportance(rule: importanceRule.description, column: importantColumn)
        }
        if let importantColumn, format != .csv {
            throw .columnNeedsCSV(file: file, name: importantColumn)
        }
    }
}
