import EntropyCoding
import RDInterchange
import Testing
import _TestSupport

@testable import SampleCompression

/// Data on a grid (whole numbers, fixed point) under bounds finer than the grid: predictions
/// rounded to the grid, residuals coded as the grid's multiples, every value reconstructed
/// exactly (10^5 values of whole-number speech at MSE ≤ var/10^9 took 11.4 bits each with a
/// designed quantiser, `--max-error 1e-9` 23 bits, and 9.3 without loss).
@Suite("lossless coding on the data's grid")
struct GridLosslessTests {
    /// A whole-number AR(1) signal (an ADC's counts), scaled by `unit`.
    static func counts(_ n: Int, unit: Double = 1, seed: UInt64 = 11) -> [Double] {
        PredictiveCompressionTests.ar1(n, rho: 0.97, seed: seed).map { ($0 * 40).rounded() * unit }
    }

    @Test("the grid's exponent: whole numbers 0, fixed point −8, none for spans over 53 bits")
    func gridExponent() {
        func exponent(_ values: [Double]) -> Int? {
            values.withUnsafeBufferPointer {
                DataGrid.exponent(of: $0, in: [0..<values.count])
            }
        }
        #expect(exponent([3, -7, 0, 12]) == 0)
        #expect(exponent([4, -8, 12]) == 2)
        #expect(exponent([1.5, 0.25, -3]) == -2)
        #expect(exponent([3 / 256, 1, 200]) == -8)
        #expect(exponent([0, 0]) == nil)
        #expect(exponent([0.1, 1]) == nil)  // 0.1 spans 55 binary digits below 1
        #expect(exponent([0x1p60, 1]) == nil)
        #expect(exponent([0x1p52, 1]) == 0)
        #expect(exponent([.leastNonzeroMagnitude]) == -1074)
        #expect(DataGrid.lowestBitExponent(.leastNormalMagnitude) == -1022)
        #expect(DataGrid.lowestBitExponent(-96) == 5)
    }

    @Test("whole numbers under a mean squared error below 1/12: every value exactly, fewer bits")
    func wholeNumbersExactly() throws {
        let x = Self.counts(20_000)
        let signal = SampleSet(dimension: 1, values: x)
        let variance = Self.variance(x)
        let (y, summary) = try PredictiveCompressionTests.roundTrip(
            signal, PredictiveCompressionTests.settings(distortion: variance / 1e9))
        #expect(y == x)
        #expect(summary.design.isLossless)
        #expect(summary.design.gridCellPoints == 1)
        #expect(summary.design.predictor.gridExponent == 0)
        #expect(summary.summary.distortion == 0)
        #expect(summary.maximumAbsoluteError == 0)
        // Innovations of σ ≈ 40 take about log2(40·√(2πe)) ≈ 7.4 bits; a quantiser finer than
        // the grid took 3 to 4 more.
        #expect(summary.summary.bitsPerSample < 8.5)
    }

    @Test("a maximum error below half the grid: exact, escapes onto the grid exact too")
    func maximumErrorBelowGrid() throws {
        var x = Self.counts(12_000, unit: 1.0 / 256)
        // Spikes far beyond the residuals' range, escaped.
        for i in stride(from: 500, to: x.count, by: 997) { x[i] += 2_000 }
        for e in [1e-9, 1e-3, 0.4 / 256] {
            let (y, summary) = try PredictiveCompressionTests.roundTrip(
                SampleSet(dimension: 1, values: x),
                PredictiveCompressionTests.settings(distortion: nil, maximumError: e))
            #expect(y == x, "E = \(e)")
            #expect(summary.design.predictor.gridExponent == -8)
            #expect(summary.summary.escapedSamples > 0)
        }
    }

    @Test("an important subset at tolerance 0 is met, and float32 whole numbers stay float32")
    func toleranceAndFloat32() throws {
        let x = Self.counts(9_000).map { Double(Float($0)) }
        var samples = SampleSet(dimension: 1, values: x)
        samples.fileLayout = SampleLayout(valueType: .float32, shape: [x.count])
        var settings = PredictiveCompressionTests.settings(
            distortion: Self.variance(x) / 1e8, tolerance: 0)
        settings.importanceRule = .absoluteGreaterThan(60)
        let (bytes, summary) = try SampleCompression.compressPredicted(samples, settings: settings)
        let decoded = try SampleDecompression.reconstruction(of: bytes)
        #expect(decoded.layout.valueType == .float32)
        #expect(decoded.values == x)
        #expect(summary.design.isLossless)
        #expect(summary.summary.importantCount > 0)
        #expect(summary.summary.importantMaxDistortion == 0)
    }

