import EntropyCoding
import Foundation
import Quantization
import RDInterchange

/// Compression in two passes and bounded memory, whatever the input's size.
///
/// **First pass:** the samples are read a piece at a time (``SampleStream``), coded by the
/// quantiser's rule on all cores, and their symbols written to a nameless temporary file (a
/// ``SymbolSpool``, 1 byte per sample for up to 255 codewords) while the counts, the distortion
/// figures and the escaped samples' exact values are tallied. Nothing is written to the output
/// yet, so bad input found anywhere in the data (a NaN at the end, a truncated last value)
/// leaves no output, not even on standard output.
///
/// **Second pass:** with the counts known, the header (the frequency table from the counts of
/// the data itself, the escapes, the sample count and shape) is written, then the symbols are
/// read back from the spool and coded a batch of chunks at a time on all cores.
///
/// Memory: two pieces of samples (2 MiB of values each, the next read while one is coded), a batch of chunks, and the escaped values,
/// which the header's 64 MiB limit bounds. Disk: the spool, beside the output (in the
/// temporary folder when the output is written in place, such as standard output).
extension SampleCompression {
    /// What the first pass leaves for the second.
    struct FirstPass {
        var header: CompressedFileHeader
        var summary: Summary
        var spool: SymbolSpool
    }

    /// Compresses a stream of samples into a `.rdq` file at `path`: a regular file is replaced
    /// atomically, anything else (standard output as `/dev/stdout`, a device, a FIFO) is
    /// written in place once the first pass has succeeded.
    ///
    /// - Parameters:
    ///   - stream: The data, of the quantiser's dimension.
    ///   - document: The quantiser; its codebook goes into the header.
    ///   - path: The destination.
    ///   - file: The data's name in messages about its samples (default: the stream's).
    ///   - chunkSize: Samples per chunk.
    ///   - provenance: Whether to store the quantizer document too, compressed.
    ///   - escapes: Whether samples no codeword serves are stored exactly (else an error).
    ///   - outputs: When given, the file is staged in this set, to be put in place with the
    ///     set's other outputs; otherwise it is put in place at once.
    /// - Returns: The figures of `rdopt compress --json`.
    /// - Throws: ``CompressionError/data(_:)`` for bad data,
    ///   ``CompressionError/dimensionMismatch(file:data:quantizer:)``,
    ///   ``CompressionError/unservedSamples(file:samples:count:tolerance:)`` (every unserved
    ///   sample of the input counted), or ``CompressionError/container(file:_:)`` when the
    ///   spool or the file cannot be written or the escapes exceed the header's limit.
    /// - Complexity: O(n) besides the rule, spread over the cores; memory independent of n.
    public static func compress(
        _ stream: SampleStream, with document: QuantizerDocument, toPath path: String,
        file: String? = nil, chunkSize: Int = CompressedFileFormat.defaultChunkSize,
        provenance: Bool = false, escapes: Bool = true, stagingIn outputs: OutputSet? = nil
    ) throws(CompressionError) -> Summary {
        let folder =
            AtomicFileWriter.stagingFolder(forPath: path)
            ?? FileManager.default.temporaryDirectory.path
        let first = try firstPass(
            stream, with: document, file: file ?? stream.file, chunkSize: chunkSize,
            provenance: provenance, escapes: escapes, spoolFolder: folder)
        let body = { (sink: FileByteSink) throws -> Int in
            try secondPass(first, into: CountingByteSink(base: sink)).byteCount
        }
        do {
            let byteCount =
                try outputs.map { try $0.write(toPath: path, body) }
                ?? AtomicFileWriter.write(toPath: path, body)
            return finished(first.summary, byteCount: byteCount)
        } catch let error as EntropyCodingError {
            throw .container(file: path, error)
        } catch {
            throw .data(.unwritableFile(file: path, reason: "\(error)"))
        }
    }

    /// Codes every sample of `stream` into the spool and builds the header.
    ///
    /// - Parameters:
    ///   - file: The data's name in messages about its samples.
    ///   - pieceValueCount: The most values read and coded at a time.
    static func firstPass(
        _ stream: SampleStream, with document: QuantizerDocument, file: String, chunkSize: Int,
        provenance: Bool, escapes: Bool, spoolFolder: String,
        pieceValueCount: Int = SampleStream.defaultPieceValueCount
    ) throws(CompressionError) -> FirstPass {
        let quantizer = codingQuantizer(document.quantizer, for: stream.layout)
        let spool: SymbolSpool
        do { spool = try SymbolSpool(alphabetSize: quantizer.count + 1, folder: spoolFolder) } catch
        {
            throw .container(file: spoolFolder, error)
        }
        let tally = try tallied(
            stream, quantizer: quantizer, file: file, escapes: escapes, into: spool,
            spoolFolder: spoolFolder, pieceValueCount: pieceValueCount)
        var metadata = try metadata(
            for: stream.layout, quantizer: quantizer, provenance: provenance ? document : nil,
            file: file)
        if tally.escapedCount > 0 { metadata.escapedValues = tally.escapedValues }
        let header: CompressedFileHeader
        do {
            header = try CompressedFileHeader(
                metadata: metadata.bytes(), table: try FrequencyTable(counts: tally.tableCounts),
                sampleCount: UInt64(tally.sampleCount), chunkSize: chunkSize)
        } catch {
            throw .container(file: file, error)
        }
        try checkRoundTrip(of: metadata, in: header, file: file)
        return FirstPass(
            header: header,
            summary: summary(of: tally, header: header, metadata: metadata), spool: spool)
    }

