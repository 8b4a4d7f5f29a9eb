import Foundation
import Testing
import _TestSupport

@testable import RDInterchange

/// `.npy` arrays that numpy writes big-endian (`>f8`, `>i2` …), in Fortran order
/// (`np.asfortranarray`, a transposed array) or as float16 read as `np.load` gives them, in C
/// order with their declared shape, by every path that reads `.npy` data: the whole-file reader
/// of a regular file (read in place), the whole-file reader of bytes (a pipe, standard input),
/// and the stream that `compress --quantizer` reads.
@Suite("npy byte orders, Fortran order and float16")
struct NPYOrderTests {
    let folder: ScratchFolder
    init() throws { folder = try ScratchFolder("rdopt-npy-orders") }

    func path(_ name: String) -> String { folder.url.appendingPathComponent(name).path }

    /// What each path reads from `bytes`, written to `name`: the regular file read whole, the
    /// bytes read whole, and the stream's pieces of at most 5 values joined.
    func readings(_ bytes: [UInt8], name: String = "a.npy") throws -> [(
        path: String, result: Result<SampleSet, DataInputError>
    )] {
        let file = try folder.file(name, bytes: bytes).path
        let inPlace = Result { () throws(DataInputError) in
            try SampleSet(path: file, format: .npy)
        }
        let fromBytes = Result { () throws(DataInputError) in
            try NPYReader.read(bytes, file: file)
        }
        let streamed = Result { () throws(DataInputError) in
            let stream = try SampleStream(path: file, format: .npy)
            var values: [Double] = []
            while let piece = try stream.next(maximumValueCount: 5) { values += piece.values }
            var samples = SampleSet(dimension: stream.dimension, values: values)
            samples.fileLayout = stream.layout
            return samples
        }
        return [("whole file", inPlace), ("whole bytes", fromBytes), ("stream", streamed)]
    }

    /// Checks that every path reads `bytes` as `values` (C order) of this shape and value type.
    func expectRead(
        _ bytes: [UInt8], as values: [Double], shape: [Int],
        valueType: SampleLayout.ValueType = .float64,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        var expected = SampleSet(dimension: shape.count == 2 ? shape[1] : 1, values: values)
        expected.fileLayout = SampleLayout(valueType: valueType, shape: shape)
        for (path, result) in try readings(bytes) {
            #expect(result == .success(expected), "\(path)", sourceLocation: sourceLocation)
        }
    }

