import Testing
import _TestSupport

@testable import SampleCompression

/// The codebook of predicted files in format version 4: multiples of a power of two, stored as
/// varint differences, exact for any codebook.
@Suite("codebook on a lattice")
struct LatticeCodebookTests {
    static func roundTrip(_ codewords: [Double]) throws -> (read: [Double], byteCount: Int) {
        var bytes: [UInt8] = []
        LatticeCodebook.append(codewords, to: &bytes)
        var parser = MetadataParser(bytes)
        let read = try LatticeCodebook.read(count: codewords.count, from: &parser)
        #expect(parser.remaining == 0)
        return (read, bytes.count)
    }

    /// A quantiser of `count` unevenly spaced codewords with cells within `halfWidth`, as a
    /// design leaves them.
    static func designed(_ count: Int, halfWidth: Double, rng: inout SplitMix64)
        -> ResidualQuantizer
    {
        var designed: [Double] = []
        var c = -halfWidth * 20
        for _ in 0..<count {
            designed.append(c)
            c += halfWidth * (0.5 + Double(rng.next() % 1000) / 700)
        }
        return ResidualQuantizer(
            boundingCells: designed,
            thresholds: zip(designed, designed.dropFirst()).map { ($0 + $1) / 2 },
            halfWidth: halfWidth, covering: designed[0], designed[count - 1])
    }

    @Test("a designed quantiser's codewords take about two bytes each and read back exactly")
    func designedCodebook() throws {
        var rng = SplitMix64(seed: 11)
        for _ in 0..<20 {
            let halfWidth = Double(rng.next() % 1000 + 1) * 0.37
            let q = Self.designed(30, halfWidth: halfWidth, rng: &rng)
            let (read, byteCount) = try Self.roundTrip(q.codewords)
            #expect(read.map(\.bitPattern) == q.codewords.map(\.bitPattern))
            // The unit (a byte), the first multiplier (three bytes), then two bytes a difference.
            #expect(byteCount <= 2 + 2 * q.codewords.count, "\(byteCount) for \(q.count)")
        }
    }

    @Test("any codebook reads back bit for bit: off the lattice, −0, huge and tiny values")
    func anyCodebook() throws {
        let cases: [[Double]] = [
            [0.1, 0.2, .pi], [-0.0, 1], [0, 0, 0], [1e300, -1e-300], [.leastNonzeroMagnitude, 1],
            [-3, 5, 2.5], [0x1p52, 0x1p-1], [],
        ]
        for codewords in cases {
            let (read, byteCount) = try Self.roundTrip(codewords)
            #expect(read.map(\.bitPattern) == codewords.map(\.bitPattern), "\(codewords)")
            #expect(byteCount <= 1 + 8 * codewords.count)
        }
        // The unit 2^-1 (one byte), then -6, 16, -5 (a byte each).
        #expect(try Self.roundTrip([-3, 5, 2.5]).byteCount == 1 + 3)
    }

    @Test("forged fields are refused: a bad unit, a multiplier past 2^53, missing bytes")
    func forged() throws {
        func read(_ bytes: [UInt8], count: Int) throws {
            var parser = MetadataParser(bytes)
            _ = try LatticeCodebook.read(count: count, from: &parser)
        }
        func unit(_ exponent: Int64) -> [UInt8] {
            var bytes: [UInt8] = []
            bytes.appendVarint(Int(ResidualEscapes.zigzag(exponent)) + 1)
            return bytes
        }
        // Exponents beyond a double's; the varint's own limit.
        for bad: Int64 in [1024, -1075, 5000] {
            #expect(throws: MetadataParser.Failure.self) { try read(unit(bad) + [2], count: 1) }
        }
        #expect(try Self.roundTripCount(unit(-1074) + [2]) == [.leastNonzeroMagnitude])
        // zigzag(2^53) then a difference of +1: the second multiplier is past 2^53.
        var far = unit(0)
        far.appendVarint(Int(ResidualEscapes.zigzag(1 << 53)))
        far.appendVarint(2)
        #expect(throws: MetadataParser.Failure.self) { try read(far, count: 2) }
        #expect(throws: MetadataParser.Failure.self) { try read(unit(0) + [2], count: 2) }
        #expect(throws: MetadataParser.Failure.self) { try read(unit(0) + [2], count: .max) }
        #expect(throws: MetadataParser.Failure.self) { try read([0, 0], count: 1) }
        // Huge codes (the extremes of a 64-bit zigzag) are refused, never a trap.
        for code in [UInt64.max, UInt64.max - 1, 1 << 62] {
            var huge = unit(0)
            huge.appendVarint(Int(truncatingIfNeeded: code & UInt64(Int.max)))
            _ = try? read(huge, count: 1)
            var late = unit(0) + [2, 4]
            late.appendVarint(Int(truncatingIfNeeded: code & UInt64(Int.max)))
            #expect(throws: MetadataParser.Failure.self) { try read(late, count: 3) }
        }
        // A uniform codebook: one byte for each second difference.
        let uniform = (0..<30).map { Double($0 - 15) * 0.375 }
        #expect(try Self.roundTrip(uniform).byteCount <= 1 + 2 + 29)
    }

