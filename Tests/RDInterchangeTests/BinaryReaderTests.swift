import Foundation
import Testing
import _TestSupport

@testable import RDInterchange

@Suite("npy and raw float input")
struct BinaryReaderTests {
    let folder: ScratchFolder
    init() throws { folder = try ScratchFolder() }

    func failure(_ name: String, _ bytes: [UInt8], options: DataReadOptions = DataReadOptions())
        throws
        -> DataInputError?
    {
        let url = try folder.file(name, bytes: bytes)
        do {
            _ = try SampleSet(contentsOf: url, options: options)
            return nil
        } catch {
            return error
        }
    }

    func path(_ name: String) -> String { folder.url.appendingPathComponent(name).path }

    @Test(".npy float64 two dimensional rows are samples", arguments: [UInt8(1), 2, 3])
    func npyFloat64TwoDimensionalRowsAreSamples(major: UInt8) throws {
        let bytes = npyBytes(
            header: "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }",
            payload: float64Bytes([1, 2, 3, 4, 5, 6]), major: major)
        let samples = try SampleSet(contentsOf: folder.file("a.npy", bytes: bytes))
        #expect(samples.dimension == 2)
        #expect(samples.count == 3)
        #expect(Array(samples[sample: 1]) == [3, 4])
    }

    @Test(".npy float32 one dimensional") func npyFloat32OneDimensional() throws {
        let bytes = npyBytes(
            header: "{\"descr\": \"<f4\", \"fortran_order\": False, \"shape\": (4,)}",
            payload: float32Bytes([0.5, -1, 2, 8]))
        let samples = try SampleSet(contentsOf: folder.file("a.npy", bytes: bytes))
        #expect(samples.dimension == 1)
        #expect(samples.values == [0.5, -1, 2, 8])
    }

