/// Samples read from a data file: `count` vectors of `dimension` coordinates each.
///
/// Storage is flat and row-major: coordinate `c` of sample `i` is `values[i * dimension + c]`.
/// When the samples were made by grouping a 1-D signal into blocks (`--block k`), the last
/// block may be padded by repeating the signal's last value; `originalLength` then records the
/// signal's true length so that ``unblocked()`` can drop the padding again.
public struct SampleSet: Sendable, Equatable {
    /// The number of coordinates of every sample (1 for scalar data).
    public let dimension: Int
    /// All coordinates, row-major, `count * dimension` of them.
    public let values: [Double]
    /// One flag per sample, `true` for an important sample; `nil` when no importance was given.
    public var isImportant: [Bool]?
    /// The length of the 1-D signal before it was grouped into blocks; `nil` if it was not.
    public let originalLength: Int?
    /// How the data file held the values (value type, shape, CSV column names), set by the
    /// readers; `nil` for samples made in memory, which ``layout`` then describes as float64.
    public var fileLayout: SampleLayout?

    /// The layout the samples came in: ``fileLayout`` when a reader set it, else float64 of
    /// shape `[originalLength]` for a blocked signal, `[n]` for scalars and `[n, k]` for
    /// k-vectors.
    public var layout: SampleLayout {
        if let fileLayout { return fileLayout }
        if let originalLength { return .plain(count: originalLength, dimension: 1) }
        return .plain(count: count, dimension: dimension)
    }

    /// The number of samples.
    public var count: Int { values.count / dimension }

    /// Creates a sample set.
    ///
    /// - Parameters:
    ///   - dimension: Coordinates per sample, at least 1.
    ///   - values: `count * dimension` coordinates, row-major.
    ///   - isImportant: One flag per sample, or `nil`.
    ///   - originalLength: For blocked data, the scalar signal's length, which must lie in
    ///     `(count - 1) * dimension + 1 ... count * dimension`.
    /// - Precondition: The shapes agree (a caller's programming error otherwise).
    public init(
        dimension: Int, values: [Double], isImportant: [Bool]? = nil, originalLength: Int? = nil
    ) {
        precondition(dimension >= 1, "dimension must be at least 1")
        precondition(values.count % dimension == 0, "values.count must be a multiple of dimension")
        let count = values.count / dimension
        if let isImportant {
            precondition(isImportant.count == count, "one importance flag per sample")
        }
        if let originalLength {
            precondition(
                originalLength > (count - 1) * dimension && originalLength <= count * dimension,
                "originalLength must fall in the last block")
        }
        self.dimension = dimension
        self.values = values
        self.isImportant = isImportant
        self.originalLength = originalLength
    }

    /// The coordinates of sample `index`.
    ///
    /// - Complexity: O(1).
    public subscript(sample index: Int) -> ArraySlice<Double> {
        values[(index * dimension)..<((index + 1) * dimension)]
    }

    /// The number of important samples (0 when no importance was given).
    public var importantCount: Int {
        isImportant?.reduce(0) { $0 + ($1 ? 1 : 0) } ?? 0
    }

    /// Groups a 1-D signal into vectors of `blockLength` consecutive samples.
    ///
    /// A trailing partial block is padded by repeating the last sample; the signal's length is
    /// kept in `originalLength`. A block is important when any of its real samples is.
    ///
    /// - Parameters:
    ///   - blockLength: The vector length k, at least 1.
    ///   - file: The data's name, for the errors.
    /// - Returns: `ceil(count / k)` samples of dimension k.
    /// - Throws: `DataInputError.invalidParameter` for k outside
    ///   1...``DataReadOptions/maximumLength``, `.blockNeedsScalarData` when
    ///   the samples are not scalars, `.emptyData` when there are none (`file` names the
    ///   source in those two messages).
    /// - Complexity: O(n) for n samples.
    public func blocked(into blockLength: Int, file: String = "data") throws(DataInputError)
        -> SampleSet
    {
        guard (1...DataReadOptions.maximumLength).contains(blockLength) else {
            throw .invalidParameter(name: "--block", value: blockLength)
        }
        guard dimension == 1 else { throw .blockNeedsScalarData(file: file, dimension: dimension) }
        let n = values.count
        guard n > 0 else { throw .emptyData(file: file) }
        let blocks = (n + blockLength - 1) / blockLength
        var padded = values
        if let last = values.last {
            padded.append(contentsOf: repeatElement(last, count: blocks * blockLength - n))
        }
        var flags: [Bool]? = nil
        if let isImportant {
            var blockFlags = [Bool](repeating: false, count: blocks)
            for (i, flag) in isImportant.enumerated() where flag {
                blockFlags[i / blockLength] = true
            }
            flags = blockFlags
        }
        var grouped = SampleSet(
            dimension: blockLength, values: padded, isImportant: flags, originalLength: n)
        grouped.fileLayout = fileLayout
        return grouped
    }

    /// The 1-D signal these blocks came from, without the padding of the last block.
    ///
    /// Samples that were not blocked are returned unchanged. Importance flags of blocks are
    /// not carried over (they describe blocks, not scalar samples).
    ///
    /// - Complexity: O(n).
    public func unblocked() -> SampleSet {
        guard let originalLength else { return self }
        var signal = SampleSet(dimension: 1, values: Array(values.prefix(originalLength)))
        signal.fileLayout = fileLayout
        return signal
    }
}
