import EntropyCoding
import Foundation
import Quantization
import RDInterchange
import Testing
import _TestSupport

@testable import SampleCompression

/// The first pass reads and codes the samples a piece at a time; the file and its figures do
/// not depend on the piece size.
@Suite("streaming compression")
struct StreamingCompressionTests {
    /// Samples of which every 100th (from the 7th) lies beyond 3 and is escaped, and a block of
    /// 70 samples with no importance.
    static func samples() -> SampleSet {
        let values = (0..<3_070).map { (i: Int) -> Double in
            let escaped = i % 100 == 7 && i < 3_000
            let x: Double = escaped ? 3 + Double(i) / 1_000 : Double(i % 3) * 0.45
            return x
        }
        return SampleSet(dimension: 1, values: values, isImportant: values.map { abs($0) > 3 })
    }

    /// The file and figures of pieces of at most `pieceValues` values.
    static func compressed(
        _ samples: SampleSet, pieceValues: Int, escapes: Bool = true
    ) throws -> (bytes: [UInt8], summary: SampleCompression.Summary) {
        let first = try SampleCompression.firstPass(
            SampleStream(samples), with: try EscapeTests.document(), file: "data", chunkSize: 256,
            provenance: false, escapes: escapes,
            spoolFolder: FileManager.default.temporaryDirectory.path,
            pieceValueCount: pieceValues)
        let bytes = try SampleCompression.secondPass(first, into: MemoryByteSink()).bytes
        return (bytes, SampleCompression.finished(first.summary, byteCount: bytes.count))
    }

    @Test("pieces of 1, 7, 100 and 5000 values give the same file and figures")
    func pieceSizeDoesNotMatter() throws {
        let samples = Self.samples()
        let reference = try Self.compressed(samples, pieceValues: 5_000)
        #expect(reference.summary.escapedSamples == 30)
        #expect(try SampleDecompression.reconstruction(of: reference.bytes).values.count == 3_070)
        for pieceValues in [1, 7, 100] {
            let (bytes, summary) = try Self.compressed(samples, pieceValues: pieceValues)
            #expect(bytes == reference.bytes)
            #expect(summary.escapedSamples == reference.summary.escapedSamples)
            #expect(summary.entropyBits == reference.summary.entropyBits)
            #expect(summary.importantCount == reference.summary.importantCount)
            // Sums taken piece by piece differ only in rounding.
            #expect(isClose(summary.distortion, reference.summary.distortion, relative: 1e-12))
        }
    }

    @Test("with escapes refused, unserved samples are numbered and counted over all pieces")
    func unservedOverPieces() throws {
        for pieceValues in [1, 7, 5_000] {
            #expect(
                throws: CompressionError.unservedSamples(
                    file: "data", samples: Array(stride(from: 7, to: 1_000, by: 100)), count: 30,
                    tolerance: 0.01)
            ) {
                try Self.compressed(Self.samples(), pieceValues: pieceValues, escapes: false)
            }
        }
    }

    @Test("the symbol spool gives back what it was given, at 1, 2 and 4 bytes a symbol")
    func spoolRoundTrip() throws {
        for alphabet in [256, 65_536, 1 << 20] {
            let spool = try SymbolSpool(
                alphabetSize: alphabet, folder: FileManager.default.temporaryDirectory.path)
            let symbols = (0..<10_000).map { UInt32(($0 * 7_919) % alphabet) }
            try spool.append(Array(symbols[..<3_333]))
            try spool.append(Array(symbols[3_333...]))
            var back: [UInt32] = []
            while true {
                let piece = try spool.read(maximum: 999)
                if piece.isEmpty { break }
                back += piece
            }
            #expect(back == symbols)
            #expect(spool.width == (alphabet <= 256 ? 1 : alphabet <= 65_536 ? 2 : 4))
        }
    }
}