    @Test("a long uniform codebook is stored deflated, in a few dozen bytes; forgeries refused")
    func deflated() throws {
        // A fine probe's codebook: 16,385 codewords, every second difference 0.
        let uniform = (-8192...8192).map { Double($0) * 0x1p-7 }
        let (back, byteCount) = try Self.roundTrip(uniform)
        #expect(back.map(\.bitPattern) == uniform.map(\.bitPattern))
        #expect(byteCount < 100, "\(byteCount) bytes")
        var bytes: [UInt8] = []
        LatticeCodebook.append(uniform, to: &bytes)
        func read(_ bytes: [UInt8]) throws {
            var parser = MetadataParser(bytes)
            _ = try LatticeCodebook.read(count: uniform.count, from: &parser)
        }
        // Truncated anywhere, a damaged stream, a stored length past the plain one.
        for length in stride(from: 0, to: bytes.count, by: 3) {
            #expect(throws: MetadataParser.Failure.self) { try read(Array(bytes[..<length])) }
        }
        var damaged = bytes
        damaged[damaged.count - 5] ^= 0x5A
        #expect(throws: MetadataParser.Failure.self) { try read(damaged) }
        var other = MetadataParser(bytes)
        #expect(throws: MetadataParser.Failure.self) {
            _ = try LatticeCodebook.read(count: uniform.count - 1, from: &other)
        }
        // A short codebook keeps the plain varints.
        var short: [UInt8] = []
        LatticeCodebook.append([-3, 5, 2.5], to: &short)
        #expect(Int(short[0]) <= LatticeCodebook.largestUnitCode)
    }

    /// The one codeword a field holds.
    static func roundTripCount(_ bytes: [UInt8]) throws -> [Double] {
        var parser = MetadataParser(bytes)
        return try LatticeCodebook.read(count: 1, from: &parser)
    }

    @Test("bounded cells on the lattice: every covered residual within the half width")
    func boundedCells() {
        var rng = SplitMix64(seed: 12)
        for _ in 0..<50 {
            let e = Double(rng.next() % 100_000 + 1) / 997
            let count = Int(rng.next() % 12) + 1
            var designed: [Double] = []
            var c = Double(rng.next() % 100) / 7 - 7
            for _ in 0..<count {
                designed.append(c)
                c += e * Double(rng.next() % 5000) / 1000
            }
            let cuts = zip(designed, designed.dropFirst()).map { $0 + ($1 - $0) * 0.4 }
            let q = ResidualQuantizer(
                boundingCells: designed, thresholds: cuts, halfWidth: e,
                covering: designed[0] - 5 * e, designed[count - 1] + 5 * e)
            let unit = ResidualQuantizer.latticeUnit(halfWidth: e)
            #expect(unit <= e / 1024 && unit > e / 2048)
            for c in q.codewords { #expect((c / unit).rounded() == c / unit) }
            #expect(q.halfWidth == e)
            for k in 0...2000 {
                let r = q.lowestEdge + (q.highestEdge - q.lowestEdge) * Double(k) / 2000
                let j = q.thresholds.filter { $0 <= r }.count
                #expect(abs(r - q.codewords[j]) <= e, "residual \(r), codeword \(q.codewords[j])")
            }
        }
    }

    @Test(
        "under a mean squared error, a coarser lattice when its bytes outweigh the added error; none when the data is long"
    )
    func coarserLattice() throws {
        var rng = SplitMix64(seed: 12)
        let q = Self.designed(40, halfWidth: 8, rng: &rng)
        // D = 1 (the half width 8·√D, as the designs hold cells under a mean squared error):
        // 3,000 values gain from a coarser lattice, 10^9 would lose more to the added error.
        let coarse = try #require(q.onCoarserLattice(sampleCount: 3_000, targetDistortion: 1))
        let unit = try #require(LatticeCodebook.lattice(of: coarse.codewords)).unit
        let designedUnit = try #require(LatticeCodebook.lattice(of: q.codewords)).unit
        #expect(unit > designedUnit)
        #expect(unit * unit / 12 < 0.01)
        for (moved, original) in zip(coarse.codewords, q.codewords) {
            #expect(abs(moved - original) <= unit / 2)
        }
        #expect(zip(coarse.codewords, coarse.codewords.dropFirst()).allSatisfy(<))
        #expect(coarse.thresholds == q.thresholds && coarse.halfWidth == q.halfWidth + unit / 2)
        #expect(
            try Self.roundTrip(coarse.codewords).byteCount < Self.roundTrip(q.codewords).byteCount)
        #expect(q.onCoarserLattice(sampleCount: 1_000_000_000, targetDistortion: 1) == nil)
        #expect(q.onCoarserLattice(sampleCount: 3_000, targetDistortion: 0) == nil)
    }
}
