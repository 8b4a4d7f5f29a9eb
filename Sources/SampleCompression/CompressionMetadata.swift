import EntropyCoding
import RDInterchange

/// What `rdopt compress` stores in the metadata of a `.rdq` header: only what decoding needs
/// (the sample layout and the codebook), and the quantizer document when asked for.
///
/// Layout (docs/formats.md, "Compressed file"; varints are unsigned LEB128, shortest form):
///
/// | bytes | field |
/// | --- | --- |
/// | 1 | flags: bit 0 float32 values, bit 1 CSV column names, bit 2 provenance, bit 3 escapes, bit 4 prediction, bit 5 escapes on a grid (with bits 3 and 4), bit 6 activity contexts (with bit 4), bit 7 level scales (with bit 4) |
/// | varint | codeword dimension d (1 … 4096) |
/// | varint | rank r of the shape (1 or 2) |
/// | r varints | the shape |
/// | 8·K·d | the codebook, K codewords of d little-endian doubles (K = the frequency table's alphabet, less one with escapes); in a predicted file of format version 4 or 5, ``LatticeCodebook`` |
/// | if bit 1 | one name per value of a row: varint length (≤ 4096), UTF-8 bytes |
/// | if bit 3 | varint E (≤ N), then E·d exact values of the escaped samples (floats for float32 data, else doubles); with bit 5 instead ``ResidualEscapes`` |
/// | if bit 2 | varint inflated length u (≤ 64 MiB), varint length z, z bytes of a zlib stream |
/// | if bit 4 | the predictor (``PredictionField``); the codebook then holds residual codewords |
/// | if bit 6 | the activity contexts (``ActivityContexts``) of the predictor's symbols, their thresholds as doubles or (version 5) as ``ActivityThreshold`` codes |
/// | if bit 7 | varint L (1 … 64), L positive finite doubles (in a predicted file of format version 4 or 5, ``LatticeCodebook``'s field of L values): an interpolation predictor's ``Predictor/levelScales`` |
///
/// Nothing is trusted before ``init(parsing:file:alphabetSize:sampleCount:)`` has checked it
/// against the container: the shape against the sample count and dimension, every codeword
/// finite (and within float32's range for float32 data), nothing left over.
struct CompressionMetadata: Sendable, Equatable {
    /// How the data file held the values.
    var layout: SampleLayout
    /// The codewords' dimension d.
    var dimension: Int
    /// K·d coordinates, codeword after codeword.
    var codebook: [Double]
    /// The zlib-compressed quantizer document and its inflated size, when stored.
    var provenance: (bytes: [UInt8], inflatedByteCount: Int)?
    /// With an escape symbol (symbol K, one past the codebook): the exact coordinates of the
    /// escaped samples, in sample order, d each; `nil` without one.
    var escapedValues: [Double]? = nil
    /// With prediction and flag bit 5 (instead of ``escapedValues``): the escapes as points of
    /// a grid around their predictions, and the few stored exactly.
    var residualEscapes: ResidualEscapes? = nil
    /// With closed-loop prediction (flag bit 4): the predictor; the codebook then holds the
    /// residuals' codewords, the samples are scalars (d = 1) and the shape holds exactly N values.
    var predictor: Predictor? = nil
    /// With a predictor whose symbols are split by activity (flag bit 6): the contexts; the
    /// chunks then have one segment per level group, bin and neighbour split.
    var activityContexts: ActivityContexts? = nil
    /// Whether the codebook is stored on a lattice (``LatticeCodebook``): predicted files of
    /// format versions 4 and 5.
    var latticeCodebook = false
    /// Whether the activity thresholds are stored in their short form (``ActivityThreshold``):
    /// format version 5.
    var shortThresholds = false

    init(
        layout: SampleLayout, dimension: Int, codebook: [Double],
        provenance: (bytes: [UInt8], inflatedByteCount: Int)?
    ) {
        self.layout = layout
        self.dimension = dimension
        self.codebook = codebook
        self.provenance = provenance
    }

    static func == (a: Self, b: Self) -> Bool {
        a.layout == b.layout && a.dimension == b.dimension
            && a.codebook.map(\.bitPattern) == b.codebook.map(\.bitPattern)
            && a.provenance?.bytes == b.provenance?.bytes
            && a.provenance?.inflatedByteCount == b.provenance?.inflatedByteCount
            && a.escapedValues?.map(\.bitPattern) == b.escapedValues?.map(\.bitPattern)
            && a.residualEscapes == b.residualEscapes
            && a.predictor == b.predictor && a.activityContexts == b.activityContexts
            && a.latticeCodebook == b.latticeCodebook && a.shortThresholds == b.shortThresholds
    }

