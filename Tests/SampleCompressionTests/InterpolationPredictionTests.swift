import EntropyCoding
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

    /// The flat indices of the neighbours the t-th visited sample is interpolated from.
    static func neighbours(of t: Int, in order: InterpolationOrder) -> [Int] {
        let (i, s) = (Int(order.positions[t]), Int(order.strides[t]))
        guard s > 0 else { return [] }
        var needed = [i - s]
        let code = order.neighbours[t]
        if code & InterpolationOrder.Neighbours.farLeft != 0 { needed.append(i - 3 * s) }
        if code & InterpolationOrder.Neighbours.right != 0 { needed.append(i + s) }
        if code & InterpolationOrder.Neighbours.farRight != 0 { needed.append(i + 3 * s) }
        return needed
    }

    /// The formula of docs/formats.md for the neighbours that exist, `r(k)` the neighbour k
    /// strides away.
    static func interpolated(
        _ r: (Int) -> Double, hasRight: Bool, hasFarRight: Bool, hasFarLeft: Bool,
        linear: Bool = false
    ) -> Double {
        if !hasRight { return r(-1) }
        if linear { return (r(-1) + r(1)) / 2 }
        switch (hasFarLeft, hasFarRight) {
        case (true, true): return (-r(-3) + 9 * r(-1) + 9 * r(1) - r(3)) / 16
        case (true, false): return (-r(-3) + 6 * r(-1) + 3 * r(1)) / 8
        case (false, true): return (3 * r(-1) + 6 * r(1) - r(3)) / 8
        case (false, false): return (r(-1) + r(1)) / 2
        }
    }

    /// Visit `t`'s context and axis neighbours (``InterpolationOrder/contextOffsets``,
    /// ``InterpolationOrder/axisOffsets``), where it has them, were visited before it, on the
    /// same level (`level` of a flat index).
    static func expectContextNeighbour(
        of t: Int, in order: InterpolationOrder, visited: Set<Int>, level: (Int) -> Int
    ) {
        let i = Int(order.positions[t])
        let offsets = [order.contextOffsets[t]] + order.axisOffsets[(3 * t)..<(3 * t + 3)]
        for offset in offsets.map(Int.init) {
            #expect(offset >= 0)
            guard offset > 0 else { continue }
            #expect(visited.contains(i - offset), "visit \(t): neighbour \(i - offset)")
            #expect(level(i - offset) == level(i), "visit \(t): neighbour on another level")
        }
    }

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
            for j in Self.neighbours(of: t, in: order) {
                #expect(visited.contains(j), "visit \(t) needs \(j)")
            }
            Self.expectContextNeighbour(of: t, in: order, visited: visited) { j in
                min(Self.valuation(j / w), Self.valuation(j % w))
            }
            visited.insert(i)
        }
    }

    @Test(
        "predictions equal the formulas from coordinates, cubic and linear",
        arguments: [(1, false), (12, false), (1, true), (12, true)])
    func predictions(rowLength: Int, linear: Bool) {
        let values = PredictorReferenceTests.values
        let chunk = rowLength == 1 ? 100 : 60
        let origin = 0.75
        let kind: Predictor.Kind = linear ? .linearInterpolation : .interpolation
        let got = PredictorReferenceTests.predictions(
            Predictor(kind: kind, origin: origin, extents: [rowLength]), values, chunk: chunk)
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
                    expected = Self.interpolated(
                        r, hasRight: a + h < extent && i + s < n,
                        hasFarRight: a + 3 * h < extent && i + 3 * s < n, hasFarLeft: a >= 3 * h,
                        linear: linear)
                }
                #expect(got[start + i] == expected, "chunk at \(start), sample \(i)")
            }
        }
    }

    /// Chunk shapes of fields: whole planes, a short last plane or row, a chunk of fewer rows
    /// than a plane, planes of one row or one column.
    static let fieldShapes: [(count: Int, rowLength: Int, planeRows: Int)] = [
        (1, 5, 4), (20, 5, 4), (60, 5, 4), (59, 5, 4), (47, 5, 4), (12, 5, 4), (1000, 10, 10),
        (999, 10, 10), (315, 5, 9), (40, 1, 8), (40, 8, 1),
    ]

    /// A field chunk's plane, row and column of flat index `i`, and its extents `(P, R, w)`.
    static func coordinates(_ i: Int, count: Int, rowLength: Int, planeRows: Int) -> (
        z: Int, y: Int, x: Int, extents: (planes: Int, rows: Int, w: Int)
    ) {
        let w = min(rowLength, count)
        let allRows = (count + w - 1) / w
        let rows = min(planeRows, allRows)
        let planes = (allRows + rows - 1) / rows
        return (i / (rows * w), (i / w) % rows, i % w, (planes, rows, w))
    }

    @Test(
        "3-D: each sample visited once, level by level, across planes first, neighbours before it",
        arguments: fieldShapes)
    func fieldVisitingOrder(count: Int, rowLength: Int, planeRows: Int) {
        let order = InterpolationOrder(count: count, rowLength: rowLength, planeRows: planeRows)
        #expect(order.positions.count == count)
        #expect(Set(order.positions.map(Int.init)) == Set(0..<count))
        var visited = Set<Int>()
        var last = (level: Int.max, pass: 0)
        for t in 0..<count {
            let i = Int(order.positions[t])
            let (z, y, x, extents) = Self.coordinates(
                i, count: count, rowLength: rowLength, planeRows: planeRows)
            let (vz, vy, vx) = (Self.valuation(z), Self.valuation(y), Self.valuation(x))
            let level = min(vz, vy, vx)
            let h = 1 << level
            // Pass 0 across the planes, 1 along the columns, 2 along the rows.
            let pass =
                vz == level && vy > level && vx > level ? 0 : vy == level && vx > level ? 1 : 2
            if t > 0 {
                #expect(level < last.level || (level == last.level && pass >= last.pass), "\(t)")
                last = (level, pass)
                let step = [h * extents.rows * extents.w, h * extents.w, h][pass]
                #expect(Int(order.strides[t]) == step, "visit \(t)")
            } else {
                #expect(i == 0 && order.strides[t] == 0)
            }
            for j in Self.neighbours(of: t, in: order) {
                #expect(visited.contains(j), "visit \(t) needs \(j)")
            }
            Self.expectContextNeighbour(of: t, in: order, visited: visited) { j in
                let (z, y, x, _) = Self.coordinates(
                    j, count: count, rowLength: rowLength, planeRows: planeRows)
                return min(Self.valuation(z), Self.valuation(y), Self.valuation(x))
            }
            visited.insert(i)
        }
    }

    @Test("without planes the order is the 2-D one", arguments: shapes)
    func planesLeaveTwoDimensionsAlone(count: Int, rowLength: Int) {
        let flat = InterpolationOrder(count: count, rowLength: rowLength)
        let rows = (count + max(1, min(rowLength, count)) - 1) / max(1, min(rowLength, count))
        let onePlane = InterpolationOrder(count: count, rowLength: rowLength, planeRows: rows)
        #expect(flat.positions == onePlane.positions)
        #expect(flat.strides == onePlane.strides)
        #expect(flat.neighbours == onePlane.neighbours)
    }

    @Test("3-D predictions equal the formulas from coordinates", arguments: [60, 45, 360])
    func fieldPredictions(chunk: Int) {
        let values = PredictorReferenceTests.values
        let (planeRows, rowLength) = (3, 5)
        let origin = -0.25
        let got = PredictorReferenceTests.predictions(
            Predictor(kind: .interpolation3D, origin: origin, extents: [planeRows, rowLength]),
            values, chunk: chunk)
        for start in stride(from: 0, to: values.count, by: chunk) {
            let n = min(chunk, values.count - start)
            for i in 0..<n {
                let (z, y, x, e) = Self.coordinates(
                    i, count: n, rowLength: rowLength, planeRows: planeRows)
                guard i > 0 else {
                    #expect(got[start] == origin)
                    continue
                }
                let (vz, vy, vx) = (Self.valuation(z), Self.valuation(y), Self.valuation(x))
                let level = min(vz, vy, vx)
                let h = 1 << level
                let (a, extent, s) =
                    vz == level && vy > level && vx > level
                    ? (z, e.planes, h * e.rows * e.w)
                    : vy == level && vx > level ? (y, e.rows, h * e.w) : (x, e.w, h)
                func r(_ k: Int) -> Double { values[start + i + k * s] }
                let expected = Self.interpolated(
                    r, hasRight: a + h < extent && i + s < n,
                    hasFarRight: a + 3 * h < extent && i + 3 * s < n, hasFarLeft: a >= 3 * h)
                #expect(got[start + i] == expected, "chunk at \(start), sample \(i)")
            }
        }
    }

    @Test("a smooth 3-D field: 3-D interpolation holds every value within E and beats 2-D")
    func fieldRoundTrip() throws {
        let field = PredictiveCompressionTests.field(planes: 24, rows: 20, w: 20)
        let e = 0.01
        func forced(_ kind: Predictor.Kind) throws -> ([Double], PredictiveSummary) {
            try PredictiveCompressionTests.roundTrip(
                field,
                PredictiveCompressionTests.settings(
                    distortion: nil, maximumError: e, predictor: kind))
        }
        let (decoded, spatial) = try forced(.interpolation3D)
        let (_, planar) = try forced(.interpolation)
        #expect(spatial.design.predictor.extents == [20, 20])
        #expect(spatial.summary.bytes < planar.summary.bytes)
        for i in field.values.indices { #expect(abs(field.values[i] - decoded[i]) <= e) }
    }

    @Test(
        "interpolation's levels get their own tables when that pays; Lorenzo keeps one")
    func levelTables() throws {
        // One chunk: with the suite's small chunks a segment's framing (16 to 72 bytes a
        // chunk) would cost more than its table saves, and one table is kept.
        let (rows, w) = (256, 256)
        var samples = SampleSet(dimension: w, values: Self.smoothField(rows: rows, columns: w))
        samples.fileLayout = SampleLayout(valueType: .float64, shape: [rows, w])
        let e = 0.05
        var settings = PredictiveCompressionTests.settings(
            distortion: nil, maximumError: e, predictor: .interpolation)
        settings.chunkSize = rows * w
        let plan = try PredictivePlan(samples, settings: settings, file: "f")
        #expect(plan.header.tables.count > 1)
        let bytes = try plan.write(into: MemoryByteSink()).bytes
        // Predicted files are version 5 (one-state short streams, a chunk's short segments in
        // one, the codebook on a lattice).
        #expect(bytes[8] == 5)
        let decoded = try SampleDecompression.reconstruction(of: bytes)
        for i in samples.values.indices { #expect(abs(samples.values[i] - decoded.values[i]) <= e) }
        // Below one table for all: the symbols' entropy, and the file with the same header.
        var pooled = [UInt64](repeating: 0, count: plan.header.table.alphabetSize)
        for s in plan.symbols { pooled[Int(s)] += 1 }
        #expect(plan.segments.entropyBits < FrequencyTable.entropyBits(counts: pooled))
        let single = try CompressedFile.encode(
            plan.symbols, table: FrequencyTable(counts: pooled), metadata: plan.header.metadata,
            chunkSize: plan.header.chunkSize)
        #expect(bytes.count < single.count)
        // Lorenzo has no levels: one table, or one per activity bin and neighbour split of
        // a single level group.
        settings.predictor = .lorenzo2D
        let lorenzo = try PredictivePlan(samples, settings: settings, file: "f")
        switch lorenzo.segments {
        case .levels(let levels): #expect(levels.tables.count == 1)
        case .contexts(let contexts): #expect(contexts.contexts.groups == 1)
        }
        let lorenzoBytes = try lorenzo.write(into: MemoryByteSink()).bytes
        #expect(lorenzoBytes[8] == 5)
        let lorenzoDecoded = try SampleDecompression.reconstruction(of: lorenzoBytes)
        for i in samples.values.indices {
            #expect(abs(samples.values[i] - lorenzoDecoded.values[i]) <= e)
        }
    }

    @Test(
        "level segments cover every chunk in order, small and partial chunks too",
        arguments: [(1, 1), (2, 1), (5, 1), (37, 1), (1000, 1), (999, 10), (4096, 64)])
    func levelSegments(count: Int, rowLength: Int) throws {
        let chunk = max(1, count / 3 + 1)
        var rng = SplitMix64(seed: 5)
        let symbols = (0..<count).map { _ in UInt32(rng.next() % 3) }
        let levels = try LevelTables(symbols: symbols, alphabetSize: 3, chunkSize: chunk) {
            InterpolationOrder(count: $0, rowLength: rowLength)
        }
        for size in Set([chunk, count % chunk, count].filter { $0 > 0 && $0 <= chunk }) {
            let parts = levels.segments(ofChunk: size)
            #expect(parts.reduce(0, +) == size && parts.allSatisfy { $0 >= 0 })
            #expect(parts.count == levels.tables.count || parts == [size])
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
