import Foundation
import RDInterchange
import RDWorkflows
import SampleCompression

/// `rdopt_compress`: compresses an array into the bytes of a `.rdq` file, as `rdopt compress`
/// does a `.npy` file of that array.
///
/// `data` holds the values, row-major, as float64 (`value_type` 0) or float32 (1); `shape` has
/// `rank` extents: `[n]` for n scalars, `[n, k]` for n samples of dimension k, 3 to 32 extents
/// for a field whose values are scalar samples (the shape comes back on decompression).
/// Importance: as for `rdopt_encode` (``rdoptEncode(_:_:_:_:_:_:_:_:_:)``). `escapes` 0 refuses
/// samples no codeword serves (as `--no-escapes`); `provenance` non-zero stores the quantizer
/// document too.
///
/// Result: the `.rdq` bytes; `summary` receives the figures of `rdopt compress --json`
/// (JSON text, freed with `rdopt_free` too).
@_cdecl("rdopt_compress")
public func rdoptCompress(
    _ quantizer: UnsafePointer<UInt8>?, _ quantizerLength: Int, _ data: UnsafeRawPointer?,
    _ valueType: Int32, _ shape: UnsafePointer<Int>?, _ rank: Int,
    _ important: UnsafePointer<UInt8>?, _ rule: UnsafePointer<CChar>?, _ escapes: Int32,
    _ provenance: Int32, _ summary: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?,
    _ summaryLength: UnsafeMutablePointer<Int>?,
    _ output: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?,
    _ outputLength: UnsafeMutablePointer<Int>?
) -> Int32 {
    EntryResult.run(output, outputLength) {
        let document = try ImportanceMarking.document(quantizer, quantizerLength)
        let array = try ArrayInput(data: data, valueType: valueType, shape: shape, rank: rank)
        var samples = SampleSet(dimension: array.dimension, values: array.values)
        samples.fileLayout = array.layout
        samples.isImportant = try ImportanceMarking.flags(
            given: important, rule: rule, document: document, values: array.values,
            dimension: array.dimension)
        let result: (bytes: [UInt8], summary: SampleCompression.Summary)
        do {
            result = try SampleCompression.compress(
                samples, with: document, provenance: provenance != 0, escapes: escapes != 0)
        } catch {
            throw LibraryFailure(error)
        }
        EntryResult.handOverSummary(
            CompressionSummaryDocument.json(result.summary), summary, summaryLength)
        return result.bytes
    }
}

/// `rdopt_decompress`: decodes the bytes of a `.rdq` file, checking them as
/// `rdopt decompress` does; a reconstruction larger than `maximum_output_bytes` (0: 4 GiB) is
/// refused before anything is decoded.
///
/// Result: the reconstruction as the bytes of a `.npy` file, in the original value type and
/// shape.
@_cdecl("rdopt_decompress")
public func rdoptDecompress(
    _ bytes: UnsafePointer<UInt8>?, _ byteCount: Int, _ name: UnsafePointer<CChar>?,
    _ maximumOutputBytes: Int, _ output: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?,
    _ outputLength: UnsafeMutablePointer<Int>?
) -> Int32 {
    EntryResult.run(output, outputLength) {
        let file = EntryInput.text(name) ?? "input"
        let input = try EntryInput.bytes(bytes, byteCount, name: file)
        let limit =
            maximumOutputBytes > 0
            ? maximumOutputBytes : SampleDecompression.defaultMaximumOutputByteCount
        do {
            return try SampleDecompression.decompress(
                input, format: .npy, file: file, maximumOutputByteCount: limit
            ).bytes
        } catch {
            throw LibraryFailure(error)
        }
    }
}
