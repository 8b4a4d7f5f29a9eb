/// The header of a `.rdq` file: the caller's metadata, the frequency table (or, in format
/// version 3, the tables of a chunk's segments), the sample count and the chunk size (layout
/// in ``CompressedFileFormat``).
///
/// A value is valid by construction: ``init(metadata:table:sampleCount:chunkSize:)`` checks
/// the sizes when writing, and ``read(from:)`` checks every field and the CRC when reading.
public struct CompressedFileHeader: Sendable, Hashable {
    /// The caller's opaque metadata (rdopt stores the sample layout and the codebook).
    public let metadata: [UInt8]
    /// The model the samples are coded with (the first segment's, when there are several).
    public var table: FrequencyTable { tables[0] }
    /// The models of a chunk's segments, in order: one (format version 2), or 2 …
    /// ``CompressedFileFormat/maximumTableCount`` of the same alphabet size (version 3).
    public let tables: [FrequencyTable]
    /// The total number of samples in the file.
    public let sampleCount: UInt64
    /// The number of samples in every chunk but the last.
    public let chunkSize: Int
    /// The header bytes, CRC included, as stored at the start of the file.
    public let bytes: [UInt8]

    /// Creates the header for a new file.
    ///
    /// - Parameters:
    ///   - metadata: Opaque bytes stored verbatim (at most
    ///     ``CompressedFileFormat/maximumMetadataByteCount``).
    ///   - table: The model the samples will be coded with.
    ///   - sampleCount: The number of samples that will be written.
    ///   - chunkSize: Samples per chunk, in ``CompressedFileFormat/chunkSizeRange``.
    /// - Throws: ``EntropyCodingError/metadataTooLarge(byteCount:maximum:)`` or
    ///   ``EntropyCodingError/invalidChunkSize(_:allowed:)``.
    /// - Complexity: O(a + n) for a metadata bytes and an alphabet of n symbols.
    public init(
        metadata: [UInt8], table: FrequencyTable, sampleCount: UInt64,
        chunkSize: Int = CompressedFileFormat.defaultChunkSize
    ) throws(EntropyCodingError) {
        try self.init(
            metadata: metadata, tables: [table], sampleCount: sampleCount, chunkSize: chunkSize)
    }

    /// Creates the header for a new file whose chunks are coded in segments, segment k with
    /// `tables[k]` (format version 3; one table gives a version 2 header).
    ///
    /// - Parameters:
    ///   - metadata: Opaque bytes stored verbatim (at most
    ///     ``CompressedFileFormat/maximumMetadataByteCount``).
    ///   - tables: 1 … ``CompressedFileFormat/maximumTableCount`` tables of one alphabet size,
    ///     the models of a chunk's segments in order.
    ///   - sampleCount: The number of samples that will be written.
    ///   - chunkSize: Samples per chunk, in ``CompressedFileFormat/chunkSizeRange``.
    ///   - compact: Whether the file is version 5, its short streams coded with one state,
    ///     a chunk's short segments in one stream (``CompressedFileFormat/joinedVersion``).
    /// - Throws: As ``init(metadata:table:sampleCount:chunkSize:)``, and
    ///   ``EntropyCodingError/invalidField(_:value:expected:)`` for a bad table count or
    ///   tables of different alphabet sizes.
    public init(
        metadata: [UInt8], tables: [FrequencyTable], sampleCount: UInt64,
        chunkSize: Int = CompressedFileFormat.defaultChunkSize, compact: Bool = false
    ) throws(EntropyCodingError) {
        try self.init(
            metadata: metadata, tables: tables, sampleCount: sampleCount, chunkSize: chunkSize,
            version: compact
                ? CompressedFileFormat.joinedVersion
                : tables.count > 1
                    ? CompressedFileFormat.segmentedVersion : CompressedFileFormat.version)
    }

    /// The header of a file of format `version` (3 … 5 with several tables, tests write the
    /// older compact version 4 with it).
    init(
        metadata: [UInt8], tables: [FrequencyTable], sampleCount: UInt64, chunkSize: Int,
        version: UInt16
    ) throws(EntropyCodingError) {
        try Self.checkTables(tables)
        guard metadata.count <= CompressedFileFormat.maximumMetadataByteCount else {
            throw .metadataTooLarge(
                byteCount: metadata.count, maximum: CompressedFileFormat.maximumMetadataByteCount)
        }
        guard CompressedFileFormat.chunkSizeRange.contains(chunkSize) else {
            throw .invalidChunkSize(chunkSize, allowed: CompressedFileFormat.chunkSizeRange)
        }
        var bytes = CompressedFileFormat.magic
        bytes.appendLittleEndian(version)
        bytes.appendVarint(UInt64(metadata.count))
        bytes.append(contentsOf: metadata)
        bytes += Self.tablesField(tables, version: version)
        bytes.appendVarint(sampleCount)
        bytes.appendVarint(UInt64(chunkSize))
        bytes.appendLittleEndian(CRC32C.checksum(of: bytes))
        self.init(
            metadata: metadata, tables: tables, sampleCount: sampleCount, chunkSize: chunkSize,
            bytes: bytes)
    }

