import EntropyCoding
import Quantization
import RDInterchange
import RDWorkflows
import RateDistortion
import SampleCompression
import Testing

/// The one classification of library errors that the command line and the C entry points
/// share: the message after `error: ` and the exit status.
@Suite("Library failures")
struct LibraryFailureTests {
    @Test("document, data and design-input errors are bad input with their own message")
    func badInput() {
        let document = DocumentError.field(file: "p.json", key: "source", reason: "missing")
        #expect(LibraryFailure(document) == .badInput(document.description))
        let data = DataInputError.emptyData(file: "x.csv")
        #expect(LibraryFailure(data).status == 2)
        #expect(LibraryFailure(QuantizationError.emptyData).status == 2)
    }

    @Test("a design target not reached is a failure (status 1) that says what to try")
    func targetNotReached() {
        let failure = LibraryFailure(
            QuantizationError.targetNotReached(target: 0.1, bestDistortion: 0.2))
        #expect(failure.status == 1)
        #expect(failure.message.hasSuffix("try more --stages or --codewords)"))
    }

    @Test("a compression error is bad input unless a file cannot be written")
    func compression() {
        let unwritable = CompressionError.container(
            file: "o.rdq", .fileSystem(operation: .open, path: "o.rdq", code: 13))
        #expect(LibraryFailure(unwritable).status == 1)
        let mismatch = CompressionError.dimensionMismatch(file: "x.npy", data: 2, quantizer: 1)
        #expect(LibraryFailure(mismatch) == .badInput(mismatch.description))
    }

    @Test("a problem error names the input when a file is given")
    func problemErrorNamesTheFile() {
        let error = RateDistortionError.empty(field: "codebook")
        #expect(LibraryFailure(error, file: "p.json").message == "p.json: \(error)")
        #expect(LibraryFailure(error).message == error.description)
    }
}
