import Foundation
import Testing
import _TestSupport

@testable import SampleCompression

/// A calibration's chunks, taken by the whole coding instead of being coded again.
@Suite struct ChunkReuseTests {
    static let chunkSize = 1_000

    /// A loud-and-quiet signal (escapes included: the quantiser covers only the quiet part).
    static func signal(_ n: Int) -> [Double] {
        let noise = SeededSamples.gaussian(n, seed: 21)
        return noise.indices.map { i in
            let loud = (i / 700) % 3 == 0 ? 30.0 : 1.0
            return loud * sin(Double(i) / 9) + 0.2 * noise[i]
        }
    }

    static func quantizer(step: Double) -> ResidualQuantizer {
        let codewords = (-8...8).map { Double($0) * step }
        let thresholds = (-8..<8).map { (Double($0) + 0.5) * step }
        return ResidualQuantizer(
            codewords: codewords, thresholds: thresholds, halfWidth: step / 2,
            lowestEdge: codewords[0] - step / 2, highestEdge: codewords[16] + step / 2)
    }

    static func encoder(step: Double) -> ClosedLoopEncoder {
        ClosedLoopEncoder(
            quantizer: quantizer(step: step), maximumError: step / 2 * (1 + 1e-9),
            importantTolerance: .infinity, roundsToFloat32: false)
    }

    static func same(_ a: PredictiveCoding, _ b: PredictiveCoding) -> Bool {
        a.symbols == b.symbols && a.counts == b.counts && a.escapes == b.escapes
            && a.activities == b.activities && a.squaredErrorSum == b.squaredErrorSum
            && a.maximumAbsoluteError == b.maximumAbsoluteError
    }

    @Test(
        "chunks coded ahead are taken as they are: the whole coding is the same, for every predictor kind",
        arguments: [Predictor.Kind.interpolation, .previous, .lorenzo2])
    func reusedChunksGiveTheSameCoding(kind: Predictor.Kind) {
        // 7.5 chunks: the last one short, and one of the reused chunks without a partner.
        let x = Self.signal(7_500)
        let predictor = Predictor(kind: kind, extents: kind.interpolates ? [1] : [])
        let encoder = Self.encoder(step: 0.3)
        x.withUnsafeBufferPointer { values in
            let whole = PredictiveCoding(
                values: values, importance: nil, predictor: predictor, encoder: encoder,
                chunkSize: Self.chunkSize)
            #expect(whole.escapes.count > 0)
            for indices in [[1], [2, 5], [0, 3, 7]] {
                let coded = CodedChunks(
                    indices, values: values, importance: nil, predictor: predictor,
                    encoder: encoder, chunkSize: Self.chunkSize)
                let reused = PredictiveCoding(
                    values: values, importance: nil, predictor: predictor, encoder: encoder,
                    chunkSize: Self.chunkSize, reusing: coded)
                #expect(Self.same(whole, reused), "chunks \(indices)")
                #expect(reused.reusedChunkCount == indices.count)
                // The chunks' own error is the whole coding's over the same values.
                let error = indices.reduce(0.0) { sum, c in
                    let range = (c * Self.chunkSize)..<min(x.count, (c + 1) * Self.chunkSize)
                    return sum
                        + PredictiveCoding(
                            values: UnsafeBufferPointer(rebasing: values[range]), importance: nil,
                            predictor: predictor, encoder: encoder, chunkSize: Self.chunkSize
                        ).squaredErrorSum
                }
                #expect(
                    abs(coded.meanSquaredError * Double(coded.symbols.count) - error) <= 1e-9
                        * error)
            }
        }
    }

    @Test("chunks coded with another quantiser, predictor or chunk size are coded again")
    func mismatchedChunksAreIgnored() {
        let x = Self.signal(5_000)
        let predictor = Predictor(kind: .interpolation, extents: [1])
        x.withUnsafeBufferPointer { values in
            let encoder = Self.encoder(step: 0.3)
            let whole = PredictiveCoding(
                values: values, importance: nil, predictor: predictor, encoder: encoder,
                chunkSize: Self.chunkSize)
            let others = [
                CodedChunks(
                    [1, 2], values: values, importance: nil, predictor: predictor,
                    encoder: Self.encoder(step: 0.31), chunkSize: Self.chunkSize),
                CodedChunks(
                    [1, 2], values: values, importance: nil,
                    predictor: Predictor(kind: .linearInterpolation, extents: [1]),
                    encoder: encoder,
                    chunkSize: Self.chunkSize),
                CodedChunks(
                    [1, 2], values: values, importance: nil, predictor: predictor,
                    encoder: encoder, chunkSize: 2 * Self.chunkSize),
            ]
            for other in others {
                let coding = PredictiveCoding(
                    values: values, importance: nil, predictor: predictor, encoder: encoder,
                    chunkSize: Self.chunkSize, reusing: other)
                #expect(Self.same(whole, coding))
                #expect(coding.reusedChunkCount == 0)
            }
        }
    }
}
