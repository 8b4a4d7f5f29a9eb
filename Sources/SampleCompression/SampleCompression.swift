import EntropyCoding
import Foundation
import Quantization
import RDInterchange

/// Compresses samples with a designed quantiser: the hard rule of docs/quantiser-design.md maps every
/// sample to a codeword index, and a static rANS coder (`EntropyCoding`) stores the indices in a
/// chunked, checksummed `.rdq` container (§5, §8).
///
/// The frequency table is built from the counts of the coded indices themselves (not from the
/// training probabilities), so the payload costs the empirical entropy `H(Y)` of the indices up
/// to the table's quantisation loss (at most 0.02 % when 24 bits of precision allow it) and the
/// coder's states: bits per sample ≤ `H(Y) · 1.002 + 8 · overhead / N`.
public enum SampleCompression {
    /// The figures of one compression (`rdopt compress --json`).
    public struct Summary: Sendable, Equatable {
        /// The number of coded samples N (blocks, with `--block`).
        public var samples: Int
        /// The size of the compressed file.
        public var bytes: Int
        /// `bytes · 8 / samples` (0 for no samples).
        public var bitsPerSample: Double
        /// The empirical entropy `H(Y)` of the coded indices, in bits per sample.
        public var entropyBits: Double
        /// The mean per-dimension squared error of the reconstruction (0 for no samples).
        public var distortion: Double
        /// The number of important samples and the largest distortion among them.
        public var importantCount: Int
        public var importantMaxDistortion: Double
        /// The bytes that carry no samples: header (metadata and table included), chunk framing
        /// and coder states (`CompressedFileHeader/fixedOverheadByteCount`).
        public var overheadBytes: Int
        /// The header alone: layout, codebook, frequency table, counts, CRC (and the
        /// provenance and escaped values, when stored).
        public var headerBytes: Int
        /// The samples no codeword serves, coded as the escape symbol and stored exactly.
        public var escapedSamples: Int
        /// What the escapes cost in all, in bits: their exact values in the header and their
        /// symbols' share of the payload (part of ``bitsPerSample``).
        public var escapeBits: Double
    }

    /// Samples coded by the rule, ready for the container.
    struct Encoded: Sendable {
        var header: CompressedFileHeader
        var symbols: [UInt32]
        var summary: Summary
    }

    /// Applies the quantiser's hard rule to every sample and builds the container header.
    ///
    /// - Parameters:
    ///   - samples: The data, of the quantiser's dimension; `isImportant` marks the samples
    ///     that must meet the tolerance, and `originalLength` records a blocked signal.
    ///   - document: The quantiser (its JSON becomes the file's metadata).
    ///   - chunkSize: Samples per chunk of the container.
    ///   - provenance: Whether to store the quantizer document, compressed, in the header.
    ///   - escapes: Whether a sample no codeword serves is escaped (stored exactly) rather
    ///     than an error.
    /// - Throws: ``CompressionError/dimensionMismatch(file:data:quantizer:)``,
    ///   ``CompressionError/unservedSamples(file:samples:count:tolerance:)`` naming the samples
    ///   no codeword serves when escapes are refused, or ``CompressionError/container(file:_:)``
    ///   (escaped values beyond the header's 64 MiB, say).
    /// - Complexity: O(n (log m + visited)) for n scalar samples and m codewords, O(n m k)
    ///   for k-vectors, spread over the cores.
    static func encode(
        _ samples: SampleSet, with document: QuantizerDocument, file: String = "data",
        chunkSize: Int, provenance: Bool, escapes: Bool
    ) throws(CompressionError) -> Encoded {
        let quantizer = document.quantizer
        guard samples.dimension == quantizer.dimension else {
            throw .dimensionMismatch(
                file: file, data: samples.dimension, quantizer: quantizer.dimension)
        }
        let batch = try CodedSamples(
            samples, quantizer: quantizer, allowEscapes: escapes, file: file)
        var metadata = try Self.metadata(
            for: samples, quantizer: quantizer, provenance: provenance ? document : nil,
            file: file)
        if batch.escapedCount > 0 { metadata.escapedValues = batch.escapedValues }
        let header: CompressedFileHeader
        do {
            let table = try FrequencyTable(counts: batch.counts)
            header = try CompressedFileHeader(
                metadata: metadata.bytes(), table: table, sampleCount: UInt64(samples.count),
                chunkSize: chunkSize)
        } catch {
            throw .container(file: file, error)
        }
        try checkRoundTrip(of: metadata, in: header, file: file)
        let n = samples.count
        let summary = Summary(
            samples: n, bytes: 0, bitsPerSample: 0,
            entropyBits: FrequencyTable.entropyBits(counts: batch.counts),
            distortion: n > 0 ? batch.totalDistortion / Double(n) : 0,
            importantCount: samples.importantCount,
            importantMaxDistortion: batch.importantMaxDistortion,
            overheadBytes: header.fixedOverheadByteCount, headerBytes: header.bytes.count,
            escapedSamples: batch.escapedCount,
            escapeBits: Self.escapeBits(batch, valueBytes: metadata.escapedValueByteCount))
        return Encoded(header: header, symbols: batch.symbols, summary: summary)
    }

