import EntropyCoding
import Foundation
import RDInterchange
import Testing
import _TestSupport

@testable import SampleCompression

/// Interpolation's symbols split by activity (``ActivityContexts``): the field reads back,
/// forged fields are refused, a signal whose loudness varies gets bins and a smaller file,
/// and every bound still holds on the decoded values.
@Suite("activity contexts")
struct ActivityContextTests {
    static let contexts = ActivityContexts(
        groups: 3, thresholds: [[0.5, 1, 2], [0.25, 0.5, 4], [0, 0, 1], [1, 2, 3]])

    @Test("a sample's segment: its level group (the coarse ones merged), then its bin")
    func segments() {
        let c = Self.contexts
        #expect(c.bins == 4 && c.segmentCount == 12)
        func segment(_ group: Int, _ activity: Float) -> Int {
            c.segment(
                levelGroup: group, bin: ActivityBins(c.thresholds[group]).bin(activity), split: 1)
        }
        // Level groups 0 and 1 form segment group 0, each with its own thresholds.
        #expect(segment(0, 0.5) == 0)
        #expect(segment(0, 0.75) == 1)
        #expect(segment(1, 0.75) == 2)
        #expect(segment(1, 9) == 3)
        // Repeated thresholds leave a bin empty.
        #expect(segment(2, 0) == 4)
        #expect(segment(2, 0.5) == 6)
        #expect(segment(3, 2.5) == 10)
        // Missing thresholds count as +∞; NaN exceeds none.
        #expect(ActivityBins([1]).bin(.infinity) == 1)
        #expect(ActivityBins([1]).bin(.nan) == 0)
    }

    @Test("float lanes bin every activity as the thresholds compared as doubles do")
    func floatLanes() {
        var rng = SplitMix64(seed: 11)
        // Thresholds of the stored form at every scale: within the float range, between floats
        // (exponents 2^-149 … 2^-142 are not all floats), below and beyond it.
        let forms = [
            0, 1e-300, 0x1p-145 * 1.5, 0x1p-149, 1e-30, 0.3, 1, 1.0078125, 2.5, 1e30,
            0x1p127 * 1.99,
            1e39, 1e300,
        ].map(ActivityThreshold.rounded)
        var activities: [Float] = [
            0, .leastNonzeroMagnitude, .infinity, .nan, .greatestFiniteMagnitude,
        ]
        for t in forms {
            let f = Float(t)
            activities += [f, f.nextUp, f.nextDown, ActivityBins.roundedDown(t)]
        }
        activities += (0..<2_000).map { _ in Float(abs(rng.nextLaplace())) * 3 }
        for start in 0..<(forms.count - 2) {
            let thresholds = Array(forms[start..<min(forms.count, start + 7)])
            let bins = ActivityBins(thresholds)
            for a in activities where !a.isNaN {
                let expected = thresholds.filter { Double(a) > $0 }.count
                #expect(bins.bin(a) == expected, "activity \(a), thresholds \(thresholds)")
            }
            #expect(bins.bin(.nan) == 0)
        }
    }