    /// The quantiser data of `layout` is coded with: for float32 data its codewords rounded to
    /// float32, the values decompression writes, so that every distortion checked and reported
    /// is the written value's (a tolerance of 4.2e-17 passed at 3.55e-17 on the unrounded
    /// codeword 0.1 was 5.55e-17 on the one written); unchanged for float64 data, and when a
    /// codeword lies beyond float32's range (the header's check refuses it).
    static func codingQuantizer(_ quantizer: Quantizer, for layout: SampleLayout) -> Quantizer {
        guard layout.valueType == .float32 else { return quantizer }
        let rounded = quantizer.codebook.map { Double(Float($0)) }
        guard rounded != quantizer.codebook, rounded.allSatisfy(\.isFinite),
            let coding = try? Quantizer(
                dimension: quantizer.dimension, codebook: rounded,
                probabilities: quantizer.probabilities, slope: quantizer.slope,
                importantTolerance: quantizer.importantTolerance)
        else { return quantizer }
        return coding
    }

    /// Reads and codes every piece of `stream`, appending the symbols to `spool`.
    private static func tallied(
        _ stream: SampleStream, quantizer: Quantizer, file: String, escapes: Bool,
        into spool: SymbolSpool, spoolFolder: String, pieceValueCount: Int
    ) throws(CompressionError) -> CodingTally {
        let encoder = QuantizerEncoder(quantizer: quantizer)
        var tally = CodingTally(codewordCount: quantizer.count)
        let valueBytes = stream.layout.valueType == .float32 ? 4 : 8
        var upcoming = PieceReader(stream, maximumValueCount: pieceValueCount)
        while let piece = try upcoming.next() {
            guard piece.dimension == quantizer.dimension else {
                throw .dimensionMismatch(
                    file: file, data: piece.dimension, quantizer: quantizer.dimension)
            }
            do throws(CompressionError) {
                let batch = try CodedSamples(
                    piece, quantizer: quantizer, encoder: encoder, allowEscapes: escapes,
                    file: file)
                tally.add(batch, of: piece)
                let escapeBytes = tally.escapedValues.count * valueBytes
                guard escapeBytes <= CompressedFileFormat.maximumMetadataByteCount else {
                    throw CompressionError.container(
                        file: file,
                        .metadataTooLarge(
                            byteCount: escapeBytes,
                            maximum: CompressedFileFormat.maximumMetadataByteCount))
                }
                if tally.unservedCount == 0 { try append(batch.symbols, to: spool, spoolFolder) }
            } catch {
                guard case .unservedSamples(_, let samples, let count, _) = error else {
                    throw error
                }
                tally.addUnserved(samples, total: count, pieceSampleCount: piece.count)
            }
        }
        guard tally.unservedCount == 0 else {
            throw .unservedSamples(
                file: file, samples: tally.unservedSamples, count: tally.unservedCount,
                tolerance: quantizer.importantTolerance)
        }
        return tally
    }

    private static func append(_ symbols: [UInt32], to spool: SymbolSpool, _ folder: String)
        throws(CompressionError)
    {
        do { try spool.append(symbols) } catch { throw .container(file: folder, error) }
    }

    /// The figures of the first pass (the size is filled in once the file is written).
    private static func summary(
        of tally: CodingTally, header: CompressedFileHeader, metadata: CompressionMetadata
    ) -> Summary {
        let n = tally.sampleCount
        var escapeBits = 0.0
        if tally.escapedCount > 0 {
            let e = Double(tally.escapedCount)
            escapeBits = Double(8 * metadata.escapedValueByteCount) + e * -log2(e / Double(n))
        }
        return Summary(
            samples: n, bytes: 0, bitsPerSample: 0,
            entropyBits: FrequencyTable.entropyBits(counts: tally.tableCounts),
            distortion: n > 0 ? tally.totalDistortion / Double(n) : 0,
            importantCount: tally.importantCount,
            importantMaxDistortion: tally.importantMaxDistortion,
            overheadBytes: header.fixedOverheadByteCount, headerBytes: header.bytes.count,
            escapedSamples: tally.escapedCount, escapeBits: escapeBits)
    }

    /// Writes the file: the header, then the spooled symbols coded a batch of chunks at a time.
    static func secondPass<Sink: ByteSink>(_ first: FirstPass, into sink: Sink)
        throws(EntropyCodingError) -> Sink
    {
        let header = first.header
        var writer = try CompressedFileWriter(
            sink: sink, table: header.table, metadata: header.metadata,
            sampleCount: header.sampleCount, chunkSize: header.chunkSize)
        let piece =
            header.chunkSize * max(1, min(16, 2 * ProcessInfo.processInfo.activeProcessorCount))
        while true {
            let symbols = try first.spool.read(maximum: piece)
            if symbols.isEmpty { break }
            try writer.write(symbols)
        }
        return try writer.finish()
    }
}

/// Forwards to another sink and counts the bytes.
struct CountingByteSink<Base: ByteSink>: ByteSink {
    var base: Base
    var byteCount = 0

    mutating func write(_ bytes: UnsafeRawBufferPointer) throws(EntropyCodingError) {
        try base.write(bytes)
        byteCount += bytes.count
    }
}