    /// Checks that every path refuses `bytes` with `error` (its file the one written).
    func expectFailure(
        _ bytes: [UInt8], _ error: (String) -> DataInputError,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        for (path, result) in try readings(bytes) {
            #expect(
                result == .failure(error(self.path("a.npy"))), "\(path)",
                sourceLocation: sourceLocation)
        }
    }

    /// A `.npy` header dictionary.
    static func header(_ descriptor: String, fortran: Bool = false, shape: [Int]) -> String {
        let dims =
            shape.count == 1
            ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        return
            "{'descr': '\(descriptor)', 'fortran_order': \(fortran ? "True" : "False"), 'shape': \(dims), }"
    }

    /// A case of big-endian data: the descriptor, the little-endian bytes of the values and
    /// their width, the values, and the value type they decompress to.
    struct BigEndianCase: CustomTestStringConvertible, Sendable {
        var descriptor: String
        var littleEndian: [UInt8]
        var width: Int
        var values: [Double]
        var valueType: SampleLayout.ValueType = .float64
        var testDescription: String { descriptor }
    }

    static let wholeNumbers: [Int64] = [-32768, -1, 0, 1, 32767, 258]

    static let bigEndianCases: [BigEndianCase] = [
        BigEndianCase(
            descriptor: ">f8", littleEndian: float64Bytes([1.5, -2.25, 1e300, -0.0, 3, 0x1p-1074]),
            width: 8, values: [1.5, -2.25, 1e300, -0.0, 3, 0x1p-1074]),
        BigEndianCase(
            descriptor: ">f4", littleEndian: float32Bytes([0.5, -1, 3.0e38, 0.1, 7, -0.0]),
            width: 4, values: [0.5, -1, 3.0e38, 0.1, 7, -0.0].map { Double(Float($0)) },
            valueType: .float32),
        BigEndianCase(
            descriptor: ">i2", littleEndian: integerBytes(wholeNumbers, width: 2), width: 2,
            values: wholeNumbers.map(Double.init)),
        BigEndianCase(
            descriptor: ">u2", littleEndian: integerBytes([0, 1, 65535, 258, 4096, 7], width: 2),
            width: 2, values: [0, 1, 65535, 258, 4096, 7]),
        BigEndianCase(
            descriptor: ">i4",
            littleEndian: integerBytes([-(1 << 31), -5, 0, 1 << 30, 3, 9], width: 4),
            width: 4, values: [-2_147_483_648, -5, 0, 1_073_741_824, 3, 9]),
        BigEndianCase(
            descriptor: ">u4",
            littleEndian: integerBytes([0, 1, 4_294_967_295, 258, 5, 6], width: 4),
            width: 4, values: [0, 1, 4_294_967_295, 258, 5, 6]),
        BigEndianCase(
            descriptor: ">i8",
            littleEndian: integerBytes([-(1 << 53), -1, 0, 1 << 53, 258, 9], width: 8),
            width: 8, values: [-9_007_199_254_740_992, -1, 0, 9_007_199_254_740_992, 258, 9]),
        BigEndianCase(
            descriptor: ">u8",
            littleEndian: integerBytes([0, 1, 1 << 53, 12_345_678_901_234, 258, 9], width: 8),
            width: 8, values: [0, 1, 9_007_199_254_740_992, 12_345_678_901_234, 258, 9]),
        BigEndianCase(
            descriptor: ">i1", littleEndian: integerBytes([-128, -1, 0, 1, 127, 5], width: 1),
            width: 1, values: [-128, -1, 0, 1, 127, 5]),
    ]

    @Test("big-endian arrays of every type are read as numpy reads them", arguments: bigEndianCases)
    func bigEndian(_ data: BigEndianCase) throws {
        let bytes = npyBytes(
            header: Self.header(data.descriptor, shape: [3, 2]),
            payload: reversingEachValue(data.littleEndian, width: data.width))
        try expectRead(bytes, as: data.values, shape: [3, 2], valueType: data.valueType)
    }

    /// float16 values with their bits: ±0, the smallest subnormal, the largest subnormal, the
    /// smallest normal, 1/3 rounded, 1, -2, 65504 (the largest).
    static let float16Values: [(bits: UInt16, value: Double)] = [
        (0x0000, 0), (0x8000, -0.0), (0x0001, 0x1p-24), (0x03FF, 1023 * 0x1p-24),
        (0x0400, 0x1p-14), (0x3555, 0.333251953125), (0x3C00, 1), (0xC000, -2), (0x7BFF, 65504),
    ]

    @Test("float16 arrays, little- and big-endian, are read exactly and decompress as float32")
    func float16() throws {
        let bits = Self.float16Values.map(\.bits)
        let values = Self.float16Values.map(\.value)
        try expectRead(
            npyBytes(header: Self.header("<f2", shape: [9]), payload: float16Bytes(bits: bits)),
            as: values, shape: [9], valueType: .float32)
        try expectRead(
            npyBytes(
                header: Self.header(">f2", shape: [3, 3]),
                payload: reversingEachValue(float16Bytes(bits: bits), width: 2)),
            as: values, shape: [3, 3], valueType: .float32)
        // The signs of the zeros too.
        let read = try SampleSet(
            path: folder.file(
                "z.npy",
                bytes: npyBytes(
                    header: Self.header("<f2", shape: [2]),
                    payload: float16Bytes(bits: [0, 0x8000]))
            ).path, format: .npy)
        #expect(read.values.map(\.sign) == [.plus, .minus])
    }

    #if !(os(macOS) && arch(x86_64))
    @Test("every float16 bit pattern converts as Swift's Float16 does")
    func float16Conversion() {
        for bits in UInt16.min...UInt16.max {
            let expected = Double(Float16(bitPattern: bits))
            let converted = RawFloatReader.double(float16Bits: bits)
            #expect(
                converted.bitPattern == expected.bitPattern || (converted.isNaN && expected.isNaN),
                "bits \(bits)")
        }
    }
    #endif

    @Test("a big-endian NaN and a float16 infinity are named at their positions")
    func bigEndianNonFinite() throws {
        let values: [Double] = [1, 2, 3, 4, .nan, 6]
        try expectFailure(
            npyBytes(
                header: Self.header(">f8", shape: [2, 3]),
                payload: reversingEachValue(float64Bytes(values), width: 8))
        ) {
            .nonFiniteValue(file: $0, at: .element(sample: 1, coordinate: 1), field: "nan")
        }
        try expectFailure(
            npyBytes(
                header: Self.header(">f2", shape: [4]),
                payload: reversingEachValue(
                    float16Bytes(bits: [0x3C00, 0x3C00, 0xFC00, 0]), width: 2))
        ) {
            .nonFiniteValue(file: $0, at: .element(sample: 2, coordinate: 0), field: "-inf")
        }
    }

    @Test("a big-endian int64 beyond ±2^53 is refused, naming the value")
    func bigEndianInexactInteger() throws {
        let values: [Int64] = [3, 5, (1 << 53) + 1, 7]
        try expectFailure(
            npyBytes(
                header: Self.header(">i8", shape: [2, 2]),
                payload: reversingEachValue(integerBytes(values, width: 8), width: 8))
        ) {
            .inexactInteger(
                file: $0, at: .element(sample: 1, coordinate: 0), field: "9007199254740993")
        }
    }

    /// `count` distinct values, the C-order reference of the Fortran-order arrays below.
    static func reference(_ count: Int) -> [Double] {
        (0..<count).map { Double($0) * 0.25 - 3 }
    }

    @Test(
        "a Fortran-order array is read as the same array in C order, rows as samples",
        arguments: [[4, 3], [3, 4, 5], [2, 3, 2, 2], [1, 3, 1, 4], [2, 1, 3, 1, 2]])
    func fortranOrder(shape: [Int]) throws {
        let values = Self.reference(shape.reduce(1, *))
        let stored = _TestSupport.fortranOrder(values, shape: shape)
        try expectRead(
            npyBytes(
                header: Self.header("<f8", fortran: true, shape: shape),
                payload: float64Bytes(stored)), as: values, shape: shape)
    }

    @Test("a Fortran-order big-endian array (float64, float32, int16) reads as numpy reads it")
    func fortranOrderBigEndian() throws {
        let values = Self.reference(10)
        let stored = _TestSupport.fortranOrder(values, shape: [5, 2])
        try expectRead(
            npyBytes(
                header: Self.header(">f8", fortran: true, shape: [5, 2]),
                payload: reversingEachValue(float64Bytes(stored), width: 8)),
            as: values, shape: [5, 2])
        try expectRead(
            npyBytes(
                header: Self.header(">f4", fortran: true, shape: [5, 2]),
                payload: reversingEachValue(float32Bytes(stored.map { Float($0) }), width: 4)),
            as: values, shape: [5, 2], valueType: .float32)
        let whole: [Int64] = (0..<24).map { Int64($0 * 1000 - 12_000) }
        try expectRead(
            npyBytes(
                header: Self.header(">i2", fortran: true, shape: [2, 3, 4]),
                payload: reversingEachValue(
                    integerBytes(_TestSupport.fortranOrder(whole, shape: [2, 3, 4]), width: 2),
                    width: 2)),
            as: whole.map(Double.init), shape: [2, 3, 4])
    }

    @Test("a NaN in a Fortran-order array is named at its C-order sample and coordinate")
    func fortranOrderNaN() throws {
        // Row 2, column 1 of a 4 × 3 array: stored 7th (2 + 4 · 1), sample 2 in C order.
        var values = Self.reference(12)
        values[2 * 3 + 1] = .nan
        try expectFailure(
            npyBytes(
                header: Self.header(">f8", fortran: true, shape: [4, 3]),
                payload: reversingEachValue(
                    float64Bytes(_TestSupport.fortranOrder(values, shape: [4, 3])), width: 8))
        ) {
            .nonFiniteValue(file: $0, at: .element(sample: 2, coordinate: 1), field: "nan")
        }
        // Element (1, 2, 3) of a 2 × 3 × 4 field: value 23 in C order, a scalar sample.
        var field = Self.reference(24)
        field[23] = -.infinity
        try expectFailure(
            npyBytes(
                header: Self.header("<f4", fortran: true, shape: [2, 3, 4]),
                payload: float32Bytes(
                    _TestSupport.fortranOrder(field, shape: [2, 3, 4]).map { Float($0) }))
        ) {
            .nonFiniteValue(file: $0, at: .element(sample: 23, coordinate: 0), field: "-inf")
        }
    }

    @Test("a Fortran-order int64 beyond ±2^53 is named at its C-order position")
    func fortranOrderInexactInteger() throws {
        var values: [Int64] = (0..<6).map(Int64.init)
        values[1] = -(1 << 60)  // row 0, column 1; stored 3rd (0 + 2 · 1)
        try expectFailure(
            npyBytes(
                header: Self.header("<i8", fortran: true, shape: [2, 3]),
                payload: integerBytes(_TestSupport.fortranOrder(values, shape: [2, 3]), width: 8))
        ) {
            .inexactInteger(
                file: $0, at: .element(sample: 0, coordinate: 1), field: "-1152921504606846976")
        }
    }

    @Test("a Fortran-order array that is truncated, too long or of a huge shape is refused")
    func fortranOrderSizes() throws {
        let header = Self.header(">f8", fortran: true, shape: [3, 2])
        try expectFailure(npyBytes(header: header, payload: float64Bytes(Self.reference(5)))) {
            .truncatedData(file: $0, expectedBytes: 48, actualBytes: 40)
        }
        try expectFailure(npyBytes(header: header, payload: float64Bytes(Self.reference(7)))) {
            .trailingData(file: $0, expectedBytes: 48, actualBytes: 56)
        }
        // 2^62 values: their byte count overflows, and no file holds Int.max bytes.
        let huge = Self.header(">f8", fortran: true, shape: [1 << 31, 1 << 31])
        try expectFailure(npyBytes(header: huge, payload: float64Bytes([1, 2]))) {
            .truncatedData(file: $0, expectedBytes: Int.max, actualBytes: 16)
        }
        // The values' count itself overflows.
        let beyond = Self.header("<f2", fortran: true, shape: [1 << 40, 1 << 40, 3])
        try expectFailure(npyBytes(header: beyond, payload: float16Bytes(bits: [0, 0]))) {
            .truncatedData(file: $0, expectedBytes: Int.max, actualBytes: 4)
        }
    }

    @Test(
        "the Fortran-to-C permutation follows the index formula, up to rank 32",
        arguments: [
            [7], [2, 3], [3, 1, 4], [2, 3, 4, 5], [5, 1, 1, 2, 1, 3],
            [Int](repeating: 1, count: 26) + [2, 3, 1, 2, 2, 3],
            [Int](repeating: 2, count: 10) + [Int](repeating: 1, count: 22),
        ])
    func permutation(shape: [Int]) {
        let count = shape.reduce(1, *)
        let stored = (0..<count).map(Double.init)
        let cOrder = FortranOrder.cOrder(stored, shape: shape)
        // Element i (C order) is stored at the Fortran offset of its multi-index.
        for position in 0..<count {
            var rest = position
            var offset = 0
            var stride = 1
            var index = [Int](repeating: 0, count: shape.count)
            for axis in shape.indices.reversed() {
                index[axis] = rest % shape[axis]
                rest /= shape[axis]
            }
            for axis in shape.indices {
                offset += index[axis] * stride
                stride *= shape[axis]
            }
            #expect(cOrder[position] == Double(offset), "\(shape) at \(position)")
            #expect(FortranOrder.cIndex(ofStoredIndex: offset, shape: shape) == position)
        }
        #expect(_TestSupport.fortranOrder(cOrder, shape: shape) == stored)
    }

    @Test("a streamed Fortran-order array takes --block and an importance rule as a whole read")
    func streamedFortranOrderWithOptions() throws {
        let values = Self.reference(24)
        let bytes = npyBytes(
            header: Self.header(">f8", fortran: true, shape: [2, 3, 4]),
            payload: reversingEachValue(
                float64Bytes(_TestSupport.fortranOrder(values, shape: [2, 3, 4])), width: 8))
        let file = try folder.file("a.npy", bytes: bytes).path
        let options = DataReadOptions(blockLength: 5, importanceRule: .greaterThan(1.6))
        let whole = try SampleSet(path: file, format: .npy, options: options)
        #expect(whole.values.prefix(24) == values[...])
        let stream = try SampleStream(path: file, format: .npy, options: options)
        var pieces: [Double] = []
        var flags: [Bool] = []
        while let piece = try stream.next(maximumValueCount: 10) {
            pieces += piece.values
            flags += piece.isImportant ?? []
        }
        #expect(pieces == whole.values)
        #expect(flags == whole.isImportant)
        #expect(stream.layout == whole.layout)
    }
}
