import Foundation
import RDInterchange
import Testing
import _TestSupport

@testable import SampleCompression

/// Activity contexts for the predictors that visit values in their own order
/// (``SequentialActivityPrediction``): the activity each value reports, and files that split
/// their symbols by it, read back within their bounds.
@Suite struct SequentialActivityTests {
    /// An image of flat regions and sharp-edged shapes with mild texture: where the
    /// neighbours vary, residuals spread wide.
    static func image(rows: Int, columns: Int, channels: Int = 1) -> [Double] {
        let noise = SeededSamples.gaussian(rows * columns * channels, seed: 17)
        var values: [Double] = []
        for r in 0..<rows {
            for c in 0..<columns {
                let inside =
                    (r - 40) * (r - 40) + (c - 50) * (c - 50) < 900 || (r / 16 + c / 24) % 3 == 0
                for k in 0..<channels {
                    let base = inside ? 180.0 - Double(20 * k) : 40.0 + Double(k)
                    values.append(base + 0.3 * Double(c % 7) + 2 * noise[values.count])
                }
            }
        }
        return values
    }

    @Test("the activity read from the reconstructions matches its definition, signal and rows")
    func activityDefinition() {
        let r = (0..<60).map { i -> Double in
            let wave = Double((i * 37) % 11)
            return wave - 0.5 * Double(i % 3)
        }
        var values = r
        values.withUnsafeMutableBufferPointer { buffer in
            let p = buffer.baseAddress.unsafelyUnwrapped
            // A signal: |x₋₁ − x₋₂| + |x₋₂ − x₋₃|/2.
            var signal = SequentialActivityPrediction(
                LorenzoPrediction1D(order: 1, origin: 0), row: 0)
            signal.restart(at: 0, count: 60)
            for i in 0..<60 {
                _ = signal.next(p, i)
                let expected =
                    i < 2
                    ? 0 : abs(r[i - 1] - r[i - 2]) + (i >= 3 ? abs(r[i - 2] - r[i - 3]) / 2 : 0)
                #expect(signal.activity == expected, "signal at \(i)")
            }
            // Rows of 7, the chunk starting 3 values into a row (at flat index 10).
            let row = 7
            var planar = SequentialActivityPrediction(
                LorenzoPrediction2D(rowLength: row, origin: 0), row: row)
            planar.restart(at: 10, count: 50)
            for i in 0..<50 {
                _ = planar.next(p, i)
                let column = (10 + i) % row
                var expected = 0.0
                if i >= row {
                    let north = r[i - row]
                    if column > 0 && i >= row + 1 {
                        expected += abs(r[i - 1] - r[i - row - 1]) + abs(north - r[i - row - 1])
                    }
                    if column + 1 < row { expected += abs(r[i - row + 1] - north) }
                } else if column > 1 && i >= 2 {
                    expected = abs(r[i - 1] - r[i - 2])
                }
                #expect(planar.activity == expected, "row position \(i)")
            }
        }
    }

    @Test(
        "sequential predictors split their symbols by activity, read back within the bound, in fewer bytes",
        arguments: [Predictor.Kind.previous, .lorenzo2D, .linearStencil, .linear])
    func imageFiles(kind: Predictor.Kind) throws {
        let (rows, columns) = (96, 128)
        var samples = SampleSet(
            dimension: columns, values: Self.image(rows: rows, columns: columns))
        samples.fileLayout = SampleLayout(valueType: .float64, shape: [rows, columns])
        var settings = PredictiveCompressionTests.settings(distortion: 4, predictor: kind)
        settings.chunkSize = rows * columns / 2
        let (bytes, summary) = try SampleCompression.compressPredicted(
            samples, settings: settings)
        #expect(summary.design.activityBins * summary.design.neighbourSplits > 1)
        let decoded = try SampleDecompression.reconstruction(of: bytes).values
        let mse =
            zip(samples.values, decoded).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
            / Double(decoded.count)
        #expect(abs(mse - summary.summary.distortion) <= 1e-9 * mse)
        #expect(mse <= 4)
        settings.usesActivityContexts = false
        let (plain, plainSummary) = try SampleCompression.compressPredicted(
            samples, settings: settings)
        #expect(plainSummary.design.activityBins == 1)
        #expect(bytes.count < plain.count, "\(bytes.count) against \(plain.count) bytes")
    }

    @Test("an RGB field (rows of 3 channels) and a signal, under a maximum error, read back")
    func fieldAndSignal() throws {
        let (rows, columns) = (48, 64)
        let pixels = Self.image(rows: rows, columns: columns, channels: 3).map { Double(Float($0)) }
        var rgb = SampleSet(dimension: 1, values: pixels)
        rgb.fileLayout = SampleLayout(valueType: .float32, shape: [rows, columns, 3])
        let signalValues = Self.image(rows: 1, columns: 20_000)
        let signal = SampleSet(dimension: 1, values: signalValues)
        for (samples, kind) in [
            (rgb, Predictor.Kind.lorenzo3D), (rgb, .linearStencil), (signal, .lorenzo2),
            (signal, .linear),
        ] {
            let settings = PredictiveCompressionTests.settings(
                distortion: nil, maximumError: 1.5, predictor: kind)
            let (bytes, _) = try SampleCompression.compressPredicted(
                samples, settings: settings)
            let decoded = try SampleDecompression.reconstruction(of: bytes).values
            let worst = zip(samples.values, decoded).map { abs($0 - $1) }.max() ?? .infinity
            #expect(worst <= 1.5, "\(kind)")
        }
    }

    @Test("the row of the activity: a field's plane, a 2-D array's row, none for a signal")
    func rows() {
        #expect(ActivityContexts.row(extents: []) == 0)
        #expect(ActivityContexts.row(extents: [1]) == 0)
        #expect(ActivityContexts.row(extents: [640]) == 640)
        #expect(ActivityContexts.row(extents: [512, 3]) == 1_536)
    }
}
