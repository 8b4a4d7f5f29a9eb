import Foundation
import Testing
import _TestSupport

@testable import RDInterchange

/// ``SampleStream`` hands out exactly what the whole-file reader reads — the same samples,
/// flags and layout, or the same error — whatever the piece size, from a regular file and from
/// a FIFO (where no size is known in advance).
@Suite("streamed sample files")
struct SampleStreamTests {
    let folder: ScratchFolder
    init() throws { folder = try ScratchFolder("rdopt-stream") }

    /// A file of the cases below: its name (the extension is its format), bytes and options.
    struct Case: CustomTestStringConvertible, Sendable {
        var label: String
        var name: String
        var bytes: [UInt8]
        var options = DataReadOptions()
        var testDescription: String { label }
    }

    static let values = (0..<45).map { Double($0) * 0.37 - 7 }
    static let header1D = "{'descr': '<f8', 'fortran_order': False, 'shape': (45,), }"
    static let header2D = "{'descr': '<f4', 'fortran_order': False, 'shape': (15, 3), }"

    static let cases: [Case] = [
        Case(label: "raw float64", name: "a.f64", bytes: float64Bytes(values)),
        Case(
            label: "raw float32 in rows of 3", name: "a.f32",
            bytes: float32Bytes(values.map { Float($0) }), options: DataReadOptions(dimension: 3)),
        Case(
            label: "raw float64 in blocks of 4 (padded), marked by a rule", name: "a.f64",
            bytes: float64Bytes(values),
            options: DataReadOptions(blockLength: 4, importanceRule: .absoluteGreaterThan(6))),
        Case(
            label: ".npy float64 1-D", name: "a.npy",
            bytes: npyBytes(header: header1D, payload: float64Bytes(values))),
        Case(
            label: ".npy float32 (15, 3), marked by a rule", name: "a.npy",
            bytes: npyBytes(header: header2D, payload: float32Bytes(values.map { Float($0) })),
            options: DataReadOptions(importanceRule: .lessThan(-6))),
        Case(
            label: "CSV with a header row", name: "a.csv",
            bytes: Array(("x,y,z\n" + csvRows(values, width: 3)).utf8)),
        Case(
            label: ".npy int16 (15, 3)", name: "a.npy",
            bytes: npyBytes(
                header: "{'descr': '<i2', 'fortran_order': False, 'shape': (15, 3), }",
                payload: integerBytes(values.map { Int64($0 * 1000) }, width: 2))),
        Case(
            label: ".npy uint8", name: "a.npy",
            bytes: npyBytes(
                header: "{'descr': '|u1', 'fortran_order': False, 'shape': (45,), }",
                payload: integerBytes(values.map { Int64($0 * 10 + 100) }, width: 1))),
        Case(
            label: ".npy int64 beyond 2^53 late in the data", name: "a.npy",
            bytes: npyBytes(
                header: "{'descr': '<i8', 'fortran_order': False, 'shape': (45,), }",
                payload: integerBytes(
                    values.indices.map { $0 == 40 ? -(1 << 60) : Int64($0) - 20 }, width: 8))),
        Case(label: "an empty raw file", name: "a.f64", bytes: []),
        Case(
            label: "a truncated raw value", name: "a.f64",
            bytes: Array(float64Bytes(values).dropLast(3))),
        Case(
            label: "a raw count not divisible by the dimension", name: "a.f64",
            bytes: float64Bytes(values), options: DataReadOptions(dimension: 4)),
        Case(
            label: "a NaN late in the data", name: "a.f64",
            bytes: float64Bytes(values.enumerated().map { $0.offset == 41 ? .nan : $0.element })),
        Case(
            label: "a truncated .npy", name: "a.npy",
            bytes: Array(npyBytes(header: header1D, payload: float64Bytes(values)).dropLast(8))),
        Case(
            label: "data after a .npy array", name: "a.npy",
            bytes: npyBytes(header: header1D, payload: float64Bytes(values + [1, 2]))),
        Case(
            label: "a .npy header that claims 2 GiB", name: "a.npy",
            bytes: [0x93] + Array("NUMPY".utf8) + [2, 0, 0, 0, 0, 0x80]),
        Case(
            label: "a .npy shape whose data size overflows", name: "a.npy",
            bytes: npyBytes(
                header: "{'descr': '<f8', 'fortran_order': False, 'shape': (\(1 << 62),), }",
                payload: float64Bytes([1, 2]))),
        Case(
            label: "a NaN and a truncated last value (the size is reported first)", name: "a.f64",
            bytes: Array(float64Bytes([1, .nan, 2]).dropLast(1))),
        Case(
            label: "--block on rows of 3", name: "a.f32",
            bytes: float32Bytes(values.map { Float($0) }),
            options: DataReadOptions(dimension: 3, blockLength: 2)),
        Case(
            label: ".npy big-endian float64 (15, 3)", name: "a.npy",
            bytes: npyBytes(
                header: "{'descr': '>f8', 'fortran_order': False, 'shape': (15, 3), }",
                payload: reversingEachValue(float64Bytes(values), width: 8))),
        Case(
            label: ".npy big-endian uint16 in blocks of 4", name: "a.npy",
            bytes: npyBytes(
                header: "{'descr': '>u2', 'fortran_order': False, 'shape': (45,), }",
                payload: reversingEachValue(
                    integerBytes(values.map { Int64($0 * 100 + 1000) }, width: 2), width: 2)),
            options: DataReadOptions(blockLength: 4)),
        Case(
            label: ".npy float16 (5, 9)", name: "a.npy",
            bytes: npyBytes(
                header: "{'descr': '<f2', 'fortran_order': False, 'shape': (5, 9), }",
                payload: float16Bytes(bits: values.indices.map { UInt16($0 * 677) }))),
        Case(
            label: ".npy big-endian float16", name: "a.npy",
            bytes: npyBytes(
                header: "{'descr': '>f2', 'fortran_order': False, 'shape': (45,), }",
                payload: reversingEachValue(
                    float16Bytes(bits: values.indices.map { UInt16($0 * 701) }), width: 2))),
        Case(
            label: ".npy big-endian NaN late in the data", name: "a.npy",
            bytes: npyBytes(
                header: "{'descr': '>f8', 'fortran_order': False, 'shape': (15, 3), }",
                payload: reversingEachValue(
                    float64Bytes(values.enumerated().map { $0.offset == 40 ? .nan : $0.element }),
                    width: 8))),
        Case(
            label: ".npy Fortran order (15, 3), marked by a rule", name: "a.npy",
            bytes: npyBytes(
                header: "{'descr': '<f8', 'fortran_order': True, 'shape': (15, 3), }",
                payload: float64Bytes(fortranOrder(values, shape: [15, 3]))),
            options: DataReadOptions(importanceRule: .lessThan(-6))),
        Case(
            label: ".npy Fortran order big-endian float32 (3, 5, 3) in blocks of 4", name: "a.npy",
            bytes: npyBytes(
                header: "{'descr': '>f4', 'fortran_order': True, 'shape': (3, 5, 3), }",
                payload: reversingEachValue(
                    float32Bytes(fortranOrder(values, shape: [3, 5, 3]).map { Float($0) }),
                    width: 4)),
            options: DataReadOptions(blockLength: 4)),
        Case(
            label: ".npy Fortran order with a NaN (at its C-order position)", name: "a.npy",
            bytes: npyBytes(
                header: "{'descr': '>f8', 'fortran_order': True, 'shape': (9, 5), }",
                payload: reversingEachValue(
                    float64Bytes(
                        fortranOrder(
                            values.enumerated().map { $0.offset == 13 ? .nan : $0.element },
                            shape: [9, 5])), width: 8))),
        Case(
            label: "a truncated Fortran-order .npy", name: "a.npy",
            bytes: Array(
                npyBytes(
                    header: "{'descr': '<f8', 'fortran_order': True, 'shape': (9, 5), }",
                    payload: float64Bytes(values)
                ).dropLast(3))),
        Case(
            label: "a Fortran-order .npy of rows of 5 read with --dimension 3", name: "a.npy",
            bytes: npyBytes(
                header: "{'descr': '<f8', 'fortran_order': True, 'shape': (9, 5), }",
                payload: float64Bytes(values)),
            options: DataReadOptions(dimension: 3)),
    ]

