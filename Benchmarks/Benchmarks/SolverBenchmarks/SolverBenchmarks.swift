import Benchmark
import EntropyCoding
import Foundation
import RateDistortion

/// The Gaussian grid benchmark problem of issue 3: N points on [−4, 4], p ∝ N(0,1) density,
/// codebook = the points, squared error, D = 0.1, tail |x| > 2.5 held to 0.02 per element.
func gaussianGrid(_ n: Int) throws -> Problem {
    let x = (0..<n).map { -4 + 8 * Double($0) / Double(n - 1) }
    let w = x.map { exp(-$0 * $0 / 2) }
    let total = w.reduce(0, +)
    let tail = x.indices.filter { abs(x[$0]) > 2.5 }
    return try Problem(
        sourcePoints: PointSet(scalars: x), probabilities: ProbabilityVector(w.map { $0 / total }),
        codebook: PointSet(scalars: x), measure: .squaredError, constraint: .targetDistortion(0.1),
        fidelity: [FidelityClass(name: "tail", members: tail, tolerance: 0.02)])
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal], maxDuration: .seconds(5))

    // One pass of the row kernel: compare ns per entry with Benchmarks/Reference/row_kernel.c.
    for n in [512, 2048] {
        Benchmark("row kernel pass \(n)x\(n)", configuration: .init(scalingFactor: .one)) {
            benchmark in
            let problem = try gaussianGrid(n)
            let kernel = RowKernel(field: problem.distortionField())
            let logQ = [Double](repeating: -log(Double(n)), count: n)
            let slopes = [Double](repeating: 5, count: n)
            let p = problem.probabilities.values
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(kernel.pass(logWeights: logQ, slopes: slopes, probabilities: p))
            }
        }
    }

    for n in [256, 2048] {
        Benchmark("certified solve gaussian grid \(n)") { benchmark in
            let problem = try gaussianGrid(n)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(try Solver().solve(problem))
            }
        }
    }

    Benchmark("verify certificate 2048") { benchmark in
        let problem = try gaussianGrid(2048)
        let solution = try Solver().solve(problem)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try solution.certificate.recomputedLowerBound(for: problem))
        }
    }

    Benchmark("rANS encode+decode 10^7 symbols", configuration: .init(scalingFactor: .one)) {
        benchmark in
        var generator = SystemRandomNumberGenerator()
        let symbols = (0..<10_000_000).map { _ in
            UInt32(min(15, Int(abs(Double.random(in: -3...3, using: &generator)) * 3)))
        }
        var counts = [UInt64](repeating: 0, count: 16)
        for s in symbols { counts[Int(s)] += 1 }
        let codec = RANSCodec(table: try FrequencyTable(counts: counts))
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let payload = try codec.encode(symbols)
            blackHole(try codec.decode(payload, count: symbols.count))
        }
    }
}
