extension CompressedFileHeader {
    /// Reads and checks a header from the start of a compressed file.
    ///
    /// Order of checks: the magic bytes and the version (needed to know the layout), each
    /// length against its maximum and against the bytes left (before anything is
    /// allocated), then the CRC over every header byte, and only then the meaning of the
    /// fields: flags, chunk size, the frequency table, and whether the file can hold the
    /// announced chunks. So a flipped bit anywhere after the version is reported as a
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
        var bytes: [UInt8] = []
        func take(_ count: Int, _ field: ContainerField) throws(EntropyCodingError) -> ByteParser {
            if let left = source.remainingByteCount, left < count {
                throw .truncated(field: field, needed: count, available: left)
            }
            let chunk = try source.read(count: count)
            guard chunk.count == count else {
                throw .truncated(field: field, needed: count, available: chunk.count)
            }
            let start = bytes.count
            bytes.append(contentsOf: chunk)
            return ByteParser(bytes, offset: start)
        }

        let magic = try source.read(count: CompressedFileFormat.magic.count)
        guard magic == CompressedFileFormat.magic else {
            if !magic.isEmpty, CompressedFileFormat.magic.starts(with: magic) {
                throw .truncated(
                    field: .magic, needed: CompressedFileFormat.magic.count, available: magic.count)
            }
            throw .notACompressedFile
        }
        bytes = magic
        var parser = try take(8, .version)
        let version = try parser.read(UInt16.self, field: .version)
        guard version == CompressedFileFormat.version else {
            throw .unsupportedVersion(found: version, supported: CompressedFileFormat.version)
        }
        let flags = try parser.read(UInt16.self, field: .flags)
        let metadataLength = Int(try parser.read(UInt32.self, field: .metadataLength))
        guard metadataLength <= CompressedFileFormat.maximumMetadataByteCount else {
            throw .invalidField(
                .metadataLength, value: UInt64(metadataLength),
                expected: "at most \(CompressedFileFormat.maximumMetadataByteCount)")
        }
        let metadataStart = bytes.count
        _ = try take(metadataLength, .metadata)
        let metadata = Array(bytes[metadataStart...])
        parser = try take(4, .tableLength)
        let tableLength = Int(try parser.read(UInt32.self, field: .tableLength))
        guard (2...CompressedFileFormat.maximumTableByteCount).contains(tableLength) else {
            throw .invalidField(
                .tableLength, value: UInt64(tableLength),
                expected: "2...\(CompressedFileFormat.maximumTableByteCount)")
        }
        let tableStart = bytes.count
        _ = try take(tableLength, .frequencies)
        let tableBytes = Array(bytes[tableStart...])
        parser = try take(12, .sampleCount)
        let sampleCount = try parser.read(UInt64.self, field: .sampleCount)
        let chunkSize = Int(try parser.read(UInt32.self, field: .chunkSize))
        let computed = CRC32C.checksum(of: bytes)
        parser = try take(4, .headerChecksum)
        let stored = try parser.read(UInt32.self, field: .headerChecksum)
        guard stored == computed else {
            throw .headerChecksumMismatch(stored: stored, computed: computed)
        }

        // The bytes are as written; now check what they mean.
        guard flags == 0 else { throw .invalidField(.flags, value: UInt64(flags), expected: "0") }
        guard CompressedFileFormat.chunkSizeRange.contains(chunkSize) else {
            let range = CompressedFileFormat.chunkSizeRange
            throw .invalidField(
                .chunkSize, value: UInt64(chunkSize),
                expected: "\(range.lowerBound)...\(range.upperBound)")
        }
        let table = try FrequencyTable(serialized: tableBytes)
        let header = CompressedFileHeader(
            metadata: metadata, table: table, sampleCount: sampleCount, chunkSize: chunkSize,
            bytes: bytes)
        if let left = source.remainingByteCount {
            let needed = header.fixedOverheadByteCount - bytes.count
            guard needed <= left else {
                throw .truncated(field: .chunkSampleCount, needed: needed, available: left)
            }
        }
        return header
    }
}
