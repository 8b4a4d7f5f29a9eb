// Speed probe for the EntropyCoding module: compiled together with the module's sources by
// Scripts/fuzz/measure-coder-speed.sh (not part of the package build). It prints symbols
// per second for the rANS coder on one core and for the chunked container on all cores.
import Foundation

@main
struct SpeedProbe {
    static func main() throws {
        let count = 10_000_000
        for (name, weights) in [
            ("geometric 64, ratio 0.9 (H≈4.3 bits)", (0..<64).map { pow(0.9, Double($0)) }),
            ("skewed 8, ratio 0.1 (H≈0.6 bits)", (0..<8).map { pow(0.1, Double($0)) }),
            ("uniform 256 (H=8 bits)", [Double](repeating: 1, count: 256)),
        ] {
            let symbols = draw(weights, count: count, seed: 42)
            let counts = try FrequencyTable.histogram(of: symbols, alphabetSize: weights.count)
            let table = try FrequencyTable(counts: counts)
            let entropy = FrequencyTable.entropyBits(counts: counts)
            print("\(name): precision \(table.precisionBits), entropy \(format(entropy)) bits")
            measureCodec(symbols, table: table)
            try measureContainer(symbols, table: table, entropy: entropy)
        }
        measureCRC()
        try measureTableConstruction()
    }

    /// One core: RANSCodec on chunks of 2^20 symbols.
    static func measureCodec(_ symbols: [UInt32], table: FrequencyTable) {
        let codec = RANSCodec(table: table)
        let chunk = 1 << 20
        var payloads: [[UInt8]] = []
        let encode = bestOf(5) {
            payloads = stride(from: 0, to: symbols.count, by: chunk).map { start in
                let slice = Array(symbols[start..<min(start + chunk, symbols.count)])
                return (try? codec.encode(slice)) ?? []
            }
        }
        var decoded: [UInt32] = []
        let decode = bestOf(5) {
            decoded = []
            decoded.reserveCapacity(symbols.count)
            for (index, payload) in payloads.enumerated() {
                let n = min(chunk, symbols.count - index * chunk)
                decoded += (try? codec.decode(payload, count: n)) ?? []
            }
        }
        precondition(decoded == symbols, "round trip failed")
        let n = Double(symbols.count)
        print("  rANS, one core:      encode \(rate(n / encode)) decode \(rate(n / decode))")
    }

    /// All cores: the container, with CRCs and framing. Reports the wall-clock rate and the
    /// rate per CPU-second (all threads together), which a loaded machine does not distort.
    static func measureContainer(_ symbols: [UInt32], table: FrequencyTable, entropy: Double) throws
    {
        var bytes: [UInt8] = []
        let encodeWall = bestOf(5, wall: true) {
            bytes = (try? CompressedFile.encode(symbols, table: table)) ?? []
        }
        let encodeCPU = bestOf(5, clock: CLOCK_PROCESS_CPUTIME_ID) {
            bytes = (try? CompressedFile.encode(symbols, table: table)) ?? []
        }
        var decoded: [UInt32] = []
        let decodeWall = bestOf(5, wall: true) {
            decoded = (try? CompressedFile.decode(bytes).symbols) ?? []
        }
        let decodeCPU = bestOf(5, clock: CLOCK_PROCESS_CPUTIME_ID) {
            decoded = (try? CompressedFile.decode(bytes).symbols) ?? []
        }
        precondition(decoded == symbols, "round trip failed")
        let header = try CompressedFile.decode(bytes).header
        let n = Double(symbols.count)
        let payloadBits = Double(8 * (bytes.count - header.fixedOverheadByteCount)) / n
        print(
            "  container, \(ProcessInfo.processInfo.activeProcessorCount) cores, wall clock: encode \(rate(n / encodeWall)) decode \(rate(n / decodeWall))"
        )
        print(
            "  container, per CPU-second:  encode \(rate(n / encodeCPU)) decode \(rate(n / decodeCPU))"
        )
        print(
            "  size: \(bytes.count) bytes, \(format(Double(8 * bytes.count) / n)) bits/sample;"
                + " payload \(format(payloadBits)) bits/sample = entropy × \(format(payloadBits / entropy, digits: 6))"
        )
    }

    static func measureCRC() {
        let bytes = [UInt8](repeating: 0xA5, count: 64 << 20)
        var value: UInt32 = 0
        let time = bestOf(3) { value = CRC32C.checksum(of: bytes) }
        print("CRC-32C: \(format(Double(bytes.count) / time / 1e9)) GB/s (\(value))")
    }

    static func measureTableConstruction() throws {
        for size in [256, 4096, 65536] {
            let counts = (0..<size).map { UInt64(1_000_000 / ($0 + 1)) + 1 }
            var table: FrequencyTable?
            let time = bestOf(3) { table = try? FrequencyTable(counts: counts) }
            print(
                "FrequencyTable(counts:) for \(size) symbols (Zipf): \(format(time * 1e3)) ms,"
                    + " precision \(table?.precisionBits ?? 0)")
        }
    }

    static func draw(_ weights: [Double], count: Int, seed: UInt64) -> [UInt32] {
        var state = seed
        let total = weights.reduce(0, +)
        var thresholds: [Double] = []
        var running = 0.0
        for w in weights {
            running += w / total
            thresholds.append(running)
        }
        return (0..<count).map { _ in
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            let u = Double((z ^ (z >> 31)) >> 11) * 0x1p-53
            var s = 0
            while s < thresholds.count - 1, thresholds[s] <= u { s += 1 }
            return UInt32(s)
        }
    }

    /// The least time of `runs` runs of `body`. The machine is shared, so single-threaded
    /// work is timed by the thread's CPU clock (time spent descheduled does not count) and
    /// parallel work by the wall clock (pass `wall: true`).
    static func bestOf(
        _ runs: Int, wall: Bool = false, clock explicit: clockid_t? = nil, _ body: () -> Void
    ) -> Double {
        let clock = explicit ?? (wall ? CLOCK_MONOTONIC : CLOCK_THREAD_CPUTIME_ID)
        var best = Double.infinity
        for _ in 0..<runs {
            let start = now(clock)
            body()
            best = min(best, now(clock) - start)
        }
        return best
    }

    static func now(_ clock: clockid_t) -> Double {
        var time = timespec()
        clock_gettime(clock, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    static func rate(_ perSecond: Double) -> String {
        "\(format(perSecond / 1e6, digits: 1)) M symbols/s"
    }

    static func format(_ value: Double, digits: Int = 4) -> String {
        String(format: "%.\(digits)f", value)
    }
}
