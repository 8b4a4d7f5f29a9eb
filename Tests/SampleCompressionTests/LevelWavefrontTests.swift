import Foundation
import Testing
import _TestSupport

@testable import SampleCompression

/// Interpolation's levels coded as a wavefront: every sample once, after its neighbours, and
/// the same chunk as coding in visiting order.
@Suite struct LevelWavefrontTests {
    /// The wavefront's ranges as visits, checked to lie each within its level.
    static func visits(_ wavefront: LevelWavefront) -> [Int] {
        let starts = wavefront.levelStarts
        var visits: [Int] = []
        for (level, range) in wavefront.ranges {
            if level == starts.count {
                #expect(range == 0..<1)
            } else {
                let end = level == 0 ? wavefront.count : starts[level - 1]
                #expect(range.lowerBound >= starts[level] && range.upperBound <= end)
            }
            visits += range
        }
        return visits
    }

    @Test(
        "every sample of a 1-D chunk once, each after the neighbours it is interpolated from",
        arguments: [2, 3, 5, 8, 9, 17, 100, 4_097, 8_193, 12_289, 50_000, 262_147])
    func coversInDependencyOrder(count: Int) throws {
        let order = InterpolationOrder(count: count, rowLength: count)
        let wavefront = try #require(LevelWavefront(order))
        let visits = Self.visits(wavefront)
        #expect(visits.count == count)
        #expect(Set(visits).count == count)
        var coded = [Bool](repeating: false, count: count)
        var missing = 0
        for t in visits {
            let i = Int(order.positions[t])
            let s = Int(order.strides[t])
            let code = order.neighbours[t]
            var needed = s > 0 ? [i - s] : []
            if code & InterpolationOrder.Neighbours.farLeft != 0 { needed.append(i - 3 * s) }
            if code & InterpolationOrder.Neighbours.right != 0 { needed.append(i + s) }
            if code & InterpolationOrder.Neighbours.farRight != 0 { needed.append(i + 3 * s) }
            missing += needed.filter { !coded[$0] }.count
            coded[i] = true
        }
        #expect(missing == 0)
    }

    @Test(
        "one row's neighbour classes from the visit before in each level, as from the order's tables",
        arguments: [2, 3, 9, 100, 4_097, 50_001], [true, false])
    func oneRowClasses(count: Int, row isRow: Bool) throws {
        // One row, or one column (a signal of row length 1): the same visits, other neighbours.
        let order = InterpolationOrder(count: count, rowLength: isRow ? count : 1)
        let (classes, expected) = try Self.rowClasses(order, seed: UInt64(count))
        #expect(classes == expected)
        #expect(count < 100 || expected.contains(isRow ? 4 : 1))
    }

    /// One row's classes of random symbols (mostly the zero symbol, 2, as in smooth stretches)
    /// in `order`, and the generic classes from the order's tables.
    static func rowClasses(_ order: InterpolationOrder, seed: UInt64) throws -> (
        classes: [UInt8], expected: [UInt8]
    ) {
        let count = order.positions.count
        var random = SplitMix64(seed: seed)
        let symbols = (0..<count).map { _ in UInt32(random.next() % 8 < 6 ? 2 : random.next() % 5) }
        var nonzero = [UInt8](repeating: 0, count: count)
        for t in 0..<count { nonzero[Int(order.positions[t])] = symbols[t] == 2 ? 0 : 1 }
        let expected = nonzero.withUnsafeBufferPointer { nonzero in
            (0..<count).map { t in
                UInt8(
                    NeighbourRule.fineClass(
                        t, Int(order.positions[t]), order: order, nonzero: nonzero.baseAddress!))
            }
        }
        var classes = [UInt8](repeating: 9, count: count)
        let written = symbols.withUnsafeBufferPointer { symbols in
            classes.withUnsafeMutableBufferPointer { classes in
                ContextTables.oneRowClasses(
                    symbols.baseAddress!, zero: 2, order: order, into: classes.baseAddress!)
            }
        }
        try #require(written)
        return (classes, expected)
    }

