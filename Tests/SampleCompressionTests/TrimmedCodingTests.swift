import Foundation
import Testing
import _TestSupport

@testable import SampleCompression

/// A coding trimmed to fewer codewords codes again only the chunks that used the others
/// (``PredictiveCoding/trimmed(to:values:importance:predictor:encoder:chunkSize:)``), and
/// comes out as coding everything again would.
@Suite struct TrimmedCodingTests {
    static let chunkSize = 1_000

    /// Quiet noise in ten chunks, with bursts in chunks 3 and 7 that reach the outer codewords
    /// and beyond (escapes).
    static func signal() -> [Double] {
        let noise = SeededSamples.gaussian(10_000, seed: 31)
        return noise.indices.map { i in
            let burst = (3_400..<3_460).contains(i) || (7_100..<7_130).contains(i)
            return sin(Double(i) / 40) + (burst ? 4 : 0.05) * noise[i]
        }
    }

    static func encoder(_ quantizer: ResidualQuantizer) -> ClosedLoopEncoder {
        ClosedLoopEncoder(
            quantizer: quantizer, maximumError: quantizer.halfWidth * (1 + 1e-9),
            importantTolerance: .infinity, roundsToFloat32: false)
    }

    @Test(
        "trimmed, it is the coding of the trimmed quantiser, with the quiet chunks renumbered",
        arguments: [Predictor.Kind.interpolation, .previous, .lorenzo2])
    func trimmedEqualsCodedAgain(kind: Predictor.Kind) throws {
        let x = Self.signal()
        let predictor = Predictor(kind: kind, extents: kind.interpolates ? [1] : [])
        let quantizer = ChunkReuseTests.quantizer(step: 0.3)
        try x.withUnsafeBufferPointer { values in
            let coding = PredictiveCoding(
                values: values, importance: nil, predictor: predictor,
                encoder: Self.encoder(quantizer), chunkSize: Self.chunkSize)
            #expect(coding.chunkResults.count == 10)
            #expect(coding.escapes.count > 0)
            for kept in [3...13, 5...11, 2...14, 0...15, 8...8] {
                let trimmed = try #require(quantizer.keeping(kept))
                let fast = coding.trimmed(
                    to: kept, values: values, importance: nil, predictor: predictor,
                    encoder: Self.encoder(trimmed), chunkSize: Self.chunkSize)
                let full = PredictiveCoding(
                    values: values, importance: nil, predictor: predictor,
                    encoder: Self.encoder(trimmed), chunkSize: Self.chunkSize)
                #expect(ChunkReuseTests.same(fast, full), "\(kind), keeping \(kept)")
                #expect(fast.importantCount == full.importantCount)
                #expect(fast.chunkResults.count == full.chunkResults.count)
                for (a, b) in zip(fast.chunkResults, full.chunkResults) {
                    #expect(a.counts == b.counts && a.escapes == b.escapes)
                    #expect(a.squaredErrorSum == b.squaredErrorSum)
                }
            }
            // The quiet chunks use the middle codewords only: keeping those, the bursts'
            // chunks alone differ from a renumbering.
            let middle = 3...13
            let quiet = coding.chunkResults.indices.filter { c in
                let used = coding.chunkResults[c].counts
                return used.indices.allSatisfy { used[$0] == 0 || middle.contains($0) }
            }
            #expect(quiet.count >= 6, "\(quiet.count) quiet chunks")
            #expect(!quiet.contains(3) && !quiet.contains(7))
        }
    }
}