    @Test("bounds coarser than the grid keep the quantised design; near the grid the smaller file")
    func coarseBoundsUnchanged() throws {
        let x = Self.counts(20_000)
        let variance = Self.variance(x)
        let coarse = try SampleCompression.compressPredicted(
            SampleSet(dimension: 1, values: x),
            settings: PredictiveCompressionTests.settings(distortion: variance / 100)
        ).summary
        #expect(!coarse.design.isLossless)
        #expect(coarse.design.predictor.gridExponent == nil)
        // D = 0.2: √(12 D) ≈ 1.5, within twice the grid: both are coded, the smaller kept,
        // and its error is within the target either way.
        let (y, near) = try PredictiveCompressionTests.roundTrip(
            SampleSet(dimension: 1, values: x),
            PredictiveCompressionTests.settings(distortion: 0.2))
        let mse = zip(x, y).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Double(x.count)
        #expect(mse <= 0.2)
        let lossless = try SampleCompression.compressPredicted(
            SampleSet(dimension: 1, values: x),
            settings: PredictiveCompressionTests.settings(distortion: 1e-6)
        ).summary
        #expect(near.summary.bytes <= lossless.summary.bytes)
    }

    @Test("a maximum error of whole grid steps: cells of 2E + 1 points, every value within E")
    func cellsOfGridPoints() throws {
        let x = Self.counts(20_000)
        for (e, points) in [(1.0, 3), (2.5, 5), (7.0, 15)] {
            let (y, summary) = try PredictiveCompressionTests.roundTrip(
                SampleSet(dimension: 1, values: x),
                PredictiveCompressionTests.settings(distortion: nil, maximumError: e))
            for i in x.indices { #expect(abs(x[i] - y[i]) <= e, "E = \(e), value \(i)") }
            // Every reconstruction is on the grid (the codewords are whole multiples).
            #expect(y.allSatisfy { $0 == $0.rounded() })
            #expect(summary.design.gridCellPoints == points, "E = \(e)")
            #expect(!summary.design.isLossless)
        }
        #expect(
            PredictiveDesign.GridRegime(exponent: 0, cellPoints: 3, gridOnly: false).cellPoints == 3
        )
    }

    @Test("cells of grid points under a mean squared error: the target holds")
    func cellsUnderMeanSquaredError() throws {
        // Residuals crowding the cells' edges: a square wave of whole numbers ±1 about 0.
        let x: [Double] = (0..<6_000).map { (i: Int) -> Double in
            let sign: Double = (i / 3) % 2 == 0 ? 1 : -1
            return sign * Double(1 + i % 2)
        }
        for d in [0.3, 0.7, 2.0] {
            let (y, _) = try PredictiveCompressionTests.roundTrip(
                SampleSet(dimension: 1, values: x),
                PredictiveCompressionTests.settings(distortion: d))
            #expect(Self.meanSquaredError(x, y) <= d, "D = \(d)")
        }
        let input = PredictiveDesign.Input(
            values: UnsafeBufferPointer(start: nil, count: 0), importance: nil, rowLength: 1,
            planeRows: nil, chunkSize: 1 << 10, roundsToFloat32: false,
            settings: PredictiveCompressionTests.settings(distortion: 2.0 / 0.99, maximumError: 3),
            file: "x")
        // u²(m² − 1)/12 ≤ 2 gives m ≤ 5; within E = 3, 7.
        #expect(PredictiveDesign.cellPoints(unit: 1, input: input) == 5)
        #expect(PredictiveDesign.cellPoints(unit: 4, input: input) == 1)
    }

    @Test("a grid coding that escapes much is checked against the quantised design")
    func escapingGridCoding() throws {
        // Whole numbers alternating between ±(2^53 − 1): interpolation's residuals on the grid
        // lie beyond 2^53 steps and are stored exactly (32 bits per value), where the quantised
        // design takes a few hundred bytes in all.
        let big = 0x1p53 - 1
        let x = (0..<8_000).map { $0 % 2 == 0 ? big : -big }
        let (y, summary) = try PredictiveCompressionTests.roundTrip(
            SampleSet(dimension: 1, values: x),
            PredictiveCompressionTests.settings(distortion: 0.01))
        #expect(Self.meanSquaredError(x, y) <= 0.01)
        #expect(summary.summary.bytes < 2_000)
    }

    @Test("values near the double range on a grid: the grid's design gives way, no error")
    func gridNearDoubleRange() throws {
        let x = (0..<64).map { [15.0, -15, 10, -10][$0 % 4] * 0x1p1020 }
        let e = 1e306
        let (y, _) = try PredictiveCompressionTests.roundTrip(
            SampleSet(dimension: 1, values: x),
            PredictiveCompressionTests.settings(distortion: nil, maximumError: e))
        for i in x.indices { #expect(abs(x[i] - y[i]) <= e, "value \(i)") }
        let values = x
        let origin = values.withUnsafeBufferPointer {
            PredictiveDesign.origin($0, blocks: [0..<values.count])
        }
        #expect(origin == 0)
        let huge = [Double](repeating: 1.5e308, count: 10)
        #expect(
            huge.withUnsafeBufferPointer { PredictiveDesign.origin($0, blocks: [0..<10]) }.isFinite)
    }