    /// The most level scales stored (``Predictor/levelScales``).
    static let maximumLevelScales = 64

    /// The longest CSV column name stored, in bytes.
    static let maximumNameByteCount = 4096
    /// The largest inflated provenance, 64 MiB.
    static let maximumProvenanceByteCount = 1 << 26

    /// The number of symbols the frequency table must have: the codewords, and the escape.
    var alphabetSize: Int { codebook.count / dimension + (hasEscapes ? 1 : 0) }

    /// Whether symbol K is the escape.
    var hasEscapes: Bool { escapedValues != nil || residualEscapes != nil }

    /// The bytes the escaped samples take (exact values 4 per coordinate for float32 data,
    /// else 8; escapes on a grid their codes too).
    var escapedValueByteCount: Int {
        let float32 = layout.valueType == .float32
        if let residualEscapes { return residualEscapes.byteCount(float32: float32) }
        return (escapedValues?.count ?? 0) * (float32 ? 4 : 8)
    }

    /// The number of escaped samples.
    var escapedCount: Int { residualEscapes?.count ?? (escapedValues?.count ?? 0) / dimension }

    /// Whether the samples were made by blocking a 1-D signal (rows of the file and codewords
    /// then differ in length; the padding of the last block is dropped on decompression).
    var isBlockedSignal: Bool { predictor == nil && layout.rowLength != dimension }

    /// The blob's bytes.
    func bytes() -> [UInt8] {
        var flags: MetadataFlags = []
        if layout.valueType == .float32 { flags.insert(.float32) }
        if layout.columnNames != nil { flags.insert(.columnNames) }
        if provenance != nil { flags.insert(.provenance) }
        if hasEscapes { flags.insert(.escapes) }
        if predictor != nil { flags.insert(.prediction) }
        if residualEscapes != nil { flags.insert(.escapesOnGrid) }
        if activityContexts != nil { flags.insert(.activityContexts) }
        if !(predictor?.levelScales.isEmpty ?? true) { flags.insert(.levelScales) }
        var bytes: [UInt8] = [flags.rawValue]
        bytes.appendVarint(dimension)
        bytes.appendVarint(layout.shape.count)
        for extent in layout.shape { bytes.appendVarint(extent) }
        if latticeCodebook {
            LatticeCodebook.append(codebook, to: &bytes)
        } else {
            bytes.appendDoubles(codebook)
        }
        for name in layout.columnNames ?? [] {
            bytes.appendVarint(name.utf8.count)
            bytes += Array(name.utf8)
        }
        if let residualEscapes {
            bytes.appendVarint(escapedCount)
            residualEscapes.append(to: &bytes, float32: layout.valueType == .float32)
        } else if let escapedValues {
            bytes.appendVarint(escapedCount)
            if layout.valueType == .float32 {
                bytes.appendFloats(escapedValues)
            } else {
                bytes.appendDoubles(escapedValues)
            }
        }
        if let provenance {
            bytes.appendVarint(provenance.inflatedByteCount)
            bytes.appendVarint(provenance.bytes.count)
            bytes += provenance.bytes
        }
        if let predictor { PredictionField.append(predictor, to: &bytes) }
        activityContexts?.append(to: &bytes, shortThresholds: shortThresholds)
        if let scales = predictor?.levelScales, !scales.isEmpty {
            bytes.appendVarint(scales.count)
            if latticeCodebook {
                LatticeCodebook.append(scales, to: &bytes)
            } else {
                bytes.appendDoubles(scales)
            }
        }
        return bytes
    }

