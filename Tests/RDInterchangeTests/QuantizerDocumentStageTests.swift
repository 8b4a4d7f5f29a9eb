import Foundation
import Quantization
import Testing

@testable import RDInterchange

/// The annealing stages of a quantizer document: what each records, and documents from before
/// iterations and settling were recorded.
@Suite("Quantizer document stages")
struct QuantizerDocumentStageTests {
    static func document(stages: [QuantizerDocument.Stage]) throws -> QuantizerDocument {
        let quantizer = try Quantizer(
            dimension: 1, codebook: [-1, 1], probabilities: [0.5, 0.5], slope: 2,
            importantTolerance: nil)
        return QuantizerDocument(
            quantizer: quantizer, importanceRule: nil, training: nil, relaxation: nil,
            stages: stages)
    }

    static func parsed(_ text: String) throws(DocumentError) -> QuantizerDocument {
        try QuantizerDocument.parse(Data(text.utf8), file: "q.json")
    }

    @Test("iterations and settling survive a round trip")
    func roundTrip() throws {
        let stages = [
            QuantizerDocument.Stage(
                temperature: 1, mutualInformationBits: 1.5, outputEntropyBits: 2,
                conditionalEntropyBits: 0.5, distortion: 0.1, liveCodewords: 40, iterations: 12,
                settled: true),
            QuantizerDocument.Stage(
                temperature: 0.5, mutualInformationBits: 1.6, outputEntropyBits: 1.8,
                conditionalEntropyBits: 0.2, distortion: 0.1, liveCodewords: 9, iterations: 60,
                settled: false),
        ]
        let text = try Self.document(stages: stages).json.serialized(pretty: true)
        #expect(try Self.parsed(text).stages == stages)
    }

    @Test("a document without them parses, with both unknown; bad values are refused")
    func olderAndBadDocuments() throws {
        let stage = QuantizerDocument.Stage(
            temperature: 1, mutualInformationBits: 1.5, outputEntropyBits: 2,
            conditionalEntropyBits: 0.5, distortion: 0.1, liveCodewords: 40)
        let text = try Self.document(stages: [stage]).json.serialized(pretty: true)
        #expect(!text.contains("settled"))
        let older = try Self.parsed(text).stages
        #expect(older == [stage] && older[0].iterations == nil && older[0].settled == nil)
        for (from, to) in [
            ("\"live_codewords\": 40", "\"live_codewords\": 1e300"),
            ("\"live_codewords\": 40", "\"live_codewords\": 40, \"settled\": 1"),
            ("\"live_codewords\": 40", "\"live_codewords\": 40, \"iterations\": 2.5"),
        ] {
            let bad = text.replacingOccurrences(of: from, with: to)
            #expect(bad != text)
            #expect(throws: DocumentError.self) { try Self.parsed(bad) }
        }
    }
}
