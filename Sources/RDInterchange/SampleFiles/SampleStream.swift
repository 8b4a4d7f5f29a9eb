import EntropyCoding

/// Samples handed out a piece at a time, so that a consumer (`compress`) holds one piece and
/// never the whole file.
///
/// `.f64`, `.f32` and `.npy` data are read as they come, from a regular file, a pipe, a FIFO
/// or standard input (`-`): memory is one piece, whatever the file's size (a big-endian `.npy`
/// array too: each piece's bytes are reversed as it arrives). Two kinds of file are read whole
/// first and then handed out in pieces: CSV text (its rows, header and importance column are
/// parsed as one document), and a `.npy` array stored in Fortran order with more than one
/// extent above 1, whose first sample in C order is spread over the whole file (memory: twice
/// its values, 16 bytes a value, for the values as stored and in C order). The pieces are exactly the samples ``SampleSet/init(path:format:options:)``
/// would read, with the same checks and errors: `--dimension` groups raw values into rows,
/// `--block` groups a 1-D signal into vectors (the last one padded by repeating the last
/// value), and the importance rule marks each sample.
///
/// ```swift
/// let stream = try SampleStream(path: "-", format: .float64)
/// while let piece = try stream.next() { consume(piece) }
/// let layout = stream.layout  // the shape, now that every sample has been read
/// ```
public final class SampleStream {
    /// The data file's name, for messages.
    public let file: String
    /// The dimension of the samples handed out: the block length with `--block`, else the
    /// file's row length.
    public let dimension: Int
    /// The samples handed out so far.
    public private(set) var sampleCount = 0
    private let backing: Backing
    private let options: DataReadOptions
    /// A `.npy` file's declared shape (`nil` for raw data).
    private let declaredShape: [Int]?
    private var isFinished = false

    /// Where the samples come from.
    private enum Backing {
        /// Samples already in memory (CSV, or a caller's set).
        case memory(SampleSet)
        /// Binary values read as they come.
        case binary(BinaryValueStream)
    }

    /// The most values a piece holds unless the caller asks for fewer: 2^18 (2 MiB of
    /// doubles). Small enough that a piece is still in the cache when it is coded and that
    /// its freed memory is reused by the next, large enough that the per-piece work (a
    /// parallel loop, a background read) is a small share: `compress` of 10^7 values took
    /// 59–63 ms with it, 70 ms with pieces of 2^21.
    public static let defaultPieceValueCount = 1 << 18

    /// Samples already in memory, handed out in pieces.
    ///
    /// - Parameters:
    ///   - samples: The samples, with their layout and importance flags.
    ///   - file: The data's name, for messages (``file``).
    public init(_ samples: SampleSet, file: String = "data") {
        self.file = file
        dimension = samples.dimension
        backing = .memory(samples)
        options = DataReadOptions()
        declaredShape = nil
    }

    /// Opens the data file at `path` (`-`: standard input) in `format`.
    ///
    /// A `.npy` header is read and checked here, and so is the size of a regular file's data;
    /// the values are read by ``next(maximumValueCount:)`` (those of a `.npy` array stored in
    /// Fortran order, here, all at once).
    ///
    /// - Throws: `DataInputError` naming the file and what is wrong (for CSV, anything the
    ///   whole-file reader reports).
    public init(path: String, format: DataFormat, options: DataReadOptions = DataReadOptions())
        throws(DataInputError)
    {
        file = path
        try options.check(format: format, file: path)
        if let rule = options.importanceRule, rule.needsCentre, format != .csv {
            throw .invalidImportanceRule(
                rule: rule.description,
                reason:
                    "it takes the mean of the data, which a stream read a piece at a time does not "
                    + "know before its end: give the centre, dev>\(rule.threshold)@m")
        }
        if format == .csv {
            let samples = try SampleSet(path: path, format: format, options: options)
            dimension = samples.dimension
            backing = .memory(samples)
            self.options = DataReadOptions()
            declaredShape = nil
            return
        }
        let source = try InputFile.source(atPath: path)
        let opened = try Self.openBinary(
            source, file: path, format: format, requestedDimension: options.dimension)
        if options.blockLength != nil, opened.values.rowLength != 1 {
            throw .blockNeedsScalarData(file: path, dimension: opened.values.rowLength)
        }
        if let layout = opened.layout, layout.needsReordering {
            let samples = try Self.readInCOrder(opened.values, layout)
                .arranged(by: options, file: path)
            dimension = samples.dimension
            backing = .memory(samples)
            self.options = DataReadOptions()
            declaredShape = nil
            return
        }
        dimension = options.blockLength ?? opened.values.rowLength
        backing = .binary(opened.values)
        self.options = options
        declaredShape = opened.layout?.shape
    }

