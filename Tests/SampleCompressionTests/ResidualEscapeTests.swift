import EntropyCoding
import Foundation
import RDInterchange
import Testing
import _TestSupport

@testable import SampleCompression

/// Escapes on a grid around the prediction (``ResidualEscapes``): every bound still holds on
/// the decoded values, the field reads back bit for bit, forged fields are refused, and a
/// sample the grid cannot serve is stored exactly.
@Suite("escapes on a grid")
struct ResidualEscapeTests {
    @Test("zigzag: 0, −1, 1, −2, … ↔ 0, 1, 2, 3, …, up to ±2^53")
    func zigzag() {
        let limit = ResidualEscapes.largestMultiple
        for (k, code) in [(0, 0), (-1, 1), (1, 2), (-2, 3), (2, 4)] as [(Int64, UInt64)] {
            #expect(ResidualEscapes.zigzag(k) == code)
        }
        for k in [0, 1, -1, 1000, -1000, limit, -limit] {
            #expect(ResidualEscapes.unzigzag(ResidualEscapes.zigzag(k)) == k)
        }
    }

    /// Escapes with `count` multiples drawn from ±`spread`, every `exactEvery`-th exact.
    static func escapes(count: Int, spread: Int64, exactEvery: Int) -> ResidualEscapes {
        var rng = SplitMix64(seed: 5)
        var escapes = ResidualEscapes(step: 0.125)
        for e in 0..<count {
            if e % exactEvery == exactEvery - 1 {
                escapes.multiples.append(ResidualEscapes.exact)
                escapes.exactValues.append(Double(e) + 0.1)
            } else {
                escapes.multiples.append(Int64(rng.next() % UInt64(2 * spread + 1)) - spread)
            }
        }
        return escapes
    }

    @Test(
        "the field reads back: plain varints and zlib, float64 and float32, extreme multiples",
        arguments: [(3, Int64(1 << 53)), (5_000, 6)], [false, true])
    func fieldRoundTrip(shape: (count: Int, spread: Int64), float32: Bool) throws {
        var escapes = Self.escapes(count: shape.count, spread: shape.spread, exactEvery: 7)
        escapes.multiples[0] = ResidualEscapes.largestMultiple
        escapes.multiples[1] = -ResidualEscapes.largestMultiple
        var bytes: [UInt8] = []
        escapes.append(to: &bytes, float32: float32)
        #expect(bytes.count == escapes.byteCount(float32: float32))
        var parser = MetadataParser(bytes)
        let read = try ResidualEscapes.read(
            count: escapes.count, from: &parser, float32: float32)
        #expect(parser.remaining == 0)
        if float32 { escapes.exactValues = escapes.exactValues.map { Double(Float($0)) } }
        #expect(read == escapes)
        // Many small multiples compress: under a byte each.
        let exactBytes = escapes.exactValues.count * (float32 ? 4 : 8)
        if shape.count > 1_000 { #expect(bytes.count - exactBytes < escapes.count) }
    }

    /// The field of two escapes, multiples 3 and −2 (codes 7 and 4), with `step` and a tail.
    static func field(
        step: Double = 0.5, length: UInt8 = 2, stored: [UInt8] = [2, 7, 4], tail: [UInt8] = []
    ) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.appendDoubles([step])
        return bytes + [length] + stored + tail
    }

    static let forged: [(String, [UInt8], Int)] = [
        ("the valid field with one escape too many", field(), 3),
        ("a zero step", field(step: 0), 2),
        ("a NaN step", field(step: .nan), 2),
        ("a negative step", field(step: -1), 2),
        ("fewer code bytes than escapes", field(length: 1, stored: [1, 7]), 2),
        ("a stored length above the codes' length", field(stored: [3, 7, 4, 0]), 2),
        ("codes missing", field(stored: [2, 7]), 2),
        ("a damaged zlib stream", field(length: 2, stored: [1, 0x78]), 2),
        (
            "a code beyond 2^54 + 1",
            field(length: 9, stored: [9] + [UInt8](repeating: 0xFF, count: 8) + [0x01]), 1
        ),
        ("bytes after the last code", field(length: 3, stored: [3, 7, 4, 4]), 2),
        ("an exact value missing", field(stored: [2, 0, 4]), 2),
        ("a NaN exact value", field(stored: [2, 0, 4], tail: [0, 0, 0, 0, 0, 0, 0xF8, 0x7F]), 2),
        (
            "codes claiming 1 GiB",
            [0, 0, 0, 0, 0, 0, 0xE0, 0x3F, 0x80, 0x80, 0x80, 0x80, 0x04, 1, 0], 2
        ),
    ]

