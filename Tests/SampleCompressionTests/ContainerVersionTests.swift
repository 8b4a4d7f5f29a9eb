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

    @Test(
        "predicted files of the versions before 4 (written by the previous release) still decode within their bounds"
    )
    func earlierPredictedFilesRead() throws {
        // The data, as the files were made from it: a 60 × 50 field at |error| ≤ 0.02 (version
        // 3: interpolation with two tables) and a 400-value signal at |error| ≤ 0.01 (version 2).
        let field = (0..<60).flatMap { y in
            (0..<50).map { x in
                let (x, y) = (Double(x), Double(y))
                return sin(x / 9) + cos(y / 13) + 0.3 * sin((x + y) / 5)
                    + (x > 25 ? 0.05 * sin(x * y / 7) : 0)
            }
        }
        let signal = (0..<400).map { i in sin(Double(i) / 7) + 0.5 * sin(Double(i) / 3.1) }
        for (name, version, values, bound) in [
            ("predicted-v3-field.rdq", 3, field, 0.02),
            ("predicted-v2-signal.rdq", 2, signal, 0.01),
        ] {
            let bytes = try Self.fixture(name)
            #expect(bytes[8] == UInt8(version))
            let decoded = try SampleDecompression.reconstruction(of: bytes).values
            #expect(decoded.count == values.count)
            for (x, y) in zip(values, decoded) { #expect(abs(x - y) <= bound * (1 + 1e-9) + 1e-12) }
        }
    }

    /// The values the version-4 fixtures were made from (the first 8,000): an AR(1) signal
    /// (ρ = 0.97) whose innovations, from a 64-bit linear congruential generator, are 20 times
    /// larger in every other stretch of 1,000 values.
    static func burstySignal(_ count: Int = 8000) -> [Double] {
        var state: UInt64 = 12345
        var x = 0.0
        return (0..<count).map { i in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let u = Double(state >> 11) / Double(UInt64(1) << 53) - 0.5
            x = 0.97 * x + (i / 1000 % 2 == 1 ? 1.0 : 0.05) * u
            return x
        }
    }

    @Test(
        "version-4 predicted files (doubles for the activity thresholds, a pair of 32-bit words per segment) still decode within their bound"
    )
    func versionFourPredictedFilesRead() throws {
        let signal = Self.burstySignal()
        // Both at MSE ≤ 0.001: linear prediction of order 8 with two activity bins, and
        // interpolation with level scales in 4 level groups × 2 bins (eight segments).
        for (name, segments) in [
            ("predicted-v4-signal.rdq", 2), ("predicted-v4-interpolation.rdq", 8),
        ] {
            let bytes = try Self.fixture(name)
            #expect(bytes[8] == 4)
            let (header, _) = try CompressedFile.decode(bytes)
            #expect(header.tables.count == segments)
            let decoded = try SampleDecompression.reconstruction(of: bytes).values
            #expect(decoded.count == signal.count)
            let error = zip(signal, decoded).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
            #expect(error / Double(signal.count) <= 0.001 * (1 + 1e-9))
        }
    }
}
