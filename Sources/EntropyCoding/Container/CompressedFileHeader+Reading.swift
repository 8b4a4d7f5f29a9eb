extension CompressedFileHeader {
    /// Reads and checks a header from the start of a compressed file.
    ///
    /// Order of checks: the magic bytes and the version (needed to know the layout; a
    /// version-1 file is rejected here, by name), each length against its maximum and against
    /// the bytes left (before anything is allocated), then the CRC over every header byte, and
    /// only then the meaning of the fields: chunk size, the frequency table, and whether the
    /// file can hold the announced chunks. So a flipped bit anywhere after the version is reported as a
    /// checksum mismatch, unless it makes a length impossible.
    ///
    /// - Parameter source: The input, positioned at the start of the file; on return it is
    ///   positioned at the first chunk.
    /// - Returns: The validated header.
    /// - Throws: ``EntropyCodingError/notACompressedFile``,
    ///   ``EntropyCodingError/unsupportedVersion(found:supported:)``,
    ///   ``EntropyCodingError/truncated(field:needed:available:)``,
    ///   ``EntropyCodingError/invalidField(_:value:expected:)``,
    ///   ``EntropyCodingError/headerChecksumMismatch(stored:computed:)``, a frequency table
    ///   error, or what the source throws.
    /// - Complexity: O(h) for a header of h bytes.
    public static func read(from source: inout some ByteSource) throws(EntropyCodingError)
        -> CompressedFileHeader
    {
        var reader = HeaderByteReader()
        try reader.readMagic(from: &source)
        var parser = try reader.take(2, .version, from: &source)
        let version = try parser.read(UInt16.self, field: .version)
        guard
            (CompressedFileFormat.version...CompressedFileFormat.joinedVersion).contains(version)
        else {
            throw .unsupportedVersion(found: version, supported: CompressedFileFormat.version)
        }
        let metadataLength = try reader.takeVarint(
            .metadataLength, maximum: UInt64(CompressedFileFormat.maximumMetadataByteCount),
            from: &source)
        let metadata = try reader.takeBytes(Int(metadataLength), .metadata, from: &source)
        let tableBytes = try reader.takeTables(version: version, from: &source)
        let sampleCount = try reader.takeVarint(.sampleCount, maximum: .max, from: &source)
        let chunkSize = try reader.takeVarint(
            .chunkSize, maximum: UInt64(CompressedFileFormat.chunkSizeRange.upperBound),
            from: &source)
        let computed = CRC32C.checksum(of: reader.bytes)
        parser = try reader.take(4, .headerChecksum, from: &source)
        let stored = try parser.read(UInt32.self, field: .headerChecksum)
        guard stored == computed else {
            throw .headerChecksumMismatch(stored: stored, computed: computed)
        }
        // The bytes are as written; now check what they mean.
        guard CompressedFileFormat.chunkSizeRange.contains(Int(chunkSize)) else {
            let range = CompressedFileFormat.chunkSizeRange
            throw .invalidField(
                .chunkSize, value: chunkSize,
                expected: "\(range.lowerBound)...\(range.upperBound)")
        }
        var tables: [FrequencyTable] = []
        for bytes in tableBytes { tables.append(try FrequencyTable(serialized: bytes)) }
        try checkTables(tables)
        let header = CompressedFileHeader(
            metadata: metadata, tables: tables, sampleCount: sampleCount,
            chunkSize: Int(chunkSize), bytes: reader.bytes)
        try header.checkRoomForChunks(in: source)
        return header
    }

    /// Throws ``EntropyCodingError/truncated(field:needed:available:)`` when the source knows
    /// it holds fewer bytes than the announced chunks need at the least.
    private func checkRoomForChunks(in source: some ByteSource) throws(EntropyCodingError) {
        guard let left = source.remainingByteCount else { return }
        let needed = fixedOverheadByteCount - bytes.count
        guard needed <= left else {
            throw .truncated(field: .chunkSampleCount, needed: needed, available: left)
        }
    }
}

/// Reads the header's fields from a source one by one, keeping every byte read for the CRC.
///
/// Each length is checked against the bytes the source has left before anything is read or
/// allocated, so a forged length can neither make the reader allocate nor wait for bytes that
/// are not there.
private struct HeaderByteReader {
    /// Every header byte read so far.
    private(set) var bytes: [UInt8] = []

    /// Reads the magic bytes, telling a truncated magic from a file of another kind.
    mutating func readMagic(from source: inout some ByteSource) throws(EntropyCodingError) {
        let magic = try source.read(count: CompressedFileFormat.magic.count)
        guard magic == CompressedFileFormat.magic else {
            if !magic.isEmpty, CompressedFileFormat.magic.starts(with: magic) {
                throw .truncated(
                    field: .magic, needed: CompressedFileFormat.magic.count, available: magic.count)
            }
            throw .notACompressedFile
        }
        bytes = magic
    }

    /// Reads exactly `count` bytes and returns a parser positioned at them.
    mutating func take(_ count: Int, _ field: ContainerField, from source: inout some ByteSource)
        throws(EntropyCodingError) -> ByteParser
    {
        let start = bytes.count
        _ = try takeBytes(count, field, from: &source)
        return ByteParser(bytes, offset: start)
    }