    @Test("the valid field reads; forged ones are refused", arguments: 0..<forged.count)
    func forgedField(index: Int) throws {
        var valid = MetadataParser(Self.field())
        let read = try ResidualEscapes.read(count: 2, from: &valid, float32: false)
        #expect(read.multiples == [3, -2])
        let (name, bytes, count) = Self.forged[index]
        var parser = MetadataParser(bytes)
        #expect(throws: MetadataParser.Failure.self, "\(name)") {
            try ResidualEscapes.read(count: count, from: &parser, float32: false)
        }
    }

    /// An encoder of three residual codewords 1 apart, with the important samples' tolerance.
    static func encoder(tolerance: Double, float32: Bool = false) -> ClosedLoopEncoder {
        let quantizer = ResidualQuantizer(
            codewords: [-1, 0, 1], thresholds: [-0.5, 0.5], halfWidth: 0.5, lowestEdge: -1.5,
            highestEdge: 1.5)
        return ClosedLoopEncoder(
            quantizer: quantizer, maximumError: 0.5 * (1 + 1e-9), importantTolerance: tolerance,
            roundsToFloat32: float32)
    }

    @Test("an escape is the grid point nearest its residual, within its bound")
    func gridPoint() {
        let encoder = Self.encoder(tolerance: 1e-4)
        let step = encoder.escapeStep
        #expect(isClose(step, 0.02, relative: 1e-8))
        for (x, p) in [(0.37, 0.0), (10.0371, 10.0), (-4.2, 3.1), (1e6 + 0.731, 1e6)] {
            let (k, y) = encoder.escape(x, prediction: p, important: true, step: step)
            #expect(k == Int64(((x - p) / step).rounded()))
            #expect((x - y) * (x - y) <= 1e-4, "x = \(x)")
            #expect(y == ResidualEscapes.reconstruction(p, multiple: k, step: step, float32: false))
        }
        // A residual far beyond the codewords (not important: held to the half width).
        let (k, y) = encoder.escape(40.2, prediction: 0, important: false, step: step)
        #expect(k == 2010)
        #expect(abs(40.2 - y) <= 0.01)
    }

    @Test("a bound below the values' rounding: the exact value is stored")
    func exactFallback() {
        let encoder = Self.encoder(tolerance: 1e-40)
        let step = encoder.escapeStep
        let x = 1e8 + 0.3
        let (k, y) = encoder.escape(x, prediction: 1e8, important: true, step: step)
        #expect(k == ResidualEscapes.exact)
        #expect(y == x)
        // float32 data: a grid point rounded to float32 may miss the bound too.
        let rounded = Self.encoder(tolerance: 1e-14, float32: true)
        let (k32, y32) = rounded.escape(
            1000.3, prediction: 1000, important: true, step: rounded.escapeStep)
        #expect(k32 == ResidualEscapes.exact)
        #expect(y32 == 1000.3)
    }

    @Test("no finite bound: no grid (escapes stay exact)")
    func noGrid() {
        #expect(ResidualEscapes.step(maximumError: .infinity, importantTolerance: .infinity) == 0)
        #expect(ResidualEscapes.step(maximumError: 1, importantTolerance: 0) == 0)
        #expect(ResidualEscapes.step(maximumError: 1, importantTolerance: 0.25) < 1)
    }

    /// An AR(1) signal with heavy-tailed (Student-t, 3 degrees) innovations.
    static func heavyTailed(_ n: Int) -> [Double] {
        let z = SeededSamples.gaussian(4 * n, seed: 19)
        var x = [Double](repeating: 0, count: n)
        for i in 1..<n {
            let chi =
                (z[n + 3 * i] * z[n + 3 * i] + z[n + 3 * i + 1] * z[n + 3 * i + 1]
                    + z[n + 3 * i + 2] * z[n + 3 * i + 2]) / 3
            x[i] = 0.9 * x[i - 1] + z[i] / chi.squareRoot()
        }
        return x
    }

    @Test("closed loop with a tail subset: bounds hold, escapes cost a few bits, not 64")
    func closedLoopSubset() throws {
        let x = Self.heavyTailed(40_000)
        let sigma = (x.map { $0 * $0 }.reduce(0, +) / Double(x.count)).squareRoot()
        let important = x.map { abs($0) > 3 * sigma }
        let d = 0.01 * sigma * sigma
        let samples = SampleSet(dimension: 1, values: x, isImportant: important)
        let settings = PredictiveSettings(
            targetDistortion: d, maximumError: nil, importantTolerance: d / 100, predictor: nil,
            designSampleCount: 8192, chunkSize: 5000)
        let (bytes, summary) = try SampleCompression.compressPredicted(samples, settings: settings)
        let y = try SampleDecompression.reconstruction(of: bytes).values
        var squared = 0.0
        for i in x.indices {
            let e = x[i] - y[i]
            squared += e * e
            if important[i] { #expect(e * e <= d / 100, "sample \(i)") }
        }
        #expect(squared / Double(x.count) <= d)
        let escaped = summary.summary.escapedSamples
        #expect(escaped > 50)
        // The field's codes and the escape symbols' share: far below 64 bits per escape.
        #expect(summary.summary.escapeBits / Double(escaped) < 24)
    }

    /// Metadata of `count` values, codewords 0 and 1, the previous sample as prediction.
    static func previousSampleMetadata(count: Int) -> CompressionMetadata {
        var metadata = CompressionMetadata(
            layout: SampleLayout(valueType: .float64, shape: [count]), dimension: 1,
            codebook: [0, 1], provenance: nil)
        metadata.predictor = Predictor(kind: .previous, origin: 0)
        return metadata
    }

    @Test("escapes on a grid need prediction; files with exact escapes still decode")
    func flagsAndExactFiles() throws {
        // Codewords 0 and 1, the previous sample as prediction; symbols 1, escape, 1.
        var metadata = Self.previousSampleMetadata(count: 3)
        metadata.escapedValues = [7]
        let symbols: [UInt32] = [1, 2, 1]
        let table = try FrequencyTable(counts: [0, 2, 1])
        let exact = try CompressedFile.encode(symbols, table: table, metadata: metadata.bytes())
        #expect(try SampleDecompression.reconstruction(of: exact).values == [1, 7, 8])
        // The same on a grid of step 0.5: multiple 13 after the prediction 1.
        metadata.escapedValues = nil
        metadata.residualEscapes = ResidualEscapes(step: 0.5, multiples: [13])
        let grid = try CompressedFile.encode(symbols, table: table, metadata: metadata.bytes())
        #expect(try SampleDecompression.reconstruction(of: grid).values == [1, 7.5, 8.5])
        // Flag bit 5 without prediction is refused.
        var bytes = metadata.bytes()
        bytes[0] &= ~16
        bytes.removeLast(9)  // the predictor field: its kind and origin
        let forged = try CompressedFile.encode(symbols, table: table, metadata: bytes)
        #expect(throws: CompressionError.self) {
            try SampleDecompression.reconstruction(of: forged)
        }
    }

    @Test("random damage to metadata with escapes on a grid never traps")
    func randomDamage() throws {
        var metadata = Self.previousSampleMetadata(count: 6)
        metadata.residualEscapes = ResidualEscapes(
            step: 0.5, multiples: [13, ResidualEscapes.exact, -4], exactValues: [2.5])
        let symbols: [UInt32] = [1, 2, 0, 2, 2, 1]
        let table = try FrequencyTable(counts: [1, 2, 3])
        let valid = metadata.bytes()
        let file = try CompressedFile.encode(symbols, table: table, metadata: valid)
        #expect(
            try SampleDecompression.reconstruction(of: file).values == [1, 7.5, 7.5, 2.5, 0.5, 1.5])
        var rng = SplitMix64(seed: 41)
        for round in 0..<2_000 {
            var bytes = valid
            for _ in 0...Int(rng.next() % 3) {
                bytes[Int(rng.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: rng.next())
            }
            if round % 4 == 0 { bytes = Array(bytes.prefix(Int(rng.next() % UInt64(bytes.count)))) }
            let damaged = try CompressedFile.encode(symbols, table: table, metadata: bytes)
            _ = try? SampleDecompression.reconstruction(of: damaged)
        }
    }
}