    /// What the escapes cost: their exact values in the header and, in the payload, each
    /// escape symbol's `−log2(E / N)` bits for E escapes among N samples.
    private static func escapeBits(_ batch: CodedSamples, valueBytes: Int) -> Double {
        guard batch.escapedCount > 0 else { return 0 }
        let e = Double(batch.escapedCount)
        let n = Double(batch.symbols.count)
        return Double(8 * valueBytes) + e * -Foundation.log2(e / n)
    }

    /// The metadata of the samples' file: their layout, the codebook and, when given, the
    /// quantizer document compressed.
    private static func metadata(
        for samples: SampleSet, quantizer: Quantizer, provenance document: QuantizerDocument?,
        file: String
    ) throws(CompressionError) -> CompressionMetadata {
        var metadata = CompressionMetadata(
            layout: samples.layout, dimension: quantizer.dimension,
            codebook: quantizer.codebook, provenance: nil)
        if let document {
            let text = Array(document.json.serialized(pretty: false).utf8)
            guard let compressed = Deflate.compress(text) else {
                throw .invalidMetadata(file: file, reason: "zlib could not compress the quantizer")
            }
            metadata.provenance = (compressed, text.count)
        }
        return metadata
    }

    /// Checks that the decoder accepts the header as written and reads back the very codebook
    /// and layout the samples were coded with.
    private static func checkRoundTrip(
        of metadata: CompressionMetadata, in header: CompressedFileHeader, file: String
    ) throws(CompressionError) {
        let parsed = try CompressionMetadata(
            parsing: header.metadata, file: file, alphabetSize: header.table.alphabetSize,
            sampleCount: header.sampleCount)
        guard parsed == metadata else {
            throw .invalidMetadata(file: file, reason: "the header does not read back as written")
        }
    }

    /// Compresses samples into the bytes of a `.rdq` file (in memory).
    ///
    /// - Parameters:
    ///   - samples: The data (see ``compress(_:with:toPath:file:chunkSize:)``).
    ///   - document: The quantiser.
    ///   - chunkSize: Samples per chunk.
    ///   - provenance: Whether to store the quantizer document too, compressed.
    ///   - escapes: Whether samples no codeword serves are escaped (else an error).
    /// - Returns: The file and its figures.
    /// - Throws: See ``compress(_:with:toPath:file:chunkSize:)``.
    /// - Complexity: as ``compress(_:with:toPath:file:chunkSize:)``.
    public static func compress(
        _ samples: SampleSet, with document: QuantizerDocument,
        chunkSize: Int = CompressedFileFormat.defaultChunkSize, provenance: Bool = false,
        escapes: Bool = true
    ) throws(CompressionError) -> (bytes: [UInt8], summary: Summary) {
        let encoded = try encode(
            samples, with: document, chunkSize: chunkSize, provenance: provenance,
            escapes: escapes)
        do {
            var writer = try CompressedFileWriter(
                sink: MemoryByteSink(), table: encoded.header.table,
                metadata: encoded.header.metadata,
                sampleCount: encoded.header.sampleCount, chunkSize: chunkSize)
            try writer.write(encoded.symbols)
            let bytes = try writer.finish().bytes
            return (bytes, finished(encoded.summary, byteCount: bytes.count))
        } catch {
            throw .container(file: "memory", error)
        }
    }

    /// Compresses samples into a `.rdq` file at `path`, atomically: on any error nothing is
    /// left at `path` (an existing file stays untouched).
    ///
    /// - Parameters:
    ///   - samples: The data, of the quantiser's dimension, with importance flags if any.
    ///   - document: The quantiser; its codebook goes into the header.
    ///   - path: The destination.
    ///   - file: The data file's name, for messages.
    ///   - chunkSize: Samples per chunk (the default suits large files).
    ///   - provenance: Whether to store the quantizer document too, compressed (off by
    ///     default: decoding does not need it).
    ///   - escapes: Whether samples no codeword serves are stored exactly behind an escape
    ///     symbol (the default) or make compression fail, naming them.
    /// - Returns: The figures of `rdopt compress --json`.
    /// - Throws: What `encode(_:with:file:chunkSize:)` throws, or
    ///   ``CompressionError/container(file:_:)`` when the file cannot be written.
    /// - Complexity: O(n) besides the rule, spread over the cores; memory: the samples, one
    ///   index per sample, and a few chunks of the file.
    public static func compress(
        _ samples: SampleSet, with document: QuantizerDocument, toPath path: String,
        file: String = "data",
        chunkSize: Int = CompressedFileFormat.defaultChunkSize, provenance: Bool = false,
        escapes: Bool = true
    ) throws(CompressionError) -> Summary {
        let encoded = try encode(
            samples, with: document, file: file, chunkSize: chunkSize, provenance: provenance,
            escapes: escapes)
        do {
            let byteCount = try CompressedFile.write(
                encoded.symbols, table: encoded.header.table, metadata: encoded.header.metadata,
                toPath: path,
                chunkSize: chunkSize)
            return finished(encoded.summary, byteCount: byteCount)
        } catch let error as EntropyCodingError {
            throw .container(file: path, error)
        } catch {
            throw .invalidMetadata(file: path, reason: "\(error)")
        }
    }

    private static func finished(_ summary: Summary, byteCount: Int) -> Summary {
        var summary = summary
        summary.bytes = byteCount
        summary.bitsPerSample =
            summary.samples > 0 ? Double(byteCount) * 8 / Double(summary.samples) : 0
        return summary
    }
}