    /// What the whole-file reader gives: the samples or the error.
    func whole(_ path: String, _ format: DataFormat, _ options: DataReadOptions) -> Result<
        SampleSet, DataInputError
    > {
        Result { () throws(DataInputError) in
            try SampleSet(path: path, format: format, options: options)
        }
    }

    /// What the stream gives, its pieces joined (of at most `pieceValues` values each).
    func streamed(
        _ path: String, _ format: DataFormat, _ options: DataReadOptions, pieceValues: Int
    ) -> Result<SampleSet, DataInputError> {
        Result { () throws(DataInputError) in
            let stream = try SampleStream(path: path, format: format, options: options)
            var values: [Double] = []
            var flags: [Bool] = []
            while let piece = try stream.next(maximumValueCount: pieceValues) {
                #expect(piece.values.count <= max(pieceValues, stream.dimension))
                values += piece.values
                flags += piece.isImportant ?? []
            }
            var samples = SampleSet(
                dimension: stream.dimension, values: values,
                isImportant: options.importanceRule == nil ? nil : flags)
            samples.fileLayout = stream.layout
            return samples
        }
    }

    /// The whole-file result with the fields a stream reproduces (not `originalLength`, which
    /// the layout carries instead).
    func comparable(_ result: Result<SampleSet, DataInputError>) -> Result<
        SampleSet, DataInputError
    > {
        result.map { samples in
            var plain = SampleSet(
                dimension: samples.dimension, values: samples.values,
                isImportant: samples.isImportant)
            plain.fileLayout = samples.layout
            return plain
        }
    }