    /// Every sample of a `.npy` array stored in Fortran order, read whole and permuted into C
    /// order, with the file's layout; errors as ``NPYReader/read(_:file:)`` reports them.
    private static func readInCOrder(_ values: BinaryValueStream, _ layout: NPYReader.DataLayout)
        throws(DataInputError) -> SampleSet
    {
        let all = try NPYReader.inCOrder(layout) { () throws(DataInputError) in
            try values.readAll()
        }
        return NPYReader.samples(all, layout)
    }

    /// The values of a binary file and, for `.npy`, the layout its header declares: the
    /// header read and checked, and a regular file's data size checked against it.
    private static func openBinary(
        _ source: FileByteSource, file: String, format: DataFormat, requestedDimension: Int?
    ) throws(DataInputError) -> (values: BinaryValueStream, layout: NPYReader.DataLayout?) {
        guard format == .npy else {
            let values = BinaryValueStream(
                source: source, file: file, width: format == .float32 ? .float32 : .float64,
                rowLength: requestedDimension ?? 1, declaredValueCount: nil)
            try values.checkSizeFirst()
            return (values, nil)
        }
        let header = try NPYReader.readHeader(from: source, file: file)
        let layout = try NPYReader.dataLayout(of: header, file: file)
        let values = BinaryValueStream(
            source: source, file: file, width: layout.type.width,
            isBigEndian: layout.type.isBigEndian, rowLength: layout.dimension,
            declaredValueCount: layout.valueCount)
        try values.checkSizeFirst()
        if let requestedDimension, requestedDimension != layout.dimension {
            throw .dimensionMismatch(
                file: file, requested: requestedDimension, found: layout.dimension)
        }
        return (values, layout)
    }

    /// The next piece of samples, or `nil` after the last.
    ///
    /// - Parameter maximumValueCount: The most coordinates a piece holds (at least one
    ///   sample's).
    /// - Returns: Up to that many whole samples of ``dimension``, with importance flags when a
    ///   rule or column gave them.
    /// - Throws: `DataInputError` for a value or a size that is wrong (the errors of the
    ///   whole-file readers, found as the data arrives).
    /// - Complexity: O(maximumValueCount).
    public func next(maximumValueCount: Int = defaultPieceValueCount) throws(DataInputError)
        -> SampleSet?
    {
        guard !isFinished else { return nil }
        let samples = max(1, maximumValueCount / dimension)
        let piece: SampleSet?
        switch backing {
        case .memory(let all): piece = Self.slice(of: all, from: sampleCount, count: samples)
        case .binary(let values): piece = try nextBinary(values, sampleCount: samples)
        }
        guard let piece, piece.count > 0 else {
            isFinished = true
            return nil
        }
        sampleCount += piece.count
        return piece
    }

    /// `count` samples of `all` from sample `start` (fewer at the end), with their flags.
    private static func slice(of all: SampleSet, from start: Int, count: Int) -> SampleSet? {
        let end = min(all.count, start + count)
        guard start < end else { return nil }
        let k = all.dimension
        return SampleSet(
            dimension: k, values: Array(all.values[(start * k)..<(end * k)]),
            isImportant: all.isImportant.map { Array($0[start..<end]) })
    }

    /// The next `count` samples of a binary file: rows of the file, or blocks of the signal
    /// (the last block padded), marked by the rule.
    private func nextBinary(_ values: BinaryValueStream, sampleCount count: Int)
        throws(DataInputError) -> SampleSet?
    {
        guard !values.isAtEnd else { return nil }
        var read = try values.read(upTo: count * dimension)
        if let last = read.last, read.count % dimension != 0 {
            // Only the end of a 1-D signal in blocks leaves a partial sample.
            read += repeatElement(last, count: dimension - read.count % dimension)
        }
        var piece = SampleSet(dimension: dimension, values: read)
        if let rule = options.importanceRule { piece.isImportant = rule.flags(for: piece) }
        return piece
    }

    /// How the file held the values, complete once ``next(maximumValueCount:)`` has returned
    /// `nil`: the value type, the shape (a `.npy` file's own; `(n,)` or `(n, k)` for raw data)
    /// and a CSV header's column names.
    public var layout: SampleLayout {
        switch backing {
        case .memory(let all):
            return all.layout
        case .binary(let values):
            let valueType = values.width.valueType
            if let declaredShape { return SampleLayout(valueType: valueType, shape: declaredShape) }
            var layout = SampleLayout.plain(
                count: values.valueCount / values.rowLength, dimension: values.rowLength)
            layout.valueType = valueType
            return layout
        }
    }
}
