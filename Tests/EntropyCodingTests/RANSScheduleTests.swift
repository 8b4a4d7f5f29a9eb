import Foundation
import Testing
import _TestSupport

@testable import EntropyCoding

/// A table of precision `bits` over `m` symbols, geometric with ratio `ratio`.
private func codec(_ m: Int, ratio: Double, bits: Int) throws -> (RANSCodec, [Double]) {
    let weights = geometric(m, ratio: ratio)
    return (
        RANSCodec(table: try FrequencyTable(probabilities: weights, precisionBits: bits)), weights
    )
}

@Suite("rANS schedules, buffers and payload size")
struct RANSScheduleTests {
    @Test("renormalises every two symbols up to P = 15 and every symbol above")
    func scheduleFollowsPrecision() {
        #expect((1...15).allSatisfy { RANSSchedule(precisionBits: $0) == .pairs })
        #expect((16...24).allSatisfy { RANSSchedule(precisionBits: $0) == .singles })
    }

    @Test(
        "round-trips every length around whole rounds, for each schedule and symbol width",
        arguments: [(12, 6), (14, 200), (15, 300), (16, 207), (16, 300), (16, 70_000), (20, 40)])
    func roundsAndTails(bits: Int, symbols m: Int) throws {
        let (codec, weights) = try codec(m, ratio: 0.97, bits: bits)
        let lengths = [0, 1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 47, 1023, 1024, 1025, 4099]
        for count in lengths {
            let symbols = sample(weights, count: count, seed: UInt64(count + bits))
            let payload = try codec.encode(symbols)
            #expect(try codec.decode(payload, count: count) == symbols, "P \(bits), n \(count)")
        }
    }

    @Test("the buffer API gives the array API's payload and symbols, buffers reused")
    func bufferAPI() throws {
        let (codec, weights) = try codec(40, ratio: 0.9, bits: 14)
        let scratch = UnsafeMutableRawBufferPointer.allocate(
            byteCount: RANSCodec.maximumPayloadByteCount(symbolCount: 5000), alignment: 8)
        defer { scratch.deallocate() }
        var output = [UInt32](repeating: 0, count: 5000)
        for seed in 0..<3 {
            let symbols = sample(weights, count: 5000 - seed, seed: UInt64(seed))
            let start = try symbols.withUnsafeBufferPointer {
                try codec.encode($0, intoEndOf: scratch)
            }
            let payload = UnsafeRawBufferPointer(rebasing: scratch[start...])
            #expect(Array(payload) == (try codec.encode(symbols)))
            try output.withUnsafeMutableBufferPointer {
                try codec.decode(
                    payload, filling: UnsafeMutableBufferPointer(rebasing: $0[..<symbols.count]))
            }
            #expect(Array(output[..<symbols.count]) == symbols)
        }
    }

    @Test(
        "names the first uncodable symbol anywhere in a long input, whatever its value",
        arguments: [12, 16, 20])
    func rejectsUncodableSymbolsInBulk(bits: Int) throws {
        // 300 symbols pad the encoder's table to 512 entries; 400 lies in the padding.
        var counts = [UInt64](repeating: 10, count: 300)
        counts[7] = 0
        let codec = RANSCodec(table: try FrequencyTable(counts: counts, precisionBits: bits))
        let good = sample(counts.map(Double.init), count: 100_000, seed: 5)
        for (bad, error) in [
            (UInt32(7), EntropyCodingError.symbolHasZeroFrequency(symbol: 7, position: 54_321)),
            (400, .symbolOutOfRange(symbol: 400, alphabetSize: 300, position: 54_321)),
            (1 << 31, .symbolOutOfRange(symbol: 1 << 31, alphabetSize: 300, position: 54_321)),
        ] {
            var symbols = good
            symbols[54_321] = bad
            symbols[99_999] = bad
            #expect(throws: error) { try codec.encode(symbols) }
        }
    }

    @Test("the payload stays within 0.05 % of n·H on 10^6 symbols, plus the states")
    func payloadSize() throws {
        for (m, ratio) in [(7, 0.3), (207, 0.97), (3000, 0.999)] {
            let weights = geometric(m, ratio: ratio)
            let symbols = sample(weights, count: 1_000_000, seed: UInt64(m))
            let counts = try FrequencyTable.histogram(of: symbols, alphabetSize: m)
            let codec = RANSCodec(table: try FrequencyTable(counts: counts))
            let ideal = FrequencyTable.entropyBits(counts: counts) * Double(symbols.count) / 8
            let payload = try codec.encode(symbols)
            let bound = ideal * 1.0005 + Double(8 * RANSCodec.stateCount)
            #expect(Double(payload.count) <= bound, "m \(m): \(payload.count) bytes, n·H \(ideal)")
        }
    }
}

@Suite("rANS decoding of corrupt payloads")
struct RANSCorruptPayloadTests {
    @Test(
        "random payloads never trap: each decoder either throws or returns table symbols",
        arguments: [(12, 6), (14, 200), (15, 300), (16, 207), (16, 300), (16, 70_000), (20, 40)])
    func randomPayloads(bits: Int, symbols m: Int) throws {
        let (codec, _) = try codec(m, ratio: 0.97, bits: bits)
        var rng = SplitMix64(seed: UInt64(bits * m))
        for trial in 0..<300 {
            let length =
                trial % 3 == 0 ? Int.random(in: 0...80, using: &rng) : 64 + 4 * (trial % 50)
            var payload = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            if trial % 2 == 1, payload.count >= 64 {
                // States inside [L, 2^63), so that decoding runs through the words.
                for lane in 0..<8 {
                    payload[8 * lane + 7] = UInt8.random(in: 0...0x7F, using: &rng)
                }
                for lane in 0..<8 { payload[8 * lane + 3] |= 0x80 }
            }
            let count = Int.random(in: 0...200, using: &rng)
            do {
                let decoded = try codec.decode(payload, count: count)
                #expect(decoded.allSatisfy { codec.table.canEncode($0) })
            } catch {
                guard case .corruptPayload = error else {
                    Issue.record("unexpected error \(error)")
                    continue
                }
            }
        }
    }

    @Test("names what is wrong: length, a state, missing or extra words, the final states")
    func namesDefects() throws {
        let (codec, weights) = try codec(20, ratio: 0.8, bits: 13)
        let symbols = sample(weights, count: 999, seed: 3)
        let payload = try codec.encode(symbols)
        func defect(_ bytes: [UInt8], count: Int = 999) -> PayloadDefect? {
            do {
                _ = try codec.decode(bytes, count: count)
                return nil
            } catch {
                guard case .corruptPayload(_, let defect) = error else { return nil }
                return defect
            }
        }
        #expect(defect(Array(payload.dropLast(2))) == .badLength)
        #expect(defect(Array(payload.prefix(63))) == .badLength)
        var low = payload
        low.replaceSubrange(0..<8, with: [UInt8](repeating: 0, count: 8))
        #expect(defect(low) == .stateOutOfRange)
        #expect(defect(Array(payload.dropLast(4))) == .wordsExhausted)
        #expect(defect(payload + [1, 2, 3, 4]) == .wordsLeftOver)
        #expect(defect(payload, count: 998) != nil)
        #expect(defect(payload, count: 0) == .wordsLeftOver)
    }
}
