import EntropyCoding
import Foundation
import Quantization
import RDInterchange

/// Decompresses `.rdq` files written by ``SampleCompression``: checks the container and its
/// metadata, decodes the indices chunk by chunk and writes the codeword of each, in order,
/// dropping the padding of a blocked signal.
///
/// Nothing is trusted before it is checked: the container validates its header, frequency
/// table, lengths and CRCs (see `CompressedFileReader`); the metadata must parse, agree with the
/// table's alphabet and the sample count. Output goes to a temporary file renamed into place
/// only when everything succeeded, so a corrupt or truncated input leaves no output file.
public enum SampleDecompression {
    /// The figures of one decompression (`rdopt decompress --json`).
    public struct Summary: Sendable, Equatable {
        /// Output samples: rows written (scalars for a blocked signal).
        public var samples: Int
        /// Coded samples in the file (blocks, for a blocked signal).
        public var codedSamples: Int
        /// Coordinates per output row.
        public var dimension: Int
        /// The size of the compressed file.
        public var bytes: Int
        /// The layout the reconstruction was written in: the original data's value type, shape
        /// and CSV column names.
        public var layout: SampleLayout
        /// Whether the file carries the quantizer document (``provenance(of:file:)``).
        public var hasProvenance: Bool
    }

    /// The default limit on the size of a reconstruction: 4 GiB. A `.rdq` file of a few
    /// kilobytes can legitimately announce gigabytes (a constant signal codes to almost
    /// nothing), so the announced size is checked before anything is written.
    public static let defaultMaximumOutputByteCount = 1 << 32

    /// Decompresses a file at `path` into `outputPath` (in `format`, else the format its
    /// extension names), atomically.
    ///
    /// - Parameters:
    ///   - path: The `.rdq` file.
    ///   - outputPath: The reconstruction: `.csv`, `.npy`, `.f64` or `.f32` unless `format`
    ///     is given.
    ///   - format: The reconstruction's format, or `nil` for the one `outputPath`'s extension
    ///     names.
    ///   - maximumOutputByteCount: The largest reconstruction accepted, in bytes, checked
    ///     against the size the header announces before anything is decoded.
    ///   - outputs: When given, the reconstruction is staged in this set, to be put in place
    ///     with the set's other outputs by its `commit()`; otherwise it is put in place at once.
    /// - Returns: The figures of `rdopt decompress --json`.
    /// - Throws: ``CompressionError/container(file:_:)`` for a corrupt, truncated or unreadable
    ///   file, ``CompressionError/invalidMetadata(file:reason:)``,
    ///   ``CompressionError/outputTooLarge(file:byteCount:values:maximum:)``, or
    ///   ``CompressionError/data(_:)`` for an unsupported output extension or a value float32
    ///   cannot hold. No output file is left behind then.
    /// - Complexity: O(N k) for N samples of dimension k; memory: one batch of chunks.
    public static func decompress(
        fromPath path: String, toPath outputPath: String, format: DataFormat? = nil,
        maximumOutputByteCount: Int = defaultMaximumOutputByteCount,
        stagingIn outputs: OutputSet? = nil
    ) throws(CompressionError) -> Summary {
        let chosen: DataFormat
        if let format { chosen = format } else { chosen = try outputFormat(of: outputPath) }
        let body = { (sink: FileByteSink) throws -> Summary in
            let source: CountingByteSource
            do throws(EntropyCodingError) {
                source = CountingByteSource(
                    base: path == standardInputName
                        ? try FileByteSource(duplicating: STDIN_FILENO, path: path)
                        : try FileByteSource(path: path))
            } catch {
                throw CompressionError.container(file: path, error)
            }
            var summary = try decode(
                source: source, file: path, into: sink, format: chosen, outputFile: outputPath,
                maximumOutputByteCount: maximumOutputByteCount)
            summary.bytes = source.consumedByteCount
            return summary
        }
        do {
            if let outputs { return try outputs.write(toPath: outputPath, body) }
            return try AtomicFileWriter.write(toPath: outputPath, body)
        } catch let error as CompressionError {
            throw error
        } catch let error as EntropyCodingError {
            throw .container(file: outputPath, error)
        } catch {
            throw .data(.unwritableFile(file: outputPath, reason: "\(error)"))
        }
    }

    /// The name that stands for standard input as the compressed file.
    public static let standardInputName = "-"

    /// The format an output path's extension names.
    private static func outputFormat(of path: String) throws(CompressionError) -> DataFormat {
        do { return try DataFormat(of: URL(fileURLWithPath: path)) } catch { throw .data(error) }
    }

    /// Decompresses the bytes of a `.rdq` file into the bytes of an output file.
    ///
    /// - Parameters:
    ///   - bytes: The compressed file.
    ///   - format: The output format.
    ///   - file: A name for messages.
    ///   - maximumOutputByteCount: The largest output accepted, in bytes.
    /// - Returns: The output file's bytes and the figures.
    /// - Throws: As ``decompress(fromPath:toPath:format:maximumOutputByteCount:stagingIn:)``.
    /// - Complexity: O(N k).
    public static func decompress(
        _ bytes: [UInt8], format: DataFormat, file: String = "input",
        maximumOutputByteCount: Int = defaultMaximumOutputByteCount
    ) throws(CompressionError) -> (bytes: [UInt8], summary: Summary) {
        var sink = MemoryByteSink()
        let summary = try decode(
            source: MemoryByteSource(bytes), file: file, into: &sink, format: format,
            outputFile: "output", maximumOutputByteCount: maximumOutputByteCount)
        return (sink.bytes, summary)
    }

