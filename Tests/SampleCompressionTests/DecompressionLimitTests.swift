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
    /// recomputed, so the forgery passes the checksum.
    static func forgingSampleCount(_ bytes: [UInt8], count: UInt64) -> [UInt8] {
        func integer(at offset: Int, size: Int) -> Int {
            (0..<size).reduce(0) { $0 | Int(bytes[offset + $1]) << (8 * $1) }
        }
        var forged = bytes
        let metadataLength = integer(at: 12, size: 4)
        let tableOffset = 16 + metadataLength
        let countOffset = tableOffset + 4 + integer(at: tableOffset, size: 4)
        for b in 0..<8 { forged[countOffset + b] = UInt8(truncatingIfNeeded: count >> (8 * b)) }
        let crcOffset = countOffset + 12
        let crc = CRC32C.checksum(of: Array(forged[0..<crcOffset]))
        for b in 0..<4 { forged[crcOffset + b] = UInt8(truncatingIfNeeded: crc >> (8 * b)) }
        return forged
    }

    @Test(
        "a small file whose header claims 2^50 samples is rejected as truncated before decoding",
        arguments: [UInt64(1) << 50, UInt64(1) << 62, UInt64.max])
    func forgedSampleCount(count: UInt64) throws {
        let bytes = try CompressionTests.smallFile()
        let forged = Self.forgingSampleCount(bytes, count: count)
        #expect(forged.count == bytes.count)
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
        let same = Self.forgingSampleCount(bytes, count: 40)
        #expect(same == bytes)
    }

    @Test(
        "a reconstruction larger than the limit is refused before decoding; the exact size passes",
        arguments: [DataFormat.float64, .float32, .csv, .npy])
    func outputLimit(format: DataFormat) throws {
        let bytes = try CompressionTests.smallFile()
        let (output, _) = try SampleDecompression.decompress(bytes, format: format)
        let bound = SampleDecompression.outputByteCount(
            values: 40, format: format, codebook: [-2, -1, 0, 1, 2])
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