    /// The tables' field: the first table (its length and bytes), the count of the others (from
    /// version 3), then theirs; in version 5 the deflated form
    /// (``CompressedFileFormat/deflatedTablesMarker``) when it is shorter.
    static func tablesField(_ tables: [FrequencyTable], version: UInt16) -> [UInt8] {
        let entries = tables.map { table in
            let tableBytes = table.serialized()
            var entry: [UInt8] = []
            entry.appendVarint(UInt64(tableBytes.count))
            return entry + tableBytes
        }
        var plain = entries[0]
        if version != CompressedFileFormat.version { plain.appendVarint(UInt64(tables.count - 1)) }
        for entry in entries.dropFirst() { plain += entry }
        let list = entries.flatMap { $0 }
        guard version >= CompressedFileFormat.joinedVersion, let deflated = Deflate.compress(list)
        else { return plain }
        var field = [CompressedFileFormat.deflatedTablesMarker]
        field.appendVarint(UInt64(tables.count - 1))
        field.appendVarint(UInt64(list.count))
        field.appendVarint(UInt64(deflated.count))
        field += deflated
        return field.count < plain.count ? field : plain
    }

    /// Throws unless there are 1 … ``CompressedFileFormat/maximumTableCount`` tables of one
    /// alphabet size.
    static func checkTables(_ tables: [FrequencyTable]) throws(EntropyCodingError) {
        let limit = CompressedFileFormat.maximumTableCount
        guard (1...limit).contains(tables.count) else {
            throw .invalidField(.tableCount, value: UInt64(tables.count), expected: "1...\(limit)")
        }
        let size = tables[0].alphabetSize
        if let other = tables.first(where: { $0.alphabetSize != size }) {
            throw .invalidField(
                .alphabetSize, value: UInt64(other.alphabetSize),
                expected: "\(size), the first table's")
        }
    }

    /// Assembles a header whose fields were already checked.
    init(
        metadata: [UInt8], tables: [FrequencyTable], sampleCount: UInt64, chunkSize: Int,
        bytes: [UInt8]
    ) {
        self.metadata = metadata
        self.tables = tables
        self.sampleCount = sampleCount
        self.chunkSize = chunkSize
        self.bytes = bytes
    }

    /// The format version (2 … 5; ``CompressedFileFormat``).
    public var version: UInt16 {
        UInt16(bytes[CompressedFileFormat.magic.count])
            | UInt16(bytes[CompressedFileFormat.magic.count + 1]) << 8
    }

    /// Whether short streams are coded with one state (versions 4 and 5).
    public var isCompact: Bool { version >= CompressedFileFormat.compactVersion }

    /// Whether a chunk's short segments share one stream (version 5).
    public var joinsShortSegments: Bool { version >= CompressedFileFormat.joinedVersion }

    /// How the chunks are coded: one decoder or encoder per table.
    func chunkModel(encoding: Bool) -> ChunkModel {
        ChunkModel(
            codecs: tables.map { encoding ? RANSCodec(table: $0) : RANSCodec(decodingWith: $0) },
            singleStateLimit: singleStateLimit, joinsShortSegments: joinsShortSegments)
    }

    /// Streams of fewer symbols than this are coded with one state (versions 4 and 5); 0
    /// otherwise.
    public var singleStateLimit: Int {
        isCompact ? CompressedFileFormat.singleStateLimit(sampleCount: sampleCount) : 0
    }

    /// The header's CRC-32C (its last four bytes), which every chunk's CRC includes.
    ///
    /// - Complexity: O(1).
    public var checksum: UInt32 {
        let tail = bytes.suffix(4)
        return tail.reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// The number of chunks, `⌈sampleCount / chunkSize⌉`.
    ///
    /// - Complexity: O(1).
    public var chunkCount: UInt64 {
        let size = UInt64(chunkSize)
        return sampleCount / size + (sampleCount % size == 0 ? 0 : 1)
    }

    /// The number of samples in chunk `index`: ``chunkSize`` for all but the last.
    ///
    /// - Parameter index: A chunk index below ``chunkCount``.
    /// - Returns: The chunk's sample count.
    /// - Complexity: O(1).
    public func sampleCount(ofChunk index: UInt64) -> Int {
        precondition(index < chunkCount, "chunk index out of range")
        let size = UInt64(chunkSize)
        let before = index * size
        return Int(min(size, sampleCount - before))
    }

    /// The header's bytes plus every chunk's framing and coder states, for chunks whose
    /// segments hold `segments(k, n)` samples (chunk `k` of `n` samples; one count per table,
    /// ignored with one table): in version 4 a stream's states take 8 or 64 bytes by its length.
    ///
    /// - Complexity: O(c·g) for c chunks of g segments.
    public func overheadByteCount(segments: (_ chunk: Int, _ count: Int) -> [Int]) -> Int {
        var total = bytes.count
        let model = ChunkModel(
            codecs: [], singleStateLimit: singleStateLimit, joinsShortSegments: joinsShortSegments)
        for k in 0..<chunkCount {
            let count = sampleCount(ofChunk: k)
            let streams = tables.count > 1 ? segments(Int(k), count) : [count]
            total +=
                CompressedFileFormat.chunkFramingByteCount
                + model.overheadByteCount(segments: streams)
        }
        return total
    }

    /// The bytes a file with this header and the given payload sizes would take: the fixed
    /// overhead (header, chunk framing, coder states) is what the size bound of the issue
    /// calls "header bytes".
    ///
    /// - Returns: ``bytes``.count plus the smallest chunk's size per chunk (`Int.max` if that
    ///   overflows).
    /// - Complexity: O(1).
    public var fixedOverheadByteCount: Int {
        let perChunk = UInt64(
            CompressedFileFormat.chunkFramingByteCount
                + ChunkModel.minimumPayloadByteCount(
                    tableCount: tables.count, compact: isCompact, joined: joinsShortSegments))
        let (chunks, overflow) = chunkCount.multipliedReportingOverflow(by: perChunk)
        guard !overflow, chunks <= UInt64(Int.max - bytes.count) else { return .max }
        return bytes.count + Int(chunks)
    }
}