    @Test(
        ".npy other data types are rejected",
        arguments: [
            "|b1", "<c16", ">c8", "<i16", "<f16", ">f16", "<U3", "|S5", "|f8", "=f8", "<M8[ns]",
            "|O",
        ])
    func npyOtherDataTypesAreRejected(descriptor: String) throws {
        let bytes = npyBytes(
            header: "{'descr': '\(descriptor)', 'fortran_order': False, 'shape': (1,), }",
            payload: [UInt8](repeating: 0, count: 16))
        #expect(
            try failure("a.npy", bytes)
                == .unsupportedDataType(file: path("a.npy"), descriptor: descriptor))
    }

    @Test(
        ".npy whole numbers of every width are read exactly as float64",
        arguments: [
            ("|i1", 1, -128 as Int64, 127 as Int64), ("|u1", 1, 0, 255), ("<i2", 2, -32768, 32767),
            ("<u2", 2, 0, 65535), ("<i4", 4, -2_147_483_648, 2_147_483_647),
            ("<u4", 4, 0, 4_294_967_295), ("<i8", 8, -(1 << 53), 1 << 53), ("<u8", 8, 0, 1 << 53),
        ])
    func npyWholeNumbers(descriptor: String, width: Int, low: Int64, high: Int64) throws {
        let values: [Int64] = [low, 0, high, 1, low + 1]
        let bytes = npyBytes(
            header: "{'descr': '\(descriptor)', 'fortran_order': False, 'shape': (5,), }",
            payload: integerBytes(values, width: width))
        let samples = try SampleSet(contentsOf: folder.file("a.npy", bytes: bytes))
        #expect(samples.values == values.map { Double($0) })
        #expect(samples.layout.valueType == .float64)
    }

    @Test(".npy 64-bit whole numbers beyond ±2^53 are refused, naming the value")
    func npyInexactWholeNumbers() throws {
        let values: [Int64] = [3, (1 << 53) + 1, 5]
        let bytes = npyBytes(
            header: "{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }",
            payload: integerBytes(values, width: 8))
        let error = try failure("a.npy", bytes)
        #expect(
            error
                == .inexactInteger(
                    file: path("a.npy"), at: .element(sample: 1, coordinate: 0),
                    field: "9007199254740993"))
        #expect("\(error.map { $0 } as Any)".contains("beyond ±2^53"))
    }

    @Test(".npy structured dtypes are rejected, naming their fields")
    func npyStructuredDataTypeIsRejected() throws {
        let fields = "[('a', '<f8'), ('b', '<i4', (2,))]"
        let bytes = npyBytes(
            header: "{'descr': \(fields), 'fortran_order': False, 'shape': (1,), }",
            payload: [UInt8](repeating: 0, count: 16))
        let error = try failure("a.npy", bytes)
        #expect(error == .unsupportedDataType(file: path("a.npy"), descriptor: fields))
        #expect("\(error.map { $0 } as Any)".contains("float16 'f2'"))
    }

    @Test(".npy truncated data is rejected") func npyTruncatedDataIsRejected() throws {
        let bytes = npyBytes(
            header: "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }",
            payload: float64Bytes([1, 2]))
        #expect(
            try failure("a.npy", bytes)
                == .truncatedData(file: path("a.npy"), expectedBytes: 24, actualBytes: 16))
    }

    @Test(".npy trailing data is rejected") func npyTrailingDataIsRejected() throws {
        let bytes = npyBytes(
            header: "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }",
            payload: float64Bytes([1, 2]))
        #expect(
            try failure("a.npy", bytes)
                == .trailingData(file: path("a.npy"), expectedBytes: 8, actualBytes: 16))
    }

    @Test(
        ".npy shapes of no dimension or more than 32 are rejected",
        arguments: ["()", "(" + String(repeating: "1, ", count: 33) + ")"])
    func npyShapesOfNoOrTooManyDimensionsAreRejected(shape: String) throws {
        let bytes = npyBytes(
            header: "{'descr': '<f8', 'fortran_order': False, 'shape': \(shape), }",
            payload: float64Bytes([1]))
        guard case .unsupportedShape? = try failure("a.npy", bytes) else {
            Issue.record("expected unsupportedShape")
            return
        }
    }

    @Test(".npy of three or more dimensions is a field of scalar samples, its shape kept")
    func npyFieldOfScalars() throws {
        let values = (0..<24).map { Double($0) / 4 }
        let bytes = npyBytes(
            header: "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3, 1, 4), }",
            payload: float64Bytes(values))
        let samples = try SampleSet(contentsOf: try folder.file("a.npy", bytes: bytes))
        #expect(samples.dimension == 1)
        #expect(samples.values == values)
        #expect(samples.layout == SampleLayout(valueType: .float64, shape: [2, 3, 1, 4]))
        #expect(samples.layout.fieldExtents == [1, 4])
    }

    @Test(".npy in Fortran order with at most one extent above 1 is read as stored")
    func npyFortranOrderOfOneExtent() throws {
        for shape in ["(3, 1, 1)", "(1, 3)", "(1, 3, 1)", "(3,)"] {
            let bytes = npyBytes(
                header: "{'descr': '<f8', 'fortran_order': True, 'shape': \(shape), }",
                payload: float64Bytes([1, 2, 3]))
            let samples = try SampleSet(contentsOf: folder.file("a.npy", bytes: bytes))
            #expect(samples.values == [1, 2, 3], "\(shape)")
        }
    }

    @Test(".npy in Fortran order with two extents above 1 is read in C order")
    func npyFortranOrderOfTwoExtents() throws {
        let values: [Double] = [1, 2, 3, 4, 5, 6]
        let bytes = npyBytes(
            header: "{'descr': '<f8', 'fortran_order': True, 'shape': (3, 2, 1), }",
            payload: float64Bytes(fortranOrder(values, shape: [3, 2, 1])))
        let samples = try SampleSet(contentsOf: folder.file("c.npy", bytes: bytes))
        #expect(samples.values == values)
        #expect(samples.layout == SampleLayout(valueType: .float64, shape: [3, 2, 1]))
    }

    @Test(".npy with an extent of 0 among several is empty data")
    func npyEmptyField() throws {
        let bytes = npyBytes(
            header: "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 0, 3), }", payload: [])
        #expect(try failure("a.npy", bytes) == .emptyData(file: path("a.npy")))
    }

    @Test(".npy empty array is empty data") func npyEmptyArrayIsEmptyData() throws {
        let bytes = npyBytes(
            header: "{'descr': '<f8', 'fortran_order': False, 'shape': (0,), }", payload: [])
        #expect(try failure("a.npy", bytes) == .emptyData(file: path("a.npy")))
    }

    @Test(".npy bad magic is not NPY") func npyBadMagicIsNotNPY() throws {
        #expect(
            try failure("a.npy", Array("hello, world".utf8)) == .notNPYFile(file: path("a.npy")))
    }

    @Test(".npy unknown version is rejected") func npyUnknownVersionIsRejected() throws {
        var bytes = npyBytes(
            header: "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }",
            payload: float64Bytes([1]))
        bytes[6] = 4
        #expect(
            try failure("a.npy", bytes)
                == .unsupportedNPYVersion(file: path("a.npy"), major: 4, minor: 0))
    }

    @Test(
        ".npy malformed headers are rejected",
        arguments: [
            "{'descr': '<f8', 'shape': (1,), }",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (1,)",
            "{'descr': '<f8', 'fortran_order': Maybe, 'shape': (1,), }",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (a,), }",
            "['descr']",
        ])
    func npyMalformedHeadersAreRejected(header: String) throws {
        let bytes = npyBytes(header: header, payload: float64Bytes([1]))
        guard case .malformedNPYHeader? = try failure("a.npy", bytes) else {
            Issue.record("expected malformedNPYHeader for \(header)")
            return
        }
    }

    @Test(".npy header longer than file is malformed") func npyHeaderLongerThanFileIsMalformed()
        throws
    {
        let bytes = [0x93] + Array("NUMPY".utf8) + [1, 0, 200, 0] + Array("{'descr'".utf8)
        guard case .malformedNPYHeader? = try failure("a.npy", bytes) else {
            Issue.record("expected malformedNPYHeader")
            return
        }
    }

    @Test(".npy NaN is rejected with its position") func npyNaNIsRejectedWithItsPosition() throws {
        let bytes = npyBytes(
            header: "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }",
            payload: float64Bytes([1, 2, 3, .nan]))
        #expect(
            try failure("a.npy", bytes)
                == .nonFiniteValue(
                    file: path("a.npy"), at: .element(sample: 1, coordinate: 1), field: "nan"))
    }

    @Test("raw float64 is one dimensional by default") func rawFloat64IsOneDimensionalByDefault()
        throws
    {
        let samples = try SampleSet(
            contentsOf: folder.file("a.f64", bytes: float64Bytes([1, -2, 3.25])))
        #expect(samples.dimension == 1)
        #expect(samples.values == [1, -2, 3.25])
    }

    @Test("raw float32 with dimension") func rawFloat32WithDimension() throws {
        let url = try folder.file("a.F32", bytes: float32Bytes([1, 2, 3, 4, 5, 6]))
        let samples = try SampleSet(contentsOf: url, options: DataReadOptions(dimension: 3))
        #expect(samples.dimension == 3)
        #expect(samples.count == 2)
    }

    @Test("raw count must divide by dimension") func rawCountMustDivideByDimension() throws {
        let error = try failure(
            "a.f64", float64Bytes([1, 2, 3]), options: DataReadOptions(dimension: 2))
        #expect(error == .countNotDivisible(file: path("a.f64"), count: 3, dimension: 2))
    }

    @Test("raw partial value is truncated") func rawPartialValueIsTruncated() throws {
        #expect(
            try failure("a.f64", float64Bytes([1]) + [0, 0])
                == .truncatedData(file: path("a.f64"), expectedBytes: 16, actualBytes: 10))
    }

    @Test("raw infinity is rejected") func rawInfinityIsRejected() throws {
        let error = try failure("a.f32", float32Bytes([1, -.infinity]))
        #expect(
            error
                == .nonFiniteValue(
                    file: path("a.f32"), at: .element(sample: 1, coordinate: 0), field: "-inf"))
    }

    @Test("raw empty file is empty data") func rawEmptyFileIsEmptyData() throws {
        #expect(try failure("a.f64", []) == .emptyData(file: path("a.f64")))
    }

    @Test("important column needs CSV") func importantColumnNeedsCSV() throws {
        let error = try failure(
            "a.f64", float64Bytes([1]), options: DataReadOptions(importantColumn: "flag"))
        #expect(error == .columnNeedsCSV(file: path("a.f64"), name: "flag"))
    }

    @Test("dimension below one is rejected", arguments: [0, -2])
    func dimensionBelowOneIsRejected(dimension: Int) throws {
        let error = try failure(
            "a.f64", float64Bytes([1]), options: DataReadOptions(dimension: dimension))
        #expect(error == .invalidParameter(name: "--dimension", value: dimension))
    }
}