    /// Parses and validates a blob read from a file whose header CRC already matched.
    ///
    /// - Parameters:
    ///   - bytes: The metadata blob.
    ///   - file: The compressed file's name, for messages.
    ///   - alphabetSize: The frequency table's alphabet: the number of codewords.
    ///   - sampleCount: The container's sample count, which the shape must agree with.
    ///   - version: The container's format version (from 4 a predicted file's codebook is on a
    ///     lattice, from 5 its activity thresholds are in their short form).
    /// - Throws: ``CompressionError/invalidMetadata(file:reason:)``.
    /// - Complexity: O(a) for a blob of a bytes.
    init(
        parsing bytes: [UInt8], file: String, alphabetSize: Int, sampleCount: UInt64,
        version: UInt16
    ) throws(CompressionError) {
        do throws(MetadataParser.Failure) {
            var parser = MetadataParser(bytes)
            self = try Self.fields(
                from: &parser, alphabetSize: alphabetSize,
                sampleCount: Int(clamping: sampleCount), version: version)
            guard parser.remaining == 0 else {
                throw MetadataParser.Failure(
                    reason: "\(parser.remaining) bytes follow the last field")
            }
            try check(sampleCount: sampleCount)
        } catch {
            throw .invalidMetadata(file: file, reason: error.reason)
        }
    }

    /// Reads every field in order, each checked on its own.
    private static func fields(
        from parser: inout MetadataParser, alphabetSize: Int, sampleCount: Int, version: UInt16
    ) throws(MetadataParser.Failure) -> CompressionMetadata {
        let compact = version >= CompressedFileFormat.compactVersion
        let flags = MetadataFlags(rawValue: try parser.byte("flags"))
        guard !flags.contains(.escapesOnGrid) || flags.isSuperset(of: [.escapes, .prediction])
        else {
            throw MetadataParser.Failure(
                reason: "escapes on a grid (flag bit 5) without escapes and prediction")
        }
        let codewordCount = alphabetSize - (flags.contains(.escapes) ? 1 : 0)
        guard codewordCount >= 1 else {
            throw MetadataParser.Failure(reason: "no codeword besides the escape symbol")
        }
        var metadata = try core(
            from: &parser, flags: flags, codewordCount: codewordCount,
            lattice: compact && flags.contains(.prediction))
        try readEscapes(from: &parser, flags: flags, sampleCount: sampleCount, into: &metadata)
        if flags.contains(.provenance) {
            let inflated = try parser.varint(
                "provenance length", maximum: maximumProvenanceByteCount)
            let length = try parser.varint("compressed provenance length", maximum: Int.max)
            metadata.provenance = (try parser.bytes(length, "provenance"), inflated)
        }
        metadata.shortThresholds = version >= CompressedFileFormat.joinedVersion
        try readPrediction(from: &parser, flags: flags, into: &metadata)
        return metadata
    }

    /// The fields every file has: the dimension, the shape, the codebook and the column names.
    private static func core(
        from parser: inout MetadataParser, flags: MetadataFlags, codewordCount: Int, lattice: Bool
    ) throws(MetadataParser.Failure) -> CompressionMetadata {
        let dimension = try parser.varint("dimension", maximum: DataReadOptions.maximumLength)
        guard dimension >= 1 else { throw MetadataParser.Failure(reason: "the dimension is 0") }
        let rank = try parser.varint("rank", maximum: SampleLayout.maximumRank)
        guard rank >= 1 else { throw MetadataParser.Failure(reason: "the shape has rank 0") }
        var shape: [Int] = []
        for _ in 0..<rank { shape.append(try parser.varint("shape", maximum: Int.max)) }
        let (values, overflow) = codewordCount.multipliedReportingOverflow(by: dimension)
        guard !overflow else { throw MetadataParser.Failure(reason: "the codebook is too large") }
        let codebook =
            lattice
            ? try LatticeCodebook.read(count: values, from: &parser)
            : try parser.doubles(values, "codebook")
        var layout = SampleLayout(
            valueType: flags.contains(.float32) ? .float32 : .float64, shape: shape)
        if flags.contains(.columnNames) {
            layout.columnNames = try names(from: &parser, count: layout.rowLength)
        }
        var metadata = CompressionMetadata(
            layout: layout, dimension: dimension, codebook: codebook, provenance: nil)
        metadata.latticeCodebook = lattice
        return metadata
    }

    /// The escaped values: exact, or as multiples of a grid step.
    private static func readEscapes(
        from parser: inout MetadataParser, flags: MetadataFlags, sampleCount: Int,
        into metadata: inout CompressionMetadata
    ) throws(MetadataParser.Failure) {
        let float32 = metadata.layout.valueType == .float32
        if flags.contains(.escapesOnGrid) {
            let count = try parser.varint("escape count", maximum: sampleCount)
            metadata.residualEscapes = try ResidualEscapes.read(
                count: count, from: &parser, float32: float32)
        } else if flags.contains(.escapes) {
            let dimension = metadata.dimension
            let count = try parser.varint("escape count", maximum: Int.max / dimension)
            metadata.escapedValues =
                float32
                ? try parser.floats(count * dimension, "escaped values")
                : try parser.doubles(count * dimension, "escaped values")
        }
    }

