import Foundation
import Testing
import _TestSupport

/// `.npy` arrays in Fortran order, big-endian or float16 through `compress` and `decompress`:
/// compressed as the same values in C order (the `.rdq` file is the same byte for byte), and
/// decompressed to a C-order little-endian `.npy` of the same shape, float16 data as float32.
@Suite("npy byte orders, Fortran order and float16 through the command line")
struct NPYOrderCLITests {
    let folder: ScratchFolder
    init() throws { folder = try ScratchFolder("rdopt-npy-orders-cli") }

    /// A `.npy` header dictionary.
    static func header(_ descriptor: String, fortran: Bool, shape: [Int]) -> String {
        let dims = "(" + shape.map(String.init).joined(separator: ", ") + ")"
        return
            "{'descr': '\(descriptor)', 'fortran_order': \(fortran ? "True" : "False"), 'shape': \(dims), }"
    }

    /// Writes `values` (C order) of `shape` as `c.npy` (C order, little-endian float64) and
    /// `f.npy` (Fortran order, big-endian float64).
    func writeBothOrders(_ values: [Double], shape: [Int]) throws {
        try folder.write(
            "c.npy",
            data: Data(
                npyBytes(
                    header: Self.header("<f8", fortran: false, shape: shape),
                    payload: float64Bytes(values))))
        try folder.write(
            "f.npy",
            data: Data(
                npyBytes(
                    header: Self.header(">f8", fortran: true, shape: shape),
                    payload: reversingEachValue(
                        float64Bytes(fortranOrder(values, shape: shape)), width: 8))))
    }

    /// The bytes of the file `name`.
    func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: folder.url.appendingPathComponent(name)))
    }

    /// Runs rdopt and expects exit 0.
    func succeed(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let run = try Rdopt.run(arguments, in: folder)
        #expect(
            run.status == 0, "\(arguments): \(run.standardError)", sourceLocation: sourceLocation)
    }

    /// The header text and the float64 values of a C-order little-endian `.npy` written by
    /// `decompress` (a version 1.0 header of 128 bytes).
    func readBack(_ name: String) throws -> (header: String, values: [Double]) {
        let data = try bytes(name)
        return (
            String(decoding: data[10..<128], as: UTF8.self),
            DataFiles.readFloat64(Data(data[128...]))
        )
    }

    @Test(
        "--max-error: a Fortran-order big-endian array compresses as its C-order copy and comes back in C order, little-endian, within E"
    )
    func predictedFortranOrderBigEndian() throws {
        let (rows, columns) = (40, 30)
        let values = (0..<(rows * columns)).map { (i: Int) -> Double in
            let (row, column) = (Double(i / columns), Double(i % columns))
            return sin(row / 5) * cos(column / 4) * 3 + Double(i % 7) / 100
        }
        try writeBothOrders(values, shape: [rows, columns])
        for name in ["c", "f"] {
            try succeed([
                "compress", "\(name).npy", "--max-error", "0.01", "--output", "\(name).rdq",
            ])
        }
        #expect(try bytes("f.rdq") == bytes("c.rdq"))
        try succeed(["decompress", "f.rdq", "--output", "back.npy"])
        let back = try readBack("back.npy")
        #expect(back.header.contains("'descr': '<f8'"), "\(back.header)")
        #expect(back.header.contains("'fortran_order': False"), "\(back.header)")
        #expect(back.header.contains("'shape': (40, 30)"), "\(back.header)")
        #expect(back.values.count == values.count)
        for i in values.indices { #expect(abs(back.values[i] - values[i]) <= 0.01, "value \(i)") }
    }

    @Test(
        "--quantizer: a Fortran-order big-endian field streams from a file and from stdin as its C-order copy"
    )
    func streamedFortranOrderBigEndian() throws {
        let shape = [10, 25, 20]
        let values = DataFiles.gaussian(count: 5_000, seed: 3)
        try writeBothOrders(values, shape: shape)
        _ = try folder.write("q.json", DataFiles.gaussianQuantizerJSON())
        for name in ["c", "f"] {
            try succeed([
                "compress", "\(name).npy", "--quantizer", "q.json", "--output", "\(name).rdq",
            ])
        }
        let piped = try Rdopt.run(
            ["compress", "-", "--format", "npy", "--quantizer", "q.json", "--output", "p.rdq"],
            in: folder, input: .file(folder.path("f.npy")))
        #expect(piped.status == 0, "\(piped.standardError)")
        #expect(try bytes("f.rdq") == bytes("c.rdq"))
        #expect(try bytes("p.rdq") == bytes("c.rdq"))
        try succeed(["decompress", "f.rdq", "--output", "back.npy"])
        let back = try readBack("back.npy")
        #expect(back.header.contains("'shape': (10, 25, 20)"), "\(back.header)")
        // The reconstruction follows the values in C order (mean squared error about the
        // quantiser's 0.1), not in the order stored (about 2: unrelated Gaussians).
        #expect(back.values.count == values.count)
        func meanSquaredError(_ reference: [Double]) -> Double {
            zip(back.values, reference).map { ($0 - $1) * ($0 - $1) }.reduce(0, +)
                / Double(reference.count)
        }
        #expect(meanSquaredError(values) < 0.2)
        #expect(meanSquaredError(fortranOrder(values, shape: shape)) > 1)
    }

    @Test("float16 data compresses as the same values in float32 and decompresses to float32")
    func float16() throws {
        // Every 37th of the finite float16 bit patterns between -8 and 8.
        let bits = stride(from: UInt16(0), to: 0x4800, by: 37).flatMap { [$0, $0 | 0x8000] }
        let values = bits.map { Float(float16Value(bits: $0)) }
        try folder.write(
            "h.npy",
            data: Data(
                npyBytes(
                    header: Self.header(">f2", fortran: false, shape: [bits.count]),
                    payload: reversingEachValue(float16Bytes(bits: bits), width: 2))))
        try folder.write(
            "s.npy",
            data: Data(
                npyBytes(
                    header: Self.header("<f4", fortran: false, shape: [bits.count]),
                    payload: float32Bytes(values))))
        for name in ["h", "s"] {
            try succeed([
                "compress", "\(name).npy", "--max-error", "1e-3", "--output", "\(name).rdq",
            ])
        }
        #expect(try bytes("h.rdq") == bytes("s.rdq"))
        try succeed(["decompress", "h.rdq", "--output", "back.npy"])
        let data = try bytes("back.npy")
        let header = String(decoding: data[10..<128], as: UTF8.self)
        #expect(header.contains("'descr': '<f4'"), "\(header)")
        #expect(data.count == 128 + 4 * bits.count)
        for (i, value) in values.enumerated() {
            let start = 128 + 4 * i
            let bitPattern = data[start..<(start + 4)].reversed().reduce(UInt32(0)) {
                $0 << 8 | UInt32($1)
            }
            #expect(
                abs(Double(Float(bitPattern: bitPattern)) - Double(value)) <= 1e-3, "value \(i)")
        }
    }
}
