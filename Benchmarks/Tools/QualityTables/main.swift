import Dispatch
import Foundation
import Quantization

// The quality tables of the README, printed from a release build (figures, not pass/fail
// tests; a failed check prints "check failed" and exits 1). From the Benchmarks folder:
//     swift run -c release QualityTables design      # design against ECSQ-Lloyd, 4 sources
//     swift run -c release QualityTables baselines   # the baseline table
//     swift run -c release QualityTables timings     # baselines on 10^6 samples
//     swift run -c release QualityTables pairs       # 2-D correlated pairs

/// Wall-clock seconds of `body`.
func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// `n` seeded standard normal samples.
func gaussian(_ n: Int, seed: UInt64) -> [Double] {
    var rng = SplitMix64(seed: seed)
    return (0..<n).map { _ in rng.nextGaussian() }
}

/// Reports a failed check; the run then exits 1.
func check(_ condition: Bool, _ message: String) {
    if !condition {
        failedChecks += 1
        print("check failed: \(message)")
    }
}

nonisolated(unsafe) var failedChecks = 0

let tables = CommandLine.arguments.dropFirst()
if tables.isEmpty {
    print("usage: QualityTables design|baselines|timings|pairs …")
    exit(2)
}
for table in tables {
    switch table {
    case "design":
        for source in ["gaussian", "laplace", "gaussian-important", "laplace-important"] {
            try designTable(source: source)
        }
    case "baselines":
        for source in ["gaussian", "laplace"] { try baselineTable(source: source) }
    case "timings": try baselineTimings()
    case "pairs": try correlatedPairs()
    default:
        print("unknown table \(table): design, baselines, timings or pairs")
        exit(2)
    }
}
exit(failedChecks == 0 ? 0 : 1)
