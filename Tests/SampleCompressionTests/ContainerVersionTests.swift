import EntropyCoding
import Foundation
import Testing

@testable import SampleCompression

/// Files of the previous container version are refused by name; the checked-in version-2
/// file still reads to the same reconstruction.
@Suite("container versions")
struct ContainerVersionTests {
    /// A file of `Fixtures/`.
    static func fixture(_ name: String) throws -> [UInt8] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent(name)
        return [UInt8](try Data(contentsOf: url))
    }

    @Test("a version-1 file (made by the first container's writer) is rejected by name")
    func versionOneRejected() throws {
        let bytes = try Self.fixture("version1.rdq")
        #expect(
            throws: CompressionError.container(
                file: "input", .unsupportedVersion(found: 1, supported: 2))
        ) {
            try SampleDecompression.decompress(bytes, format: .float64)
        }
        let message = EntropyCodingError.unsupportedVersion(found: 1, supported: 2).description
        #expect(message.contains("version 1 .rdq file"))
    }

    @Test(
        "the checked-in version-2 file decodes to its checked-in reconstruction, header row included"
    )
    func versionTwoReads() throws {
        let bytes = try Self.fixture("version2.rdq")
        let expected = try Self.fixture("version2.csv")
        let (csv, summary) = try SampleDecompression.decompress(bytes, format: .csv)
        #expect(csv == expected)
        #expect(summary.samples == 40)
        #expect(summary.layout.columnNames == ["x"])
        // The same file, written again from its own symbols, is byte for byte the same.
        let (header, symbols) = try CompressedFile.decode(bytes)
        #expect(
            try CompressedFile.encode(
                symbols, table: header.table, metadata: header.metadata,
                chunkSize: header.chunkSize) == bytes)
    }
}
