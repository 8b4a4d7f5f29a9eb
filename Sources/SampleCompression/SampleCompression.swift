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
/// to the table's quantisation loss (at most 0.02 % when 24 bits of precision allow it, 0.03 %
/// at 15 bits) and the coder's states: bits per sample ≤ `H(Y) · 1.002 + 8 · overhead / N`.
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

    /// The metadata of the samples' file: their layout, the codebook and, when given, the
    /// quantizer document compressed.
    static func metadata(
        for layout: SampleLayout, quantizer: Quantizer, provenance document: QuantizerDocument?,
        file: String
    ) throws(CompressionError) -> CompressionMetadata {
        var metadata = CompressionMetadata(
            layout: layout, dimension: quantizer.dimension,
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
    static func checkRoundTrip(
        of metadata: CompressionMetadata, in header: CompressedFileHeader, file: String
    ) throws(CompressionError) {
        let parsed = try CompressionMetadata(
            parsing: header.metadata, file: file, alphabetSize: header.table.alphabetSize,
            sampleCount: header.sampleCount, version: header.version)
        guard parsed == metadata else {
            throw .invalidMetadata(file: file, reason: "the header does not read back as written")
        }
    }

    /// Compresses samples into the bytes of a `.rdq` file (in memory).
    ///
    /// - Parameters:
    ///   - samples: The data (see ``compress(_:with:toPath:file:chunkSize:provenance:escapes:)``).
    ///   - document: The quantiser.
    ///   - chunkSize: Samples per chunk.
    ///   - provenance: Whether to store the quantizer document too, compressed.
    ///   - escapes: Whether samples no codeword serves are escaped (else an error).
    /// - Returns: The file and its figures.
    /// - Throws: See ``compress(_:with:toPath:file:chunkSize:provenance:escapes:)``.
    /// - Complexity: as ``compress(_:with:toPath:file:chunkSize:provenance:escapes:)``.
    public static func compress(
        _ samples: SampleSet, with document: QuantizerDocument,
        chunkSize: Int = CompressedFileFormat.defaultChunkSize, provenance: Bool = false,
        escapes: Bool = true
    ) throws(CompressionError) -> (bytes: [UInt8], summary: Summary) {
        let first = try firstPass(
            SampleStream(samples), with: document, file: "data", chunkSize: chunkSize,
            provenance: provenance,
            escapes: escapes, spoolFolder: FileManager.default.temporaryDirectory.path)
        do {
            let bytes = try secondPass(first, into: MemoryByteSink()).bytes
            return (bytes, finished(first.summary, byteCount: bytes.count))
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
    /// - Throws: See ``compress(_:with:toPath:file:chunkSize:provenance:escapes:stagingIn:)``.
    /// - Complexity: O(n) besides the rule, spread over the cores.
    public static func compress(
        _ samples: SampleSet, with document: QuantizerDocument, toPath path: String,
        file: String = "data",
        chunkSize: Int = CompressedFileFormat.defaultChunkSize, provenance: Bool = false,
        escapes: Bool = true
    ) throws(CompressionError) -> Summary {
        try compress(
            SampleStream(samples, file: file), with: document, toPath: path,
            chunkSize: chunkSize, provenance: provenance, escapes: escapes)
    }

    static func finished(_ summary: Summary, byteCount: Int) -> Summary {
        var summary = summary
        summary.bytes = byteCount
        summary.bitsPerSample =
            summary.samples > 0 ? Double(byteCount) * 8 / Double(summary.samples) : 0
        return summary
    }
}