    /// The decoding error of a four-sample file (symbol 1 of codewords −1, 0, 1 throughout)
    /// whose metadata carries `predictor`, on a lattice codebook.
    static func forgedDecodingError(_ predictor: Predictor, valueType: SampleLayout.ValueType)
        throws -> CompressionError?
    {
        var metadata = CompressionMetadata(
            layout: SampleLayout(valueType: valueType, shape: [4]), dimension: 1,
            codebook: [-1, 0, 1], provenance: nil)
        metadata.predictor = predictor
        metadata.latticeCodebook = true
        let symbols: [UInt32] = [1, 1, 1, 1]
        let table = try FrequencyTable(
            counts: FrequencyTable.histogram(of: symbols, alphabetSize: 3))
        var writer = try CompressedFileWriter(
            sink: MemoryByteSink(), tables: [table], metadata: metadata.bytes(), sampleCount: 4,
            chunkSize: 4, segmentation: { _, count in [count] }, compact: true)
        try writer.write(symbols)
        let bytes = try writer.finish().bytes
        return #expect(throws: CompressionError.self) {
            _ = try SampleDecompression.reconstruction(of: bytes)
        }
    }

    @Test("a forged grid whose predictions overflow is refused on decoding, not written as ∞")
    func forgedOverflow() throws {
        var predictor = Predictor(kind: .previous, origin: 1e300)
        predictor.gridExponent = -1022
        let error = try Self.forgedDecodingError(predictor, valueType: .float64)
        #expect("\(error.map { $0 } as Any)".contains("reconstructs to"))
    }

    @Test(
        "a forged float32 file on a scaled grid beyond float32's range is refused, not written as ∞"
    )
    func forgedFloat32Overflow() throws {
        // Found by a hostile-input probe: the values are finite as doubles (the check ran
        // there) and overflow only in the division by q and the rounding to float32 after it.
        var predictor = Predictor(kind: .previous, origin: -1e300)
        predictor.gridExponent = 0
        predictor.gridDivisor = 2
        let error = try Self.forgedDecodingError(predictor, valueType: .float32)
        #expect("\(error.map { $0 } as Any)".contains("reconstructs to -inf"))
    }

    @Test("the predictor field: the grid reads back; old kinds, bad exponents refused")
    func field() throws {
        var predictor = Predictor(kind: .interpolation, origin: 3, extents: [1])
        predictor.gridExponent = -8
        var bytes: [UInt8] = []
        PredictionField.append(predictor, to: &bytes)
        #expect(bytes[0] == Predictor.Kind.interpolation.rawValue + 128)
        var parser = MetadataParser(bytes)
        #expect(try PredictionField.read(from: &parser) == predictor)
        #expect(predictor.description == "interpolation, rounded to the grid of 2^-8")
        // An exponent out of range (zigzag of 1024 is 2048).
        var forged = Array(bytes.dropLast())
        forged.appendVarint(2048)
        var bad = MetadataParser(forged)
        #expect(throws: MetadataParser.Failure.self) { try PredictionField.read(from: &bad) }
        // The grid's marker on a kind that does not exist.
        var unknown = bytes
        unknown[0] = 12 + 128
        var refused = MetadataParser(unknown)
        #expect(throws: MetadataParser.Failure.self) { try PredictionField.read(from: &refused) }
    }

    @Test("a rounded prediction: half to even on the grid, exact at the double range's ends")
    func snapping() {
        struct Constant: NeighbourPrediction {
            var value: Double
            mutating func restart(at start: Int, count: Int) {}
            mutating func next(_ r: UnsafeMutablePointer<Double>, _ i: Int) -> Double { value }
        }
        var r = [0.0]
        func snapped(_ p: Double, _ exponent: Int) -> Double {
            var prediction = GridSnappedPrediction(Constant(value: p), exponent: exponent)
            return r.withUnsafeMutableBufferPointer { prediction.next($0.baseAddress!, 0) }
        }
        #expect(snapped(2.5, 0) == 2)
        #expect(snapped(3.5, 0) == 4)
        #expect(snapped(-0.7, 0) == -1)
        #expect(snapped(0.3, -2) == 0.25)
        #expect(snapped(1e300, -8) == 1e300)
        #expect(snapped(6, 2) == 8)
        #expect(snapped(0x1p-1000, -1022) == 0x1p-1000)
        #expect(snapped(0x1p-1030, -1022) == 0)
    }

    static func meanSquaredError(_ x: [Double], _ y: [Double]) -> Double {
        var sum = 0.0
        for (a, b) in zip(x, y) { sum += (a - b) * (a - b) }
        return sum / Double(x.count)
    }

    static func variance(_ x: [Double]) -> Double {
        let mean = x.reduce(0, +) / Double(x.count)
        return x.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(x.count)
    }
}