    @Test("a regular file streams as it reads whole, for any piece size", arguments: cases)
    func regularFile(_ file: Case) throws {
        let path = try folder.file(file.name, bytes: file.bytes).path
        let format = try DataFormat(of: URL(fileURLWithPath: path))
        let expected = comparable(whole(path, format, file.options))
        for pieceValues in [1, 7, 12, 1 << 21] {
            #expect(streamed(path, format, file.options, pieceValues: pieceValues) == expected)
        }
    }

    @Test("a FIFO streams as a regular file reads whole", arguments: cases)
    func fifo(_ file: Case) throws {
        let regular = try folder.file(file.name, bytes: file.bytes).path
        let format = try DataFormat(of: URL(fileURLWithPath: regular))
        let fifo = try SpecialFiles.makeFIFO("fifo.\(format.rawValue)", in: folder)
        let writer = FIFOPeer.writer(fifo, bytes: file.bytes)
        let result = streamed(fifo, format, file.options, pieceValues: 8)
        _ = writer.finish()
        let expected = comparable(whole(regular, format, file.options))
        // The messages name the file read.
        #expect(outcome(result, naming: fifo) == outcome(expected, naming: regular))
    }

    /// The samples, or the error's message with the file's path replaced by `FILE`.
    func outcome(_ result: Result<SampleSet, DataInputError>, naming path: String) -> String {
        switch result {
        case .success(let samples): "\(samples)"
        case .failure(let error): "\(error)".replacingOccurrences(of: path, with: "FILE")
        }
    }
}

/// `values` as CSV rows of `width` numbers.
private func csvRows(_ values: [Double], width: Int) -> String {
    stride(from: 0, to: values.count, by: width).map { start in
        values[start..<start + width].map { "\($0)" }.joined(separator: ",") + "\n"
    }.joined()
}
