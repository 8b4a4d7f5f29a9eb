/// One-call compression and decompression of whole symbol arrays, in memory or to files.
///
/// These wrap ``CompressedFileWriter`` and ``CompressedFileReader``; use those directly to
/// stream data larger than memory.
public enum CompressedFile {
    /// Compresses symbols into the bytes of a `.rdq` file.
    ///
    /// - Parameters:
    ///   - symbols: The symbol indices, each with a non-zero frequency in `table`.
    ///   - table: The model (build it from the symbols' counts for the smallest file).
    ///   - metadata: Opaque bytes stored in the header.
    ///   - chunkSize: Symbols per chunk.
    /// - Returns: The complete file.
    /// - Throws: What ``CompressedFileWriter`` throws.
    /// - Complexity: O(N + a + 2^P) for N symbols, a metadata bytes and table precision `P`.
    public static func encode(
        _ symbols: [UInt32], table: FrequencyTable, metadata: [UInt8] = [],
        chunkSize: Int = CompressedFileFormat.defaultChunkSize
    ) throws(EntropyCodingError) -> [UInt8] {
        var writer = try CompressedFileWriter(
            sink: MemoryByteSink(), table: table, metadata: metadata,
            sampleCount: UInt64(symbols.count), chunkSize: chunkSize)
        try writer.write(symbols)
        return try writer.finish().bytes
    }

    /// Compresses symbols into the bytes of a version 3 `.rdq` file (version 5 when
    /// `compact`): chunk k in the segments `segments[k]` (sample counts, one per table),
    /// segment j coded with `tables[j]`.
    ///
    /// - Throws: What ``CompressedFileWriter`` throws, and
    ///   ``EntropyCodingError/invalidField(_:value:expected:)`` when a chunk's segments do not
    ///   add up to it or are missing.
    public static func encode(
        _ symbols: [UInt32], tables: [FrequencyTable], segments: [[Int]], metadata: [UInt8] = [],
        chunkSize: Int = CompressedFileFormat.defaultChunkSize, compact: Bool = false
    ) throws(EntropyCodingError) -> [UInt8] {
        var writer = try CompressedFileWriter(
            sink: MemoryByteSink(), tables: tables, metadata: metadata,
            sampleCount: UInt64(symbols.count), chunkSize: chunkSize,
            segmentation: { chunk, _ in chunk < segments.count ? segments[Int(chunk)] : [] },
            compact: compact)
        try writer.write(symbols)
        return try writer.finish().bytes
    }

    /// The file of ``encode(_:tables:segments:metadata:chunkSize:compact:)`` in format
    /// `version` (tests and the decoder fuzz target write the older compact version 4 with it).
    static func encode(
        _ symbols: [UInt32], tables: [FrequencyTable], segments: [[Int]], metadata: [UInt8] = [],
        chunkSize: Int, version: UInt16
    ) throws(EntropyCodingError) -> [UInt8] {
        var writer = try CompressedFileWriter(
            sink: MemoryByteSink(),
            header: CompressedFileHeader(
                metadata: metadata, tables: tables, sampleCount: UInt64(symbols.count),
                chunkSize: chunkSize, version: version),
            segmentation: { chunk, _ in chunk < segments.count ? segments[Int(chunk)] : [] })
        try writer.write(symbols)
        return try writer.finish().bytes
    }

    /// Decompresses the bytes of a `.rdq` file.
    ///
    /// - Parameter bytes: The complete file.
    /// - Returns: The header and every symbol, in order.
    /// - Throws: What ``CompressedFileReader`` throws for corrupt or truncated input.
    /// - Complexity: O(N + h) for N symbols and h header bytes.
    public static func decode(_ bytes: [UInt8]) throws(EntropyCodingError) -> (
        header: CompressedFileHeader, symbols: [UInt32]
    ) {
        var reader = try CompressedFileReader(source: MemoryByteSource(bytes))
        let symbols = try reader.readAll()
        return (reader.header, symbols)
    }

    /// Decompresses the bytes of a `.rdq` file chunk by chunk, keeping each chunk's segment
    /// counts (``CompressedFileReader/nextSegmentedChunk()``).
    ///
    /// - Returns: The header, every symbol in order, and per chunk its segments' sample counts.
    /// - Throws: What ``CompressedFileReader`` throws for corrupt or truncated input.
    public static func decodeSegmented(_ bytes: [UInt8]) throws(EntropyCodingError) -> (
        header: CompressedFileHeader, symbols: [UInt32], segments: [[Int]]
    ) {
        var reader = try CompressedFileReader(source: MemoryByteSource(bytes))
        var symbols: [UInt32] = []
        var segments: [[Int]] = []
        while let chunk = try reader.nextSegmentedChunk() {
            symbols += chunk.symbols
            segments.append(chunk.segments)
        }
        return (reader.header, symbols, segments)
    }

    /// Compresses symbols into a file at `path`, atomically (see ``AtomicFileWriter``).
    ///
    /// - Parameters:
    ///   - symbols: The symbol indices, each with a non-zero frequency in `table`.
    ///   - table: The model.
    ///   - metadata: Opaque bytes stored in the header.
    ///   - path: The destination; replaced only if everything succeeds.
    ///   - chunkSize: Symbols per chunk.
    /// - Returns: The number of bytes written.
    /// - Throws: What ``CompressedFileWriter`` and ``AtomicFileWriter`` throw (always an
    ///   ``EntropyCodingError``).
    /// - Complexity: O(N + a + 2^P).
    @discardableResult
    public static func write(
        _ symbols: [UInt32], table: FrequencyTable, metadata: [UInt8] = [], toPath path: String,
        chunkSize: Int = CompressedFileFormat.defaultChunkSize
    ) throws -> Int {
        try AtomicFileWriter.write(toPath: path) { sink in
            let counter = CountingSink(base: sink)
            var writer = try CompressedFileWriter(
                sink: counter, table: table, metadata: metadata, sampleCount: UInt64(symbols.count),
                chunkSize: chunkSize)
            try writer.write(symbols)
            return try writer.finish().byteCount
        }
    }

    /// Reads a `.rdq` file from `path`.
    ///
    /// - Parameter path: The file.
    /// - Returns: The header and every symbol, in order.
    /// - Throws: ``EntropyCodingError/fileSystem(operation:path:code:)`` if it cannot be
    ///   read, or what ``CompressedFileReader`` throws for corrupt or truncated input.
    /// - Complexity: O(N + h).
    public static func read(fromPath path: String) throws(EntropyCodingError) -> (
        header: CompressedFileHeader, symbols: [UInt32]
    ) {
        var reader = try CompressedFileReader(source: FileByteSource(path: path))
        let symbols = try reader.readAll()
        return (reader.header, symbols)
    }
}

/// Forwards to a file sink and counts the bytes.
private struct CountingSink: ByteSink {
    let base: FileByteSink
    var byteCount = 0

    mutating func write(_ bytes: UnsafeRawBufferPointer) throws(EntropyCodingError) {
        try base.write(bytes)
        byteCount += bytes.count
    }
}