    @Test(
        "a signal's sequential order takes one row's classes, a 2-D array's the generic ones",
        arguments: [2, 3, 100, 50_001])
    func sequentialRowClasses(count: Int) throws {
        let signal = InterpolationOrder(sequentialCount: count, row: 0)
        let (classes, expected) = try Self.rowClasses(signal, seed: UInt64(count))
        #expect(classes == expected)
        #expect(count < 100 || expected.contains(4))
        #expect(
            InterpolationOrder(sequentialCount: count, row: 16).rowClassWeights == nil
                || count <= 16)
    }

    @Test("no wavefront for the orders of 2-D and 3-D chunks, or a single sample")
    func oneDimensionalOnly() {
        #expect(LevelWavefront(InterpolationOrder(count: 64 * 64, rowLength: 64)) == nil)
        #expect(
            LevelWavefront(InterpolationOrder(count: 16 * 16 * 16, rowLength: 16, planeRows: 16))
                == nil)
        #expect(LevelWavefront(InterpolationOrder(count: 1, rowLength: 1)) == nil)
        // Nor one row's classes for a plane.
        #expect(InterpolationOrder(count: 64 * 64, rowLength: 64).rowClassWeights == nil)
    }

    /// What coding one chunk wrote and returned.
    struct Coded: Equatable {
        var symbols: [UInt32]
        var activities: [Float]
        var residuals: [Double]
        var reconstructions: [Double]
        var counts: [UInt64]
        var escapes: ResidualEscapes
        var maximumAbsoluteError: Double
        var importantCount: Int
        var importantMaximumSquaredError: Double
        var squaredErrorSum: Double

        static func == (a: Coded, b: Coded) -> Bool {
            a.symbols == b.symbols && a.activities == b.activities && a.residuals == b.residuals
                && a.reconstructions == b.reconstructions && a.counts == b.counts
                && a.escapes == b.escapes && a.maximumAbsoluteError == b.maximumAbsoluteError
                && a.importantCount == b.importantCount
                && a.importantMaximumSquaredError == b.importantMaximumSquaredError
                // Added in another order: equal to rounding.
                && abs(a.squaredErrorSum - b.squaredErrorSum) <= 1e-12 * a.squaredErrorSum
        }
    }

    /// Codes `values` as one chunk with `encode`.
    static func code(
        _ values: [Double], importance: [Bool]?,
        _ encode: (ClosedLoopEncoder.ChunkBuffers) -> ClosedLoopEncoder.Chunk
    ) -> Coded {
        let n = values.count
        var symbols = [UInt32](repeating: 0, count: n)
        var activities = [Float](repeating: 0, count: n)
        var residuals = [Double](repeating: 0, count: n)
        var reconstructions = [Double](repeating: 0, count: n)
        let flags = importance ?? []
        let chunk = values.withUnsafeBufferPointer { values in
            flags.withUnsafeBufferPointer { flags in
                let importance = importance == nil ? nil : flags
                return symbols.withUnsafeMutableBufferPointer { symbols in
                    activities.withUnsafeMutableBufferPointer { activities in
                        residuals.withUnsafeMutableBufferPointer { residuals in
                            reconstructions.withUnsafeMutableBufferPointer { reconstructions in
                                var buffers = ClosedLoopEncoder.ChunkBuffers(
                                    values: values, importance: importance, start: 0,
                                    symbols: symbols.baseAddress!)
                                buffers.activities = activities.baseAddress
                                buffers.residuals = residuals.baseAddress
                                buffers.reconstructions = reconstructions.baseAddress
                                return encode(buffers)
                            }
                        }
                    }
                }
            }
        }
        return Coded(
            symbols: symbols, activities: activities, residuals: residuals,
            reconstructions: reconstructions, counts: chunk.counts, escapes: chunk.escapes,
            maximumAbsoluteError: chunk.maximumAbsoluteError,
            importantCount: chunk.importantCount,
            importantMaximumSquaredError: chunk.importantMaximumSquaredError,
            squaredErrorSum: chunk.squaredErrorSum)
    }

    /// A chunk's coding: its length, the predictor's kind, whether some samples are important
    /// (with them the C loop stops at every important sample its cell's codeword misses, and
    /// resumes its batch after the sample is settled), whether reconstructions are rounded to
    /// float32.
    struct Case: Sendable, CustomTestStringConvertible {
        var count: Int
        var linear = false
        var important = true
        var float32 = false
        /// Rows of this length (a 2-D chunk), in planes of `planeRows` rows (3-D); one row
        /// when nil.
        var rowLength: Int? = nil
        var planeRows: Int? = nil
        var testDescription: String {
            "\(count) values\(linear ? ", linear" : "")\(important ? ", important" : "")"
                + (float32 ? ", float32" : "") + (rowLength.map { ", rows of \($0)" } ?? "")
                + (planeRows.map { ", planes of \($0) rows" } ?? "")
        }
    }

    @Test(
        "the same symbols, activities, reconstructions and escapes (in visiting order) as coding in visiting order",
        arguments: [
            Case(count: 20_000), Case(count: 70_001, linear: true),
            Case(count: 5_000, linear: true),
            Case(count: 70_001, important: false),
            Case(count: 20_000, important: false, float32: true),
            Case(count: 4_099, linear: true, important: false), Case(count: 7, important: false),
            Case(count: 20_000, important: false, rowLength: 157),
            Case(count: 30_000, linear: true, important: false, rowLength: 50, planeRows: 24),
            Case(count: 20_000, rowLength: 157),
        ])
    func sameAsVisitingOrder(_ setting: Case) {
        let count = setting.count
        // A loud-and-quiet signal with spikes: the quantiser covers the quiet part, so the loud
        // stretches and the spikes escape, some onto the escapes' grid and some exactly.
        let noise = SeededSamples.gaussian(count, seed: 5)
        let values = noise.indices.map { i in
            let loud = (i / 3_000) % 4 == 0 ? 40.0 : 1.0
            let spike = i % 997 == 0 ? 1e9 : i % 1_999 == 0 ? 1e200 : 0
            return loud * sin(Double(i) / 11) + 0.1 * noise[i] + spike
        }
        let importance = setting.important ? values.indices.map { $0 % 13 == 0 } : nil
        let encoder = ClosedLoopEncoder(
            quantizer: ResidualQuantizer(uniformStep: 0.1, side: 12), maximumError: 0.06,
            importantTolerance: 1e-4, roundsToFloat32: setting.float32)
        let predictor = InterpolationPrediction(
            rowLength: setting.rowLength ?? count, planeRows: setting.planeRows, origin: 0.5,
            levelScales: [1, 0.8, 0.64, 0.5], linear: setting.linear)
        let wavefront = Self.code(values, importance: importance) {
            encoder.encode($0, predictor: predictor)
        }
        let reference = Self.code(values, importance: importance) {
            encoder.encodeInVisitingOrder($0, predictor: predictor)
        }
        if count > 1_000 {
            #expect(reference.escapes.count > 10)
            #expect(reference.escapes.exactValues.count > 0)
        }
        #expect(wavefront == reference)
    }

    @Test("small chunks of every shape: the same coding as in visiting order")
    func smallShapes() {
        let encoder = ClosedLoopEncoder(
            quantizer: ResidualQuantizer(uniformStep: 0.1, side: 12), maximumError: 0.06,
            importantTolerance: 1e-4, roundsToFloat32: false)
        for count in [1, 2, 3, 4, 5, 8, 9, 17, 33, 64, 65, 130, 257] {
            let noise = SeededSamples.gaussian(count, seed: UInt64(count))
            let values = noise.indices.map { sin(Double($0) / 3) + 0.2 * noise[$0] }
            for (rowLength, planeRows) in [
                (count, nil), (1, nil), (2, nil), (3, nil), (5, 2), (4, 3),
            ]
                as [(Int, Int?)]
            {
                let predictor = InterpolationPrediction(
                    rowLength: rowLength, planeRows: planeRows, origin: 0, levelScales: [1, 0.7])
                let coded = Self.code(values, importance: nil) {
                    encoder.encode($0, predictor: predictor)
                }
                let reference = Self.code(values, importance: nil) {
                    encoder.encodeInVisitingOrder($0, predictor: predictor)
                }
                #expect(coded == reference, "\(count) values in rows of \(rowLength)")
            }
        }
    }
}
