import Testing

@testable import Quantization

/// The choice between the interval programme's and annealing's quantisers.
struct DeployedCandidateTests {
    @Test("with no candidate meeting D, the error names the lowest distortion either reached")
    func errorNamesTheDistortionReached() {
        let noProgramme = IntervalCandidate(unavailable: "vector data")
        #expect(throws: QuantizationError.targetNotReached(target: 4, bestDistortion: 8.5)) {
            try QuantizerDesigner.deployed(
                interval: noProgramme, annealed: nil, annealingReached: 8.5, target: 4)
        }
        #expect(throws: QuantizationError.targetNotReached(target: 4, bestDistortion: .infinity)) {
            try QuantizerDesigner.deployed(
                interval: noProgramme, annealed: nil, annealingReached: nil, target: 4)
        }
    }
}
