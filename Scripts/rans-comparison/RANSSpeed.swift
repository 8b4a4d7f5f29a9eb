// The rdopt side of Scripts/compare-rans-htscodecs.sh: compiled together with the
// EntropyCoding module's sources (not part of the package build). It writes each test set of
// symbols to a file (one byte per symbol) for the C harness, and prints one tab-separated line
// per set: name, symbols, alphabet size, precision, entropy (bits/symbol), encode and decode
// rates into reused buffers (millions of symbols per second, one core; what the C harness
// measures of htscodecs), the same through the array API (which allocates its result, so
// the kernel maps and clears fresh pages), and the payload bytes.
import Foundation

@main
struct RANSSpeed {
    static func main() throws {
        let arguments = CommandLine.arguments
        guard arguments.count == 3, let count = Int(arguments[2]), count > 0 else {
            print("usage: rans-speed OUTPUT-FOLDER SYMBOL-COUNT")
            exit(2)
        }
        let folder = arguments[1]
        for step in [2.0, 1.0, 0.5, 0.2, 0.1, 0.049] {
            let name = "gauss-step-\(step)"
            let symbols = quantisedGaussian(count: count, step: step)
            try Data(symbols.map { UInt8($0) }).write(
                to: URL(fileURLWithPath: "\(folder)/\(name).u8"))
            try measure(name: name, symbols: symbols)
        }
    }

    /// Encodes and decodes `symbols` five times each and prints the best rates.
    static func measure(name: String, symbols: [UInt32]) throws {
        let alphabet = Int(symbols.max() ?? 0) + 1
        let counts = try FrequencyTable.histogram(of: symbols, alphabetSize: alphabet)
        let table = try FrequencyTable(counts: counts)
        let codec = RANSCodec(table: table)
        var payload: [UInt8] = []
        let encodeArray = try bestOf(5) { payload = try codec.encode(symbols) }
        var decoded: [UInt32] = []
        let decodeArray = try bestOf(5) {
            decoded = try codec.decode(payload, count: symbols.count)
        }
        let scratch = UnsafeMutableRawBufferPointer.allocate(
            byteCount: RANSCodec.maximumPayloadByteCount(symbolCount: symbols.count),
            alignment: 8)
        defer { scratch.deallocate() }
        var start = 0
        let encode = try symbols.withUnsafeBufferPointer { input in
            try bestOf(5) { start = try codec.encode(input, intoEndOf: scratch) }
        }
        let decode = try decoded.withUnsafeMutableBufferPointer { output in
            try bestOf(5) {
                try codec.decode(
                    UnsafeRawBufferPointer(rebasing: scratch[start...]), filling: output)
            }
        }
        guard decoded == symbols, scratch.count - start == payload.count else {
            print("\(name): round trip failed")
            exit(1)
        }
        let n = Double(symbols.count)
        let fields: [String] = [
            name, "\(symbols.count)", "\(alphabet)", "\(table.precisionBits)",
            String(format: "%.4f", FrequencyTable.entropyBits(counts: counts)),
            String(format: "%.1f", n / encode / 1e6), String(format: "%.1f", n / decode / 1e6),
            String(format: "%.1f", n / encodeArray / 1e6),
            String(format: "%.1f", n / decodeArray / 1e6), "\(payload.count)",
        ]
        print(fields.joined(separator: "\t"))
    }

    /// Round(g / step) for standard Gaussian draws g, clamped to ±5σ and shifted to start at 0.
    static func quantisedGaussian(count: Int, step: Double) -> [UInt32] {
        var state: UInt64 = 12345
        func uniform() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return (Double((z ^ (z >> 31)) >> 11) + 0.5) * 0x1p-53
        }
        let half = Int((5 / step).rounded(.up))
        return (0..<count).map { _ in
            let g = (-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform())
            return UInt32(max(-half, min(half, Int((g / step).rounded()))) + half)
        }
    }

    /// The least thread CPU time of `runs` runs of `body` (the machine may be shared).
    static func bestOf(_ runs: Int, _ body: () throws -> Void) rethrows -> Double {
        var best = Double.infinity
        for _ in 0..<runs {
            let start = threadTime()
            try body()
            best = min(best, threadTime() - start)
        }
        return best
    }

    static func threadTime() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }
}
