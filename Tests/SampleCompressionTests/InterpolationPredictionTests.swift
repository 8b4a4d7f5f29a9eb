import Foundation
import RDInterchange
import Testing
import _TestSupport

@testable import SampleCompression

/// Interpolation prediction: its visiting order against the characterisation by 2-adic
/// valuations, its predictions against the formulas of docs/formats.md written from
/// coordinates, and round trips with every bound held.
@Suite("interpolation prediction")
struct InterpolationPredictionTests {
    /// The 2-adic valuation of `v` (a large number for 0).
    static func valuation(_ v: Int) -> Int { v == 0 ? 62 : v.trailingZeroBitCount }

    /// Chunk shapes: signals (row length 1) of several lengths, whole 2-D blocks, a short last
    /// row, wide and tall blocks.
    static let shapes: [(count: Int, rowLength: Int)] = [
        (1, 1), (2, 1), (3, 1), (7, 1), (64, 1), (100, 1), (1, 12), (12, 12), (60, 12),
        (59, 12), (360, 12), (200, 100), (99, 3),
    ]

    @Test(
        "each sample is visited once, level by level, every neighbour before it", arguments: shapes)
    func visitingOrder(count: Int, rowLength: Int) {
        let order = InterpolationOrder(count: count, rowLength: rowLength)
        let w = min(rowLength, count)
        #expect(order.positions.count == count)
        #expect(Set(order.positions.map(Int.init)) == Set(0..<count))
        var visited = Set<Int>()
        var lastLevel = Int.max
        for t in 0..<count {
            let i = Int(order.positions[t])
            let (y, x) = (i / w, i % w)
            let level = min(Self.valuation(y), Self.valuation(x))
            if t > 0 {
                // Coarse to fine: levels never increase along the order.
                #expect(level <= lastLevel, "visit \(t)")
                lastLevel = level
                // Along the column when y is the coarser coordinate, else along the row.
                let h = 1 << level
                let alongColumn = Self.valuation(y) == level && Self.valuation(x) > level
                #expect(Int(order.strides[t]) == (alongColumn ? h * w : h), "visit \(t)")
            } else {
                #expect(i == 0 && order.strides[t] == 0)
            }
            let s = Int(order.strides[t])
            if s > 0 {
                var needed = [i - s]
                let code = order.neighbours[t]
                if code & InterpolationOrder.Neighbours.farLeft != 0 { needed.append(i - 3 * s) }
                if code & InterpolationOrder.Neighbours.right != 0 { needed.append(i + s) }
                if code & InterpolationOrder.Neighbours.farRight != 0 { needed.append(i + 3 * s) }
                for j in needed { #expect(visited.contains(j), "visit \(t) needs \(j)") }
            }
            visited.insert(i)
        }
    }

    @Test("predictions equal the formulas from coordinates", arguments: [(360, 1), (360, 12)])
    func predictions(count: Int, rowLength: Int) {
        let values = PredictorReferenceTests.values
        let chunk = count == 360 && rowLength == 1 ? 100 : 60
        let origin = 0.75
        let got = PredictorReferenceTests.predictions(
            Predictor(kind: .interpolation, origin: origin, extents: [rowLength]), values,
            chunk: chunk)
        for start in stride(from: 0, to: values.count, by: chunk) {
            let n = min(chunk, values.count - start)
            let w = min(rowLength, n)
            let rows = (n + w - 1) / w
            for i in 0..<n {
                let (y, x) = (i / w, i % w)
                let expected: Double
                if i == 0 {
                    expected = origin
                } else {
                    let level = min(Self.valuation(y), Self.valuation(x))
                    let h = 1 << level
                    let alongColumn = Self.valuation(y) == level && Self.valuation(x) > level
                    let (a, extent, s) = alongColumn ? (y, rows, h * w) : (x, w, h)
                    func r(_ k: Int) -> Double { values[start + i + k * s] }
                    let hasRight = a + h < extent && i + s < n
                    let hasFarRight = a + 3 * h < extent && i + 3 * s < n
                    let hasFarLeft = a >= 3 * h
                    if !hasRight {
                        expected = r(-1)
                    } else if hasFarLeft && hasFarRight {
                        expected = (-r(-3) + 9 * r(-1) + 9 * r(1) - r(3)) / 16
                    } else if hasFarLeft {
                        expected = (-r(-3) + 6 * r(-1) + 3 * r(1)) / 8
                    } else if hasFarRight {
                        expected = (3 * r(-1) + 6 * r(1) - r(3)) / 8
                    } else {
                        expected = (r(-1) + r(1)) / 2
                    }
                }
                #expect(got[start + i] == expected, "chunk at \(start), sample \(i)")
            }
        }
    }

    /// A smooth field `sin(0.05 r)·cos(0.07 c)·10` with a little noise.
    static func smoothField(rows: Int, columns: Int) -> [Double] {
        let noise = SeededSamples.gaussian(rows * columns, seed: 11)
        var values: [Double] = []
        for r in 0..<rows {
            for c in 0..<columns {
                values.append(
                    sin(Double(r) * 0.05) * cos(Double(c) * 0.07) * 10 + 0.01 * noise[values.count])
            }
        }
        return values
    }

    @Test(
        "a smooth 2-D field: every value within E, those of important rows within their tolerance")
    func twoDimensionalRoundTrip() throws {
        let (rows, w) = (100, 80)
        let values = Self.smoothField(rows: rows, columns: w)
        // A row of a 2-D array is one sample: its importance holds for all its values.
        let rowFlags = (0..<rows).map { r in values[(r * w)..<((r + 1) * w)].contains { $0 > 9 } }
        let flags = values.indices.map { rowFlags[$0 / w] }
        var samples = SampleSet(dimension: w, values: values, isImportant: rowFlags)
        samples.fileLayout = SampleLayout(valueType: .float64, shape: [rows, w])
        let (e, tolerance) = (0.05, 1e-4)
        let (decoded, summary) = try PredictiveCompressionTests.roundTrip(
            samples,
            PredictiveCompressionTests.settings(
                distortion: nil, maximumError: e, tolerance: tolerance, predictor: .interpolation))
        #expect(summary.design.predictor.kind == .interpolation)
        #expect(summary.design.predictor.extents == [w])
        for i in values.indices {
            let error = values[i] - decoded[i]
            #expect(abs(error) <= e, "value \(i)")
            if flags[i] { #expect(error * error <= tolerance, "value \(i)") }
        }
    }

    @Test("on a smooth 2-D field interpolation is chosen and beats Lorenzo 2-D")
    func chosenOnSmoothField() throws {
        let (rows, w) = (96, 96)
        var samples = SampleSet(dimension: w, values: Self.smoothField(rows: rows, columns: w))
        samples.fileLayout = SampleLayout(valueType: .float64, shape: [rows, w])
        let d = 1e-3
        let (decoded, chosen) = try PredictiveCompressionTests.roundTrip(
            samples, PredictiveCompressionTests.settings(distortion: d))
        let (_, lorenzo) = try PredictiveCompressionTests.roundTrip(
            samples, PredictiveCompressionTests.settings(distortion: d, predictor: .lorenzo2D))
        #expect(chosen.design.predictor.kind == .interpolation)
        #expect(chosen.summary.bitsPerSample < lorenzo.summary.bitsPerSample)
        let mse =
            zip(samples.values, decoded).map { ($0 - $1) * ($0 - $1) }.reduce(0, +)
            / Double(decoded.count)
        #expect(mse <= d)
    }

    @Test("a signal in chunks of 5000: the decoded mean squared error at most D")
    func signalRoundTrip() throws {
        let x = PredictiveCompressionTests.ar1(23_456, rho: 0.99)
        let d = 0.02
        let (y, summary) = try PredictiveCompressionTests.roundTrip(
            SampleSet(dimension: 1, values: x),
            PredictiveCompressionTests.settings(distortion: d, predictor: .interpolation))
        #expect(y.count == x.count)
        let mse = zip(x, y).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Double(x.count)
        #expect(mse <= d)
        #expect(abs(mse - summary.summary.distortion) <= 1e-12)
    }
}