    @Test(
        "an alphabet of more than eight symbols a value gets one table, without weighing contexts")
    func sparseAlphabet() throws {
        // Three values under a maximum error of 2·10^-8 kept their quantiser's whole lattice
        // (5 million codewords), and weighing the contexts' merges over it took 31 s.
        let order = ActivityContexts.order(for: Predictor(kind: .previous, origin: 0))
        var symbols: [UInt32] = [0, 2_000, 4_000]
        let activities: [Float] = [0, 1, 2]
        #expect(
            try ContextTables.make(
                symbols: &symbols, activities: activities,
                alphabetSize: ContextTables.sparseAlphabet * 3 + 1, chunkSize: 3, order: order)
                == nil)
        #expect(symbols == [0, 2_000, 4_000])
    }

    @Test("fewer than eight values a used symbol: one table, without weighing contexts")
    func sparseUse() throws {
        let order = ActivityContexts.order(for: Predictor(kind: .previous, origin: 0))
        // 800 values over 101 symbols: 7.9 values a used symbol.
        var symbols = (0..<800).map { UInt32($0 % 101) }
        let activities = (0..<800).map { Float($0 % 7) }
        let original = symbols
        #expect(
            try ContextTables.make(
                symbols: &symbols, activities: activities, alphabetSize: 101, chunkSize: 800,
                order: order) == nil)
        #expect(symbols == original)
    }

    @Test("a chunk's positions split into level-group ranges, the last group to the end")
    func groupRanges() {
        #expect(
            ContextTables.groupRanges(size: 100, cuts: [10, 30, 60])
                == [0..<10, 10..<30, 30..<60, 60..<100])
        #expect(
            ContextTables.groupRanges(size: 20, cuts: [10, 30, 60])
                == [0..<10, 10..<20, 20..<20, 20..<20])
        for t in 0..<100 {
            let group = ContextTables.levelGroup(t, cuts: [10, 30, 60])
            #expect(ContextTables.groupRanges(size: 100, cuts: [10, 30, 60])[group].contains(t))
        }
    }

    @Test("the field reads back; forged fields are refused")
    func field() throws {
        try Self.expectReadsBack(Self.contexts)
        func field(_ groups: Int, _ bins: Int, _ thresholds: [Double]) -> [UInt8] {
            var bytes = [UInt8(groups), UInt8(bins)]
            bytes.appendDoubles(thresholds)
            return bytes
        }
        let forged: [(String, [UInt8])] = [
            ("no group", field(0, 2, [0, 0, 0, 0])),
            ("five groups", field(5, 2, [0, 0, 0, 0])),
            ("one bin", field(2, 1, [])),
            ("nine bins", field(2, 9, [Double](repeating: 0, count: 32))),
            ("decreasing thresholds", field(1, 3, [0, 1, 2, 1, 0, 1, 0, 1])),
            ("a NaN threshold", field(1, 2, [0, .nan, 0, 0])),
            ("thresholds missing", field(1, 2, [0, 0, 0])),
        ]
        for (name, bytes) in forged { Self.expectRefused(bytes, name) }
    }

    /// `contexts` written and read back give `contexts`, with nothing left over, with its
    /// thresholds as doubles and in their short form (version 5).
    static func expectReadsBack(_ contexts: ActivityContexts) throws {
        for short in [false, true] {
            var bytes: [UInt8] = []
            contexts.append(to: &bytes, shortThresholds: short)
            var parser = MetadataParser(bytes)
            #expect(try ActivityContexts.read(from: &parser, shortThresholds: short) == contexts)
            #expect(parser.remaining == 0)
        }
    }

    /// Reading `bytes` as a contexts field fails.
    static func expectRefused(_ bytes: [UInt8], _ name: String, shortThresholds: Bool = false) {
        var parser = MetadataParser(bytes)
        #expect(throws: MetadataParser.Failure.self, "\(name)") {
            try ActivityContexts.read(from: &parser, shortThresholds: shortThresholds)
        }
    }

    @Test(
        "short thresholds: eight significant bits, rounded up, monotone, exact codes; forged codes refused"
    )
    func shortThresholds() throws {
        var previous = 0.0
        for k in 0..<2_000 {
            let t = pow(1.013, Double(k)) * 1e-7
            let r = ActivityThreshold.rounded(t)
            #expect(r >= t && r - t <= t / 128)
            #expect(r >= previous)
            previous = r
            #expect(ActivityThreshold.value(code: ActivityThreshold.code(r)) == r)
        }
        #expect(ActivityThreshold.rounded(0) == 0 && ActivityThreshold.code(0) == 0)
        #expect(ActivityThreshold.rounded(-1) == 0 && ActivityThreshold.rounded(.nan) == 0)
        // An infinite octile (activities beyond the float range) stays above the finite ones.
        let largest = ActivityThreshold.rounded(.infinity)
        #expect(largest.isFinite && largest >= ActivityThreshold.rounded(.greatestFiniteMagnitude))
        #expect(ActivityThreshold.value(code: ActivityThreshold.code(largest)) == largest)
        #expect(ActivityThreshold.rounded(17.4) == 17.5 && ActivityThreshold.rounded(255.9) == 256)
        // Values of the form (eight significant bits or fewer) stay as they are.
        for t in [1.0, 3.0, 0.375, 0x1.8p-40, 0x1.fep90] {
            #expect(ActivityThreshold.rounded(t) == t)
        }
        // A threshold takes one byte for most of 1 ≤ t < 2 (and for 0), two from 2^-63 up to
        // 2^63, three beyond.
        for (t, length) in [(1.5, 1), (0.7, 2), (17.0, 2), (1e-18, 2), (1e18, 2), (1e30, 3)] {
            var bytes: [UInt8] = []
            bytes.appendVarint(ActivityThreshold.code(ActivityThreshold.rounded(t)))
            #expect(bytes.count == length, "\(t)")
        }
        func field(bins: Int, _ codes: [Int]) -> [UInt8] {
            var bytes = [1, UInt8(bins)]
            for code in codes { bytes.appendVarint(code) }
            return bytes
        }
        let valid = (1...4).map { ActivityThreshold.code(Double($0)) }
        var parser = MetadataParser(field(bins: 2, valid))
        #expect(
            try ActivityContexts.read(from: &parser, shortThresholds: true).thresholds
                == [[1], [2], [3], [4]])
        let beyond = 128 * Int(ResidualEscapes.zigzag(1001)) + 1
        for (name, bins, codes) in [
            ("decreasing", 3, [valid[1], valid[0], 0, 0, 0, 0, 0, 0]),
            ("an exponent beyond 1000", 2, [beyond, beyond, beyond, beyond]),
            ("a code beyond the largest", 2, [ActivityThreshold.maximumCode + 1, 0, 0, 0]),
            ("thresholds missing", 2, [0, 0, 0]),
        ] {
            Self.expectRefused(field(bins: bins, codes), name, shortThresholds: true)
        }
    }

    @Test(
        "split by the neighbour's symbol: segments doubled, the field reads back, one bin allowed")
    func neighbourSplit() throws {
        var split = Self.contexts
        split.zeroSymbol = 7
        #expect(split.splits == 2 && split.segmentCount == 24)
        #expect(split.segment(levelGroup: 1, bin: 2, split: 0) == 4)
        #expect(split.segment(levelGroup: 1, bin: 2, split: 1) == 5)
        #expect(split.segment(levelGroup: 3, bin: 3, split: 1) == 23)
        let oneBin = ActivityContexts(
            groups: 4, thresholds: [[], [], [], []], zeroSymbol: 300)
        var counted = Self.contexts
        counted.zeroSymbol = 0
        counted.neighbours = .axisNeighbourCount
        #expect(counted.splits == 3 && counted.segmentCount == 36)
        #expect(counted.segment(levelGroup: 1, bin: 2, split: 2) == 8)
        var any = oneBin
        any.neighbours = .anyAxisNeighbour
        for contexts in [split, oneBin, counted, any] { try Self.expectReadsBack(contexts) }
        // The rules merge the fine classes 3·a + min(c, 2) (a: the context neighbour, c: the
        // axis neighbours with another symbol than the zero one).
        #expect(
            (0..<6).map { NeighbourRule.contextNeighbour.split(fine: $0) } == [0, 0, 0, 1, 1, 1])
        #expect(
            (0..<6).map { NeighbourRule.anyAxisNeighbour.split(fine: $0) } == [0, 1, 1, 0, 1, 1])
        #expect(
            (0..<6).map { NeighbourRule.axisNeighbourCount.split(fine: $0) } == [0, 1, 2, 0, 1, 2])
        // A rule's marker on no group, or on five; the zero symbol missing; a fourth rule.
        for bytes: [UInt8] in [
            [64, 1], [69, 1], [65, 1], [128, 1], [197, 1], [1, 0x80, 0x02],
        ] {
            Self.expectRefused(bytes, "\(bytes)")
        }
    }

    @Test(
        "a smooth 3-D field within E: the neighbour split is chosen and pays; every value within E")
    func neighbourSplitRoundTrip() throws {
        let field = PredictiveCompressionTests.field(planes: 24, rows: 40, w: 40)
        let e = 0.01
        var settings = PredictiveCompressionTests.settings(
            distortion: nil, maximumError: e, predictor: .interpolation3D)
        let (bytes, summary) = try SampleCompression.compressPredicted(field, settings: settings)
        let (header, _, _) = try CompressedFile.decodeSegmented(bytes)
        let metadata = try CompressionMetadata(
            parsing: header.metadata, file: "f", alphabetSize: header.tables[0].alphabetSize,
            sampleCount: header.sampleCount, version: header.version)
        #expect(metadata.activityContexts?.zeroSymbol != nil)
        let decoded = try SampleDecompression.reconstruction(of: bytes).values
        for i in field.values.indices { #expect(abs(field.values[i] - decoded[i]) <= e) }
        // Another zero symbol (one that no sample has, too) sends samples to other segments:
        // decoded or refused, never a trap.
        let (_, symbols, segments) = try CompressedFile.decodeSegmented(bytes)
        for zero in [0, 1, 2, 7, header.tables[0].alphabetSize, 1 << 20] {
            var forged = metadata
            forged.activityContexts?.zeroSymbol = UInt32(zero)
            let rebuilt = try CompressedFile.encode(
                symbols, tables: header.tables, segments: segments, metadata: forged.bytes(),
                chunkSize: header.chunkSize)
            _ = try? SampleDecompression.reconstruction(of: rebuilt)
        }
        settings.usesActivityContexts = false
        let (plain, _) = try SampleCompression.compressPredicted(field, settings: settings)
        #expect(
            summary.summary.bytes < plain.count, "\(summary.summary.bytes) against \(plain.count)")
    }

    /// A signal of silences and bursts: an AR(1) process whose innovations' scale switches
    /// between 0.01 and 1 every 2,000 samples, as in speech.
    static func bursts(_ n: Int) -> [Double] {
        let e = SeededSamples.gaussian(n, seed: 23)
        var x = [Double](repeating: 0, count: n)
        for i in 1..<n {
            let loud = (i / 2_000) % 2 == 1
            x[i] = 0.95 * x[i - 1] + (loud ? 1 : 0.01) * e[i]
        }
        return x
    }

    static func settings(contexts: Bool, tolerance: Double? = nil) -> PredictiveSettings {
        var settings = PredictiveSettings(
            targetDistortion: 0.001, importantTolerance: tolerance, predictor: .interpolation,
            designSampleCount: 8192, chunkSize: 20_000)
        settings.usesActivityContexts = contexts
        return settings
    }

    @Test("bursts: bins pay, the file shrinks, every bound holds on the decoded values")
    func burstsRoundTrip() throws {
        let x = Self.bursts(60_000)
        let important = x.map { abs($0) > 4 }
        let samples = SampleSet(dimension: 1, values: x, isImportant: important)
        let tolerance = 0.0001
        let (bytes, summary) = try SampleCompression.compressPredicted(
            samples, settings: Self.settings(contexts: true, tolerance: tolerance))
        let (plain, plainSummary) = try SampleCompression.compressPredicted(
            samples, settings: Self.settings(contexts: false, tolerance: tolerance))
        #expect(summary.design.activityBins > 1)
        #expect(summary.design.segmentTables % summary.design.activityBins == 0)
        #expect(plainSummary.design.activityBins == 1)
        #expect(bytes.count < plain.count * 9 / 10, "\(bytes.count) against \(plain.count)")
        let y = try SampleDecompression.reconstruction(of: bytes).values
        var squared = 0.0
        for i in x.indices {
            let e = x[i] - y[i]
            squared += e * e
            if important[i] { #expect(e * e <= tolerance, "sample \(i)") }
        }
        #expect(squared / Double(x.count) <= 0.001)
        #expect(abs(squared / Double(x.count) - summary.summary.distortion) <= 1e-12)
        #expect(try SampleDecompression.reconstruction(of: plain).values == y)
    }

    @Test("a contexts field that disagrees with the file's tables, or damaged, is an error")
    func damagedContexts() throws {
        let x = Self.bursts(30_000)
        let samples = SampleSet(dimension: 1, values: x)
        let (bytes, summary) = try SampleCompression.compressPredicted(
            samples, settings: Self.settings(contexts: true))
        #expect(summary.design.activityBins > 1)
        let (header, symbols, segments) = try CompressedFile.decodeSegmented(bytes)
        var metadata = try CompressionMetadata(
            parsing: header.metadata, file: "f", alphabetSize: header.tables[0].alphabetSize,
            sampleCount: header.sampleCount, version: header.version)
        func rebuilt(_ metadata: CompressionMetadata) throws -> [UInt8] {
            try CompressedFile.encode(
                symbols, tables: header.tables, segments: segments, metadata: metadata.bytes(),
                chunkSize: header.chunkSize, compact: header.isCompact)
        }
        #expect(
            try SampleDecompression.reconstruction(of: rebuilt(metadata)).values.count == x.count)
        // One group fewer: the segments no longer match the tables.
        var fewer = metadata
        fewer.activityContexts?.groups -= 1
        #expect(throws: CompressionError.self) {
            try SampleDecompression.reconstruction(of: rebuilt(fewer))
        }
        // Other thresholds send samples to segments that run out: an error, never a trap.
        var rng = SplitMix64(seed: 3)
        for _ in 0..<50 {
            var thresholds = metadata.activityContexts?.thresholds ?? []
            for g in thresholds.indices {
                thresholds[g] = thresholds[g].map {
                    ActivityThreshold.rounded($0 * Double(rng.next() % 4) / 2)
                }.sorted()
            }
            metadata.activityContexts?.thresholds = thresholds
            _ = try? SampleDecompression.reconstruction(of: rebuilt(metadata))
        }
    }

    @Test("the whole file's error comes close under D: within 5 % on bursts and on AR(1)")
    func errorCloseToTarget() throws {
        for x in [Self.bursts(60_000), PredictiveCompressionTests.ar1(60_000)] {
            let variance = x.map { $0 * $0 }.reduce(0, +) / Double(x.count)
            for d in [variance / 100, variance / 1000] {
                var settings = Self.settings(contexts: true)
                settings.targetDistortion = d
                settings.predictor = nil
                let (bytes, _) = try SampleCompression.compressPredicted(
                    SampleSet(dimension: 1, values: x), settings: settings)
                let y = try SampleDecompression.reconstruction(of: bytes).values
                let mse = zip(x, y).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Double(x.count)
                #expect(mse <= d)
                #expect(mse >= 0.95 * d, "\(mse / d) of D")
            }
        }
    }

    @Test(
        "a widened quantiser: every codeword, threshold, edge and the half width scaled, on its lattice"
    )
    func scaledQuantizer() {
        let q = ResidualQuantizer(
            codewords: [-1, 0, 2], thresholds: [-0.5, 1], halfWidth: 1, lowestEdge: -2,
            highestEdge: 3)
        let wide = q.scaled(by: 1.5)
        #expect(wide.codewords == [-1.5, 0, 3] && wide.thresholds == [-0.75, 1.5])
        // The codewords move onto the lattice of 1.5 (a unit of 2^-10): the half width grows by
        // one unit to cover the move.
        #expect(wide.halfWidth == 1.5 + 0x1p-10 && wide.lowestEdge == -3 && wide.highestEdge == 4.5)
        let odd = q.scaled(by: 1.3)
        let unit = ResidualQuantizer.latticeUnit(halfWidth: 1.3)
        #expect(unit == 0x1p-10)
        for (c, original) in zip(odd.codewords, q.codewords) {
            #expect(c / unit == (c / unit).rounded() && abs(c - 1.3 * original) <= unit / 2)
        }
        #expect(odd.halfWidth == 1.3 + unit)
    }
}
