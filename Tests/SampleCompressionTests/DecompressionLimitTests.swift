import EntropyCoding
import Foundation
import RDInterchange
import Testing

@testable import SampleCompression

/// What a `.rdq` header claims is checked before anything is allocated or written: the sample
/// count against the file's size, the reconstruction's size against the caller's limit.
@Suite("decompression limits")
struct DecompressionLimitTests {
    /// `bytes` with the header's sample count replaced by `count` and the header CRC
    /// recomputed, so the forgery passes the checksum (the chunks stay as they were).
    static func forgingSampleCount(_ bytes: [UInt8], count: UInt64) throws -> [UInt8] {
        let header = try CompressedFile.decode(bytes).header
        let forged = try CompressedFileHeader(
            metadata: header.metadata, table: header.table, sampleCount: count,
            chunkSize: header.chunkSize)
        return forged.bytes + bytes[header.bytes.count...]
    }

    /// The parsed metadata of a file's header.
    static func metadata(of bytes: [UInt8]) throws -> CompressionMetadata {
        let header = try CompressedFile.decode(bytes).header
        return try CompressionMetadata(
            parsing: header.metadata, file: "input", alphabetSize: header.table.alphabetSize,
            sampleCount: header.sampleCount, version: header.version)
    }

    @Test(
        "a small file whose header claims 2^50 samples is rejected as truncated before decoding",
        arguments: [UInt64(1) << 50, UInt64(1) << 62, UInt64.max])
    func forgedSampleCount(count: UInt64) throws {
        let bytes = try CompressionTests.smallFile()
        let forged = try Self.forgingSampleCount(bytes, count: count)
        #expect(throws: CompressionError.self) {
            try SampleDecompression.decompress(forged, format: .float64)
        }
        do {
            _ = try SampleDecompression.decompress(forged, format: .float64)
        } catch {
            guard case .container(_, .truncated) = error else {
                Issue.record("expected a truncation error, got \(error)")
                return
            }
        }
    }

    @Test("the forgery helper is sound: the true count still decodes")
    func forgeryHelperIsSound() throws {
        let bytes = try CompressionTests.smallFile()
        let same = try Self.forgingSampleCount(bytes, count: 40)
        #expect(same == bytes)
    }

    @Test(
        "a reconstruction larger than the limit is refused before decoding; the exact size passes",
        arguments: [DataFormat.float64, .float32, .csv, .npy])
    func outputLimit(format: DataFormat) throws {
        let bytes = try CompressionTests.smallFile()
        let (output, _) = try SampleDecompression.decompress(bytes, format: format)
        let bound = SampleDecompression.outputByteCount(
            format: format, metadata: try Self.metadata(of: bytes))
        #expect(bound >= output.count)
        #expect(
            throws: CompressionError.outputTooLarge(
                file: "input", byteCount: bound, values: 40, maximum: bound - 1)
        ) {
            try SampleDecompression.decompress(
                bytes, format: format, maximumOutputByteCount: bound - 1)
        }
        _ = try SampleDecompression.decompress(bytes, format: format, maximumOutputByteCount: bound)
    }
}