    /// Decompresses the bytes of a `.rdq` file into reconstructed samples.
    ///
    /// - Returns: One reconstruction per sample in order (a 1-D signal without padding for a
    ///   blocked file), with the file's layout (value type, shape, column names).
    /// - Throws: As ``decompress(fromPath:toPath:format:maximumOutputByteCount:stagingIn:)``.
    /// - Complexity: O(N k).
    public static func reconstruction(of bytes: [UInt8], file: String = "input")
        throws(CompressionError) -> SampleSet
    {
        let (raw, summary) = try decompress(bytes, format: .float64, file: file)
        var values = [Double](repeating: 0, count: raw.count / 8)
        raw.withUnsafeBytes { input in
            for i in values.indices {
                values[i] = Double(
                    bitPattern: UInt64(
                        littleEndian: input.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)))
            }
        }
        var samples = SampleSet(dimension: max(1, summary.dimension), values: values)
        samples.fileLayout = summary.layout
        return samples
    }

    /// The streaming core: reads, validates, decodes and writes.
    private static func decode<Source: ByteSource, Sink: ByteSink>(
        source: Source, file: String, into sink: Sink, format: DataFormat, outputFile: String,
        maximumOutputByteCount: Int
    ) throws(CompressionError) -> Summary {
        var sink = sink
        return try decode(
            source: source, file: file, into: &sink, format: format, outputFile: outputFile,
            maximumOutputByteCount: maximumOutputByteCount)
    }

    /// Decodes every chunk into codewords; returns the number of coded samples.
    private static func decodeChunks<Source: ByteSource, Sink: ByteSink>(
        reader: inout CompressedFileReader<Source>, writer: inout ReconstructionWriter<Sink>,
        dimension k: Int, file: String
    ) throws(CompressionError) -> Int {
        var decoded = 0
        while true {
            let chunk: [UInt32]?
            do { chunk = try reader.next() } catch { throw .container(file: file, error) }
            guard let chunk else { break }
            try writer.write(chunk, firstSample: decoded, dimension: k)
            decoded += chunk.count
        }
        return decoded
    }

    /// Reads and checks the header and metadata, checks the announced output size against
    /// `maximumOutputByteCount`, then decodes chunk by chunk into `sink`.
    private static func decode<Source: ByteSource, Sink: ByteSink>(
        source: Source, file: String, into sink: inout Sink, format: DataFormat, outputFile: String,
        maximumOutputByteCount: Int
    ) throws(CompressionError) -> Summary {
        let byteCount = source.remainingByteCount ?? 0
        var reader: CompressedFileReader<Source>
        do { reader = try CompressedFileReader(source: source) } catch {
            throw .container(file: file, error)
        }
        let header = reader.header
        let metadata = try CompressionMetadata(
            parsing: header.metadata, file: file, alphabetSize: header.table.alphabetSize,
            sampleCount: header.sampleCount, version: header.version)
        let k = metadata.dimension
        // The metadata check bounds the values; every coded sample also occupies real memory
        // in the reader.
        guard header.sampleCount <= UInt64(Int.max / 8 / k) else {
            throw .invalidMetadata(
                file: file, reason: "\(header.sampleCount) samples of dimension \(k) is too many")
        }
        let codedSamples = Int(header.sampleCount)
        let valueCount = metadata.layout.valueCount ?? 0
        let outputBytes = outputByteCount(format: format, metadata: metadata)
        guard outputBytes <= maximumOutputByteCount else {
            throw .outputTooLarge(
                file: file, byteCount: outputBytes, values: valueCount,
                maximum: maximumOutputByteCount)
        }
        var writer: ReconstructionWriter<Sink>
        do {
            writer = try ReconstructionWriter(
                sink: sink, format: format, metadata: metadata, file: outputFile, inputFile: file)
        } catch { throw .container(file: outputFile, error) }
        let decoded: Int
        if let predictor = metadata.predictor {
            decoded = try decodePredicted(
                reader: &reader, writer: &writer, metadata: metadata, predictor: predictor,
                file: file)
        } else {
            decoded = try decodeChunks(reader: &reader, writer: &writer, dimension: k, file: file)
        }
        guard decoded == codedSamples, writer.isComplete else {
            throw .invalidMetadata(
                file: file, reason: "decoded \(decoded) of \(codedSamples) samples")
        }
        guard metadata.predictor != nil || writer.usedEveryEscape else {
            throw .invalidMetadata(
                file: file,
                reason: "fewer escape symbols than the \(metadata.escapedCount) escaped samples")
        }
        sink = writer.sink
        let rowLength = metadata.layout.rowLength
        return Summary(
            samples: rowLength == 0 ? 0 : valueCount / rowLength, codedSamples: codedSamples,
            dimension: rowLength, bytes: byteCount, layout: metadata.layout,
            hasProvenance: metadata.provenance != nil)
    }
}
