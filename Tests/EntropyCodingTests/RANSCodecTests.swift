import Foundation
import Testing
import _TestSupport

@testable import EntropyCoding

/// Draws `count` symbols from the distribution `weights` by inverse CDF on a seeded
/// generator (thresholds in 64-bit fixed point, so a draw is one `next()` and a short search).
func sample(_ weights: [Double], count: Int, seed: UInt64) -> [UInt32] {
    var rng = SplitMix64(seed: seed)
    let total = weights.reduce(0, +)
    var thresholds: [UInt64] = []  // P(symbol ≤ s) · 2^64, saturated
    var running = 0.0
    for w in weights {
        running += w / total
        thresholds.append(running >= 1 ? .max : UInt64(running * 0x1p64))
    }
    thresholds[thresholds.count - 1] = .max
    var symbols = [UInt32](repeating: 0, count: count)
    for index in 0..<count {
        let u = rng.next()
        var s = 0
        while thresholds[s] <= u, s < thresholds.count - 1 { s += 1 }
        while weights[s] == 0 { s -= 1 }
        symbols[index] = UInt32(s)
    }
    return symbols
}

/// A geometric distribution with ratio `r` over `m` symbols (skewed, like a quantiser's output).
func geometric(_ m: Int, ratio r: Double) -> [Double] { (0..<m).map { pow(r, Double($0)) } }

@Suite("Interleaved rANS")
struct RANSCodecTests {
    @Test("the reciprocal quotient equals integer division for every frequency up to 2^16")
    func reciprocalIsExact() {
        var rng = SplitMix64(seed: 1)
        var mismatches: [(f: Int, x: UInt64)] = []
        for bits in [16, 24] {
            let frequencies =
                bits == 16
                ? Array(1...(1 << 16))
                : (0..<2000).map { _ in Int.random(in: 1...(1 << 24), using: &rng) }
            for f in frequencies {
                let symbol = EncodingSymbol(start: 0, frequency: UInt32(f), precisionBits: bits)
                let top = symbol.upperBound - 1
                let xs: [UInt64] = [
                    RANSCodec.lowerBound, top, top - UInt64(f) + 1, UInt64(f) * 123_456_789 - 1,
                    UInt64.random(in: RANSCodec.lowerBound...top, using: &rng),
                ]
                for x in xs where x >= RANSCodec.lowerBound && x <= top {
                    let expected = (x / UInt64(f)) << UInt64(bits) + x % UInt64(f)
                    if symbol.encode(x) != expected { mismatches.append((f, x)) }
                }
            }
        }
        #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(5))")
    }

    @Test(
        "round-trips random data of every length up to 40 and a few large ones",
        arguments: [
            geometric(6, ratio: 0.5), [1, 1], [0.999, 0.001], geometric(300, ratio: 0.98),
        ])
    func roundTrip(weights: [Double]) throws {
        let table = try FrequencyTable(probabilities: weights)
        let codec = RANSCodec(table: table)
        for count in Array(0...40) + [1000, 100_003] {
            let symbols = sample(weights, count: count, seed: UInt64(count))
            let payload = try codec.encode(symbols)
            #expect(try codec.decode(payload, count: count) == symbols, "count \(count)")
        }
    }

    @Test("round-trips with every precision from 1 to 24, through both decoders")
    func everyPrecision() throws {
        for bits in FrequencyTable.precisionRange {
            let m = min(1 << bits, 40)
            let weights = geometric(m, ratio: 0.9)
            let table = try FrequencyTable(probabilities: weights, precisionBits: bits)
            let codec = RANSCodec(table: table)
            let symbols = sample(weights, count: 5001, seed: UInt64(bits))
            #expect(
                try codec.decode(codec.encode(symbols), count: symbols.count) == symbols,
                "P = \(bits)")
        }
    }

    @Test("codes a single-symbol alphabet in no payload words")
    func singleSymbol() throws {
        let table = try FrequencyTable(counts: [42])
        let codec = RANSCodec(table: table)
        let symbols = [UInt32](repeating: 0, count: 10_000)
        let payload = try codec.encode(symbols)
        #expect(payload.count == RANSCodec.maximumPayloadByteCount(symbolCount: 0))
        #expect(try codec.decode(payload, count: symbols.count) == symbols)
    }

    @Test("round-trips a 65536-symbol alphabet (binary-search decoder)")
    func largeAlphabet() throws {
        // The product of two uniform 16-bit numbers, scaled back: skewed towards small symbols.
        var rng = SplitMix64(seed: 9)
        let symbols = (0..<100_000).map { _ in UInt32((rng.next() >> 48) * (rng.next() >> 48) >> 16)
        }
        let counts = try FrequencyTable.histogram(of: symbols, alphabetSize: 65536)
        let table = try FrequencyTable(counts: counts, precisionBits: 20)
        let codec = RANSCodec(table: table)
        #expect(try codec.decode(codec.encode(symbols), count: symbols.count) == symbols)
    }

    @Test("rejects symbols the table cannot code, naming the position")
    func rejectsUncodableSymbols() throws {
        let codec = RANSCodec(table: try FrequencyTable(counts: [3, 0, 5]))
        #expect(throws: EntropyCodingError.symbolHasZeroFrequency(symbol: 1, position: 2)) {
            try codec.encode([0, 2, 1, 0])
        }
        #expect(
            throws: EntropyCodingError.symbolOutOfRange(symbol: 3, alphabetSize: 3, position: 0)
        ) {
            try codec.encode([3])
        }
    }

    @Test("reports a damaged payload instead of returning wrong symbols")
    func detectsDamagedPayloads() throws {
        let weights = geometric(8, ratio: 0.6)
        let codec = RANSCodec(table: try FrequencyTable(probabilities: weights))
        let symbols = sample(weights, count: 300, seed: 2)
        let payload = try codec.encode(symbols)
        var caught = 0
        for bit in 0..<(payload.count * 8) {
            var damaged = payload
            damaged[bit / 8] ^= 1 << UInt8(bit % 8)
            do {
                let decoded = try codec.decode(damaged, count: symbols.count)
                // Without a CRC a flip may still decode; it must then decode to symbols of the table.
                #expect(decoded.allSatisfy { $0 < 8 })
            } catch {
                caught += 1
            }
        }
        // The end-state check catches almost every flip on its own.
        #expect(Double(caught) >= 0.99 * Double(payload.count * 8))
        for length in 0..<payload.count {
            #expect(throws: EntropyCodingError.self) {
                try codec.decode(Array(payload[..<length]), count: symbols.count)
            }
        }
    }
}