    /// Reads exactly `count` bytes, checking the bytes left first, and returns them.
    mutating func takeBytes(
        _ count: Int, _ field: ContainerField, from source: inout some ByteSource
    ) throws(EntropyCodingError) -> [UInt8] {
        if let left = source.remainingByteCount, left < count {
            throw .truncated(field: field, needed: count, available: left)
        }
        let chunk = try source.read(count: count)
        guard chunk.count == count else {
            throw .truncated(field: field, needed: count, available: chunk.count)
        }
        bytes += chunk
        return chunk
    }

    /// Reads the tables' field of a `version` header: each table's bytes (not yet parsed).
    mutating func takeTables(version: UInt16, from source: inout some ByteSource)
        throws(EntropyCodingError) -> [[UInt8]]
    {
        let first = try takeVarint(
            .tableLength, maximum: UInt64(CompressedFileFormat.maximumTableByteCount),
            from: &source)
        if first == UInt64(CompressedFileFormat.deflatedTablesMarker),
            version >= CompressedFileFormat.joinedVersion
        {
            return try takeDeflatedTables(from: &source)
        }
        var tables = [try takeTable(length: first, from: &source)]
        guard version != CompressedFileFormat.version else { return tables }
        let extra = try takeTableCount(version: version, from: &source)
        for _ in 0..<extra {
            let length = try takeVarint(
                .tableLength, maximum: UInt64(CompressedFileFormat.maximumTableByteCount),
                from: &source)
            tables.append(try takeTable(length: length, from: &source))
        }
        return tables
    }

    /// The count of tables after the first (at least one before version 4).
    private mutating func takeTableCount(version: UInt16, from source: inout some ByteSource)
        throws(EntropyCodingError) -> Int
    {
        let limit = CompressedFileFormat.maximumTableCount
        let extra = try takeVarint(.tableCount, maximum: UInt64(limit - 1), from: &source)
        guard extra >= 1 || version >= CompressedFileFormat.compactVersion else {
            throw .invalidField(.tableCount, value: extra + 1, expected: "2...\(limit)")
        }
        return Int(extra)
    }

    /// Reads one frequency table's bytes, `length` of them (not yet parsed).
    private mutating func takeTable(length: UInt64, from source: inout some ByteSource)
        throws(EntropyCodingError) -> [UInt8]
    {
        guard length >= 2 else {
            throw .invalidField(
                .tableLength, value: length,
                expected: "2...\(CompressedFileFormat.maximumTableByteCount)")
        }
        return try takeBytes(Int(length), .frequencies, from: &source)
    }

    /// Reads the deflated form of the tables (``CompressedFileFormat/deflatedTablesMarker``)
    /// after its marker: the stored stream is read first, and its declared inflated length must
    /// be within deflate's ratio of it, so that a forged length allocates nothing large.
    private mutating func takeDeflatedTables(from source: inout some ByteSource)
        throws(EntropyCodingError) -> [[UInt8]]
    {
        let extra = try takeTableCount(version: CompressedFileFormat.joinedVersion, from: &source)
        let perTable = UInt64(CompressedFileFormat.maximumTableByteCount + 4)
        let inflated = try takeVarint(
            .tableLength, maximum: UInt64(extra + 1) * perTable, from: &source)
        let stored = try takeVarint(.tableLength, maximum: inflated, from: &source)
        guard stored >= 1, stored < inflated,
            inflated <= stored * UInt64(CompressedFileFormat.maximumInflationRatio)
        else {
            throw .invalidField(
                .tableLength, value: stored, expected: "a deflated length below \(inflated)")
        }
        let stream = try takeBytes(Int(stored), .frequencies, from: &source)
        guard let list = Deflate.decompress(stream, byteCount: Int(inflated)) else {
            throw .invalidField(
                .frequencies, value: stored,
                expected: "a zlib stream that inflates to \(inflated) bytes")
        }
        var parser = ByteParser(list)
        var tables: [[UInt8]] = []
        for _ in 0...extra {
            let length = try parser.readVarint(
                field: .tableLength, maximum: UInt64(CompressedFileFormat.maximumTableByteCount))
            guard length >= 2 else {
                throw .invalidField(
                    .tableLength, value: length,
                    expected: "2...\(CompressedFileFormat.maximumTableByteCount)")
            }
            tables.append(try parser.readBytes(Int(length), field: .frequencies))
        }
        guard parser.remaining == 0 else {
            throw .invalidField(
                .frequencies, value: UInt64(parser.remaining),
                expected: "no bytes after the last deflated table")
        }
        return tables
    }

    /// Reads one varint, a byte at a time, of at most ten bytes and at most `maximum`.
    mutating func takeVarint(
        _ field: ContainerField, maximum: UInt64, from source: inout some ByteSource
    ) throws(EntropyCodingError) -> UInt64 {
        let start = bytes.count
        var last: UInt8 = 0x80
        while last & 0x80 != 0, bytes.count - start < 10 {
            last = try takeBytes(1, field, from: &source)[0]
        }
        var parser = ByteParser(bytes, offset: start)
        return try parser.readVarint(field: field, maximum: maximum)
    }
}