    /// The predictor, and an interpolation predictor's activity contexts and level scales.
    private static func readPrediction(
        from parser: inout MetadataParser, flags: MetadataFlags,
        into metadata: inout CompressionMetadata
    ) throws(MetadataParser.Failure) {
        if flags.contains(.prediction) {
            guard metadata.dimension == 1 else {
                throw MetadataParser.Failure(
                    reason: "a predicted file has dimension \(metadata.dimension), not 1")
            }
            metadata.predictor = try PredictionField.read(from: &parser)
        }
        let interpolates = metadata.predictor?.kind.interpolates ?? false
        if flags.contains(.activityContexts) {
            guard metadata.predictor.map(ActivityContexts.apply(to:)) ?? false else {
                throw MetadataParser.Failure(
                    reason: "activity contexts (flag bit 6) without a predictor")
            }
            metadata.activityContexts = try ActivityContexts.read(
                from: &parser, shortThresholds: metadata.shortThresholds)
        }
        if flags.contains(.levelScales) {
            guard interpolates else {
                throw MetadataParser.Failure(
                    reason: "level scales (flag bit 7) without an interpolation predictor")
            }
            let count = try parser.varint("level scale count", maximum: maximumLevelScales)
            let scales =
                metadata.latticeCodebook
                ? try LatticeCodebook.read(count: count, from: &parser)
                : try parser.doubles(count, "level scales")
            guard count >= 1, scales.allSatisfy({ $0.isFinite && $0 > 0 }) else {
                throw MetadataParser.Failure(reason: "the level scales \(scales) are not positive")
            }
            metadata.predictor?.levelScales = scales
        }
    }

    /// `count` CSV column names, each valid UTF-8 without a comma or control character.
    private static func names(from parser: inout MetadataParser, count: Int)
        throws(MetadataParser.Failure) -> [String]
    {
        // Every name takes at least one byte, so a forged count runs out of bytes first.
        guard count <= parser.remaining else {
            throw MetadataParser.Failure(reason: "it ends in the column names")
        }
        var names: [String] = []
        for _ in 0..<count {
            let length = try parser.varint("column name length", maximum: maximumNameByteCount)
            let bytes = try parser.bytes(length, "column name")
            guard let name = String(validating: bytes, as: UTF8.self),
                !bytes.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0x2C })
            else {
                throw MetadataParser.Failure(
                    reason: "column name \(names.count + 1) is not a plain UTF-8 CSV field")
            }
            names.append(name)
        }
        return names
    }

    /// Checks the fields against each other and against the container's sample count.
    private func check(sampleCount: UInt64) throws(MetadataParser.Failure) {
        for (index, value) in codebook.enumerated() {
            guard value.isFinite else {
                throw MetadataParser.Failure(reason: "codebook value \(index) is \(value)")
            }
            guard layout.valueType == .float64 || Float(value).isFinite else {
                throw MetadataParser.Failure(
                    reason: "codebook value \(index) (\(value)) is beyond float32's range")
            }
        }
        for (index, value) in (escapedValues ?? []).enumerated() where !value.isFinite {
            throw MetadataParser.Failure(reason: "escaped value \(index) is \(value)")
        }
        guard let valueCount = layout.valueCount, let n = Int(exactly: sampleCount) else {
            throw MetadataParser.Failure(reason: "the shape \(layout.shape) is too large")
        }
        guard escapedCount <= n else {
            throw MetadataParser.Failure(reason: "\(escapedCount) escaped samples of \(n)")
        }
        let (coded, overflow) = n.multipliedReportingOverflow(by: dimension)
        guard !overflow else {
            throw MetadataParser.Failure(
                reason: "\(n) samples of dimension \(dimension) is too many")
        }
        if isBlockedSignal {
            // A signal in blocks: one value per row, the last block padded.
            guard layout.rowLength == 1, valueCount <= coded, valueCount > coded - dimension else {
                throw MetadataParser.Failure(
                    reason: "the shape \(layout.shape) does not fit \(n) blocks of \(dimension)")
            }
        } else {
            guard valueCount == coded else {
                throw MetadataParser.Failure(
                    reason:
                        "the shape \(layout.shape) does not hold \(n) samples of dimension \(dimension)"
                )
            }
        }
    }
}
