import EntropyCoding

extension SampleDecompression {
    /// The quantizer document stored in a `.rdq` file by `compress --provenance`, as the JSON
    /// text it was written as; only the header is read.
    ///
    /// - Parameters:
    ///   - path: The `.rdq` file.
    /// - Returns: The document's bytes, or `nil` when the file carries none.
    /// - Throws: ``CompressionError/container(file:_:)`` for a corrupt, truncated or unreadable
    ///   header, ``CompressionError/invalidMetadata(file:reason:)`` for metadata that does not
    ///   check out or a stored document that does not inflate to its recorded size.
    /// - Complexity: O(h + u) for a header of h bytes and a document of u bytes.
    public static func provenance(ofFileAt path: String) throws(CompressionError) -> [UInt8]? {
        let source: FileByteSource
        do { source = try FileByteSource(path: path) } catch {
            throw .container(file: path, error)
        }
        return try provenance(from: source, file: path)
    }

    /// The quantizer document stored in the bytes of a `.rdq` file, or `nil`
    /// (see ``provenance(ofFileAt:)``).
    public static func provenance(of bytes: [UInt8], file: String = "input")
        throws(CompressionError) -> [UInt8]?
    {
        try provenance(from: MemoryByteSource(bytes), file: file)
    }

    /// Reads the header from `source` and inflates its provenance.
    private static func provenance(from source: some ByteSource, file: String)
        throws(CompressionError) -> [UInt8]?
    {
        var source = source
        let header: CompressedFileHeader
        do { header = try CompressedFileHeader.read(from: &source) } catch {
            throw .container(file: file, error)
        }
        let metadata = try CompressionMetadata(
            parsing: header.metadata, file: file, alphabetSize: header.table.alphabetSize,
            sampleCount: header.sampleCount, version: header.version)
        guard let stored = metadata.provenance else { return nil }
        guard let text = Deflate.decompress(stored.bytes, byteCount: stored.inflatedByteCount)
        else {
            throw .invalidMetadata(
                file: file,
                reason: "the provenance does not inflate to its \(stored.inflatedByteCount) bytes")
        }
        return text
    }
}
