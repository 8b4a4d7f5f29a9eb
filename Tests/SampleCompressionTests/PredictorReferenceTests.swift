import Testing

@testable import SampleCompression

/// The predictors' inner loops against slow references written from their definitions
/// (neighbours by explicit coordinates; a neighbour outside the array or before the chunk's
/// start counts as the origin).
@Suite("closed-loop predictors")
struct PredictorReferenceTests {
    /// Runs `predictor` over `values` (as the reconstruction) in chunks of `chunk`; the
    /// predictions in array order, whatever order the predictor visits the samples in.
    static func predictions(_ predictor: Predictor, _ values: [Double], chunk: Int) -> [Double] {
        struct Collect: PredictionVisitor {
            let values: [Double]
            let chunk: Int
            func visit<P: NeighbourPrediction>(_ prediction: P) -> [Double] {
                var result: [Double] = []
                var copy = values
                copy.withUnsafeMutableBufferPointer { buffer in
                    for start in stride(from: 0, to: values.count, by: chunk) {
                        var p = prediction
                        let count = min(chunk, values.count - start)
                        p.restart(at: start, count: count)
                        let base = buffer.baseAddress! + start
                        var predicted = [Double](repeating: .nan, count: count)
                        for t in 0..<count {
                            let i = p.position(t)
                            predicted[i] = p.next(base, i)
                        }
                        result += predicted
                    }
                }
                return result
            }
        }
        return predictor.accept(Collect(values: values, chunk: chunk))
    }

    /// The value at flat index `j` as seen from sample `i`, with the chunk restart rule.
    static func neighbour(_ values: [Double], _ i: Int, _ j: Int, chunk: Int, origin: Double)
        -> Double
    {
        j >= 0 && j / chunk == i / chunk ? values[j] : origin
    }

    static let values: [Double] = (0..<360).map { i in
        let x = Double(i)
        return (x * 0.37).truncatingRemainder(dividingBy: 5.3) - 0.01 * x + (i % 7 == 0 ? 2 : 0)
    }

    @Test("Lorenzo orders 1 to 3 along a signal", arguments: [1, 2, 3])
    func lorenzo1D(order: Int) {
        let kinds: [Predictor.Kind] = [.previous, .lorenzo2, .lorenzo3]
        let origin = 0.25
        let chunk = 50
        let got = Self.predictions(
            Predictor(kind: kinds[order - 1], origin: origin), Self.values, chunk: chunk)
        let binomial: [[Double]] = [[1], [2, -1], [3, -3, 1]]
        for i in Self.values.indices {
            var expected = 0.0
            for (k, c) in binomial[order - 1].enumerated() {
                expected +=
                    c * Self.neighbour(Self.values, i, i - k - 1, chunk: chunk, origin: origin)
            }
            #expect(abs(got[i] - expected) <= 1e-12 * 16, "sample \(i)")
        }
    }

    @Test("Lorenzo 2-D: W + N − NW, rows of 12, chunks of 5 rows")
    func lorenzo2D() {
        let w = 12
        let origin = -0.5
        let chunk = 60
        let got = Self.predictions(
            Predictor(kind: .lorenzo2D, origin: origin, extents: [w]), Self.values, chunk: chunk)
        for i in Self.values.indices {
            let (row, column) = (i / w, i % w)
            func at(_ r: Int, _ c: Int) -> Double {
                r < 0 || c < 0
                    ? origin
                    : Self.neighbour(Self.values, i, r * w + c, chunk: chunk, origin: origin)
            }
            let expected = at(row, column - 1) + at(row - 1, column) - at(row - 1, column - 1)
            #expect(abs(got[i] - expected) <= 1e-12 * 16, "sample \(i)")
        }
    }

    @Test("Lorenzo 3-D: the seven-term stencil, planes of 4 × 5, chunks not on plane edges")
    func lorenzo3D() {
        let (rows, w) = (4, 5)
        let origin = 0.75
        let chunk = 45
        let got = Self.predictions(
            Predictor(kind: .lorenzo3D, origin: origin, extents: [rows, w]), Self.values,
            chunk: chunk)
        for i in Self.values.indices {
            let (plane, row, column) = (i / (rows * w), (i / w) % rows, i % w)
            func at(_ p: Int, _ r: Int, _ c: Int) -> Double {
                p < 0 || r < 0 || c < 0
                    ? origin
                    : Self.neighbour(
                        Self.values, i, (p * rows + r) * w + c, chunk: chunk, origin: origin)
            }
            var expected = at(plane, row, column - 1) + at(plane, row - 1, column)
            expected += at(plane - 1, row, column) - at(plane, row - 1, column - 1)
            expected -= at(plane - 1, row - 1, column) + at(plane - 1, row, column - 1)
            expected += at(plane - 1, row - 1, column - 1)
            #expect(abs(got[i] - expected) <= 1e-12 * 64, "sample \(i)")
        }
    }

    @Test("linear prediction: origin + Σ a_k (r[i−k] − origin)")
    func linear() {
        let a = [0.9, -0.2, 0.05]
        let origin = 1.5
        let chunk = 70
        let got = Self.predictions(
            Predictor(kind: .linear, origin: origin, coefficients: a), Self.values, chunk: chunk)
        for i in Self.values.indices {
            var expected = origin
            for (k, c) in a.enumerated() {
                expected +=
                    c
                    * (Self.neighbour(Self.values, i, i - k - 1, chunk: chunk, origin: origin)
                        - origin)
            }
            #expect(abs(got[i] - expected) <= 1e-12 * 16, "sample \(i)")
        }
    }

    @Test("linear stencil: origin + Σ a_k (r[i−lag_k] − origin), lags in any order")
    func stencil() {
        let lags = [1, 13, 12, 2]
        let a = [0.6, -0.25, 0.5, 0.1]
        let origin = -2.0
        let chunk = 100
        let got = Self.predictions(
            Predictor(kind: .linearStencil, origin: origin, coefficients: a, lags: lags),
            Self.values, chunk: chunk)
        for i in Self.values.indices {
            var expected = origin
            for (lag, c) in zip(lags, a) {
                expected +=
                    c
                    * (Self.neighbour(Self.values, i, i - lag, chunk: chunk, origin: origin)
                        - origin)
            }
            #expect(abs(got[i] - expected) <= 1e-12 * 16, "sample \(i)")
        }
    }

    @Test("a stencil's metadata field reads back")
    func stencilField() throws {
        let predictor = Predictor(
            kind: .linearStencil, origin: 0.25, coefficients: [0.5, 0.5, -0.25],
            lags: [1, 300, 301])
        var bytes: [UInt8] = []
        PredictionField.append(predictor, to: &bytes)
        var parser = MetadataParser(bytes)
        #expect(try PredictionField.read(from: &parser) == predictor)
        #expect(parser.remaining == 0)
    }

    @Test("Levinson–Durbin recovers an AR(2) model's coefficients from its autocorrelations")
    func levinson() throws {
        // x_t = 1.2 x_{t−1} − 0.5 x_{t−2} + e: r1 = 1.2/1.5 r0, r2 = 1.2 r1 − 0.5 r0.
        let r0 = 1.0
        let r1 = 0.8
        let r2 = 1.2 * r1 - 0.5 * r0
        let a = try #require(LinearPredictorFit.levinsonDurbin([r0, r1, r2], order: 2))
        #expect(abs(a[0] - 1.2) <= 1e-12)
        #expect(abs(a[1] + 0.5) <= 1e-12)
    }
}
