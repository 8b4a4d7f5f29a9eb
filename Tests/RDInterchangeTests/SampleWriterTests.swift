import Foundation
import Testing
import _TestSupport

@testable import RDInterchange

@Suite("writing reconstructed data")
struct SampleWriterTests {
    let folder: ScratchFolder
    init() throws { folder = try ScratchFolder() }

    static let samples = SampleSet(dimension: 2, values: [0.1, -2, 1e-300, 3.5, 7, 123_456.789])

    @Test("written files read back exactly", arguments: ["out.csv", "out.npy", "out.f64"])
    func writtenFilesReadBackExactly(name: String) throws {
        let url = folder.url.appendingPathComponent(name)
        try Self.samples.write(to: url)
        let options = name.hasSuffix(".f64") ? DataReadOptions(dimension: 2) : DataReadOptions()
        let read = try SampleSet(contentsOf: url, options: options)
        #expect(read.values.map(\.bitPattern) == Self.samples.values.map(\.bitPattern))
        #expect(read.dimension == Self.samples.dimension)
        #expect(read.layout.shape == [3, 2])
        #expect(try folder.contents() == [name])
    }

    @Test("scalar NPY has one dimensional shape") func scalarNPYHasOneDimensionalShape() throws {
        let url = folder.url.appendingPathComponent("s.npy")
        try SampleSet(dimension: 1, values: [1, 2, 3]).write(to: url)
        let bytes = [UInt8](try Data(contentsOf: url))
        let header = try NPYHeader.parse(bytes, file: "s.npy")
        #expect(header.shape == [3])
        #expect(header.dataOffset % 64 == 0)
        #expect(String(decoding: bytes[..<header.dataOffset], as: UTF8.self).hasSuffix("\n"))
    }

    @Test("float32 output rounds to single precision") func float32OutputRoundsToSinglePrecision()
        throws
    {
        let url = folder.url.appendingPathComponent("s.f32")
        try SampleSet(dimension: 1, values: [0.1, 2]).write(to: url)
        #expect(try SampleSet(contentsOf: url).values == [Double(Float(0.1)), 2])
    }

    @Test("float32 overflow fails and leaves nothing") func float32OverflowFailsAndLeavesNothing()
        throws
    {
        let url = folder.url.appendingPathComponent("s.f32")
        #expect(
            throws: DataInputError.notRepresentableAsFloat32(
                file: url.path, sample: 1, value: 1e300)
        ) {
            try SampleSet(dimension: 1, values: [1, 1e300]).write(to: url)
        }
        #expect(try folder.contents().isEmpty)
    }

    @Test("unwritable folder fails and leaves nothing") func unwritableFolderFailsAndLeavesNothing()
        throws
    {
        let url = folder.url.appendingPathComponent("missing/out.csv")
        #expect {
            try Self.samples.write(to: url)
        } throws: { error in
            guard case .unwritableFile(let file, _) = error as? DataInputError else { return false }
            return file == url.path
        }
        #expect(try folder.contents().isEmpty)
    }

    @Test("existing file is replaced whole") func existingFileIsReplacedWhole() throws {
        let url = try folder.file(
            "out.csv", text: "old contents that are longer than the new ones\n")
        try SampleSet(dimension: 1, values: [4]).write(to: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == "4.0\n")
        #expect(try folder.contents() == ["out.csv"])
    }

    @Test("blocked signal round trips without padding") func blockedSignalRoundTripsWithoutPadding()
        throws
    {
        let signal = SampleSet(dimension: 1, values: [1, 2, 3, 4, 5])
        let url = folder.url.appendingPathComponent("signal.f64")
        try signal.blocked(into: 3).unblocked().write(to: url)
        let read = try SampleSet(contentsOf: url)
        #expect(read.values == signal.values && read.dimension == 1)
        #expect(read.layout == SampleLayout(valueType: .float64, shape: [5]))
    }
}
