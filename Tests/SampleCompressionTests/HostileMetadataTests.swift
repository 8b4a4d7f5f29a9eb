import EntropyCoding
import Foundation
import Testing
import _TestSupport

@testable import SampleCompression

/// Metadata whose header CRC matches but whose fields are forged or broken: every case is an
/// `invalidMetadata` error, never a trap or a huge allocation.
@Suite("hostile metadata")
struct HostileMetadataTests {
    /// Five samples of a three-codeword alphabet.
    static let symbols: [UInt32] = [0, 1, 2, 1, 0]

    /// A file with these metadata bytes and a valid CRC.
    static func file(metadata: [UInt8]) throws -> [UInt8] {
        let table = try FrequencyTable(
            counts: FrequencyTable.histogram(of: symbols, alphabetSize: 3))
        return try CompressedFile.encode(symbols, table: table, metadata: metadata)
    }

    /// Valid metadata: flags, dimension 1, shape [5], three codewords, then `tail`.
    static func metadata(flags: UInt8 = 0, codebook: [Double] = [-1, 0, 1], tail: [UInt8] = [])
        -> [UInt8]
    {
        var bytes: [UInt8] = [flags, 1, 1, 5]
        bytes.appendDoubles(codebook)
        return bytes + tail
    }

    /// Metadata with an escape symbol (symbol 2, one past two codewords): `count`, then `values`.
    static func escapes(count: UInt8, values: [Double]) -> [UInt8] {
        var bytes = metadata(flags: 8, codebook: [-1, 0], tail: [count])
        bytes.appendDoubles(values)
        return bytes
    }

    @Test("the valid base decodes, with and without escapes")
    func validBase() throws {
        let samples = try SampleDecompression.reconstruction(
            of: try Self.file(metadata: Self.metadata()))
        #expect(samples.values == [-1, 0, 1, 0, -1])
        let escaped = try SampleDecompression.reconstruction(
            of: try Self.file(metadata: Self.escapes(count: 1, values: [7])))
        #expect(escaped.values == [-1, 0, 7, 0, -1])
    }

    static let broken: [(String, [UInt8])] = [
        ("empty", []),
        ("unknown flag bits", metadata(flags: 8)),
        ("dimension 0", [0, 0, 1, 5]),
        ("dimension 5000", [0, 0x88, 0x27, 1, 5]),
        ("rank 0", [0, 1, 0]),
        ("rank 33", [0, 1, 33] + [UInt8](repeating: 1, count: 33)),
        ("a shape of 2^62", [0, 1, 1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40]),
        ("a shape of 6 for 5 samples", [0, 1, 1, 6] + Array(metadata()[4...])),
        ("a varint not in its shortest form", [0, 0x81, 0x00, 1, 5]),
        ("a varint of 11 bytes", [0, 1, 1] + [UInt8](repeating: 0xFF, count: 11)),
        ("a truncated codebook", Array(metadata().prefix(20))),
        ("a NaN codeword", metadata(codebook: [-1, .nan, 1])),
        ("an infinite codeword", metadata(codebook: [-1, .infinity, 1])),
        (
            "float32 data with a codeword beyond float32",
            metadata(flags: 1, codebook: [-1, 1e300, 1])
        ),
        ("a byte left over", metadata(tail: [0])),
        ("column names missing", metadata(flags: 2)),
        ("a column name too long", metadata(flags: 2, tail: [0x81, 0x40])),
        ("a column name of invalid UTF-8", metadata(flags: 2, tail: [2, 0xC3, 0x28])),
        ("a column name with a comma", metadata(flags: 2, tail: [3, 0x61, 0x2C, 0x62])),
        ("a column name with a newline", metadata(flags: 2, tail: [2, 0x61, 0x0A])),
        ("provenance missing", metadata(flags: 4)),
        (
            "more escaped samples than samples",
            escapes(count: 6, values: [Double](repeating: 2, count: 6))
        ),
        ("a NaN escaped value", escapes(count: 1, values: [.nan])),
        ("escaped values missing", escapes(count: 2, values: [2])),
        ("provenance claiming 1 GiB", metadata(flags: 4, tail: [0x80, 0x80, 0x80, 0x80, 0x04, 0])),
        ("provenance longer than the metadata", metadata(flags: 4, tail: [10, 100, 1, 2, 3])),
    ]

    @Test("forged or broken fields are invalid metadata", arguments: 0..<broken.count)
    func brokenField(index: Int) throws {
        let (name, metadata) = Self.broken[index]
        let bytes = try Self.file(metadata: metadata)
        do {
            _ = try SampleDecompression.decompress(bytes, format: .float64)
            Issue.record("\(name): accepted")
        } catch {
            guard case .invalidMetadata = error else {
                Issue.record("\(name): \(error)")
                return
            }
        }
    }

    @Test("a provenance that does not inflate is an error when asked for; decoding ignores it")
    func corruptProvenance() throws {
        let bytes = try Self.file(metadata: Self.metadata(flags: 4, tail: [10, 3, 1, 2, 3]))
        #expect(throws: CompressionError.self) { try SampleDecompression.provenance(of: bytes) }
        #expect(try SampleDecompression.reconstruction(of: bytes).values.count == 5)
    }

    @Test("random metadata never traps")
    func randomMetadata() throws {
        var rng = SplitMix64(seed: 31)
        var accepted = 0
        for round in 0..<2_000 {
            var metadata = Self.metadata(flags: UInt8(rng.next() % 8))
            let cuts = Int(rng.next() % 4)
            for _ in 0...cuts {
                let position = Int(rng.next() % UInt64(metadata.count))
                metadata[position] = UInt8(truncatingIfNeeded: rng.next())
            }
            if round % 3 == 0 { metadata = Array(metadata.prefix(Int(rng.next() % 40))) }
            let bytes = try Self.file(metadata: metadata)
            if (try? SampleDecompression.decompress(bytes, format: .csv)) != nil { accepted += 1 }
            _ = try? SampleDecompression.provenance(of: bytes)
        }
        // Damaged codeword bytes still make a valid file; the point is that nothing traps.
        #expect(accepted < 2_000)
    }
}
