import Quantization
import Testing
import _TestSupport

/// The batch encoder agrees with the one-sample scan.
struct DesignBatchEncodingTests {
    static func randomRule(dimension: Int, codewords: Int, tolerance: Double?, seed: UInt64) throws
        -> Quantizer
    {
        var rng = SplitMix64(seed: seed)
        let codebook = (0..<(codewords * dimension)).map { _ in 2 * rng.nextGaussian() }
        let probabilities = (0..<codewords).map { _ in 0.01 + Double(rng.next() % 1000) / 1000 }
        return try Quantizer(
            dimension: dimension, codebook: codebook, probabilities: probabilities,
            slope: 0.5 + Double(rng.next() % 100) / 10, importantTolerance: tolerance)
    }

    @Test("batch encoding equals the scan on every sample", arguments: [1, 2, 3])
    func batchMatchesScan(dimension: Int) throws {
        let rule = try Self.randomRule(
            dimension: dimension, codewords: 37, tolerance: 0.05, seed: UInt64(dimension))
        var rng = SplitMix64(seed: 99)
        let n = 20_000
        let values = (0..<(n * dimension)).map { _ in 3 * rng.nextGaussian() }
        let flags = (0..<n).map { _ in rng.next() % 7 == 0 }
        let batch = rule.encode(contentsOf: values, isImportant: flags)
        var violations: [Int] = []
        for i in 0..<n {
            let x = values[(i * dimension)..<((i + 1) * dimension)]
            if let j = rule.encode(x, isImportant: flags[i]) {
                #expect(batch.indices[i] == j)
            } else {
                violations.append(i)
                #expect(batch.indices[i] == rule.nearest(x))
            }
        }
        #expect(batch.violations == violations)
    }

    @Test("a single codeword takes every sample")
    func singleCodeword() throws {
        let rule = try Quantizer(
            dimension: 1, codebook: [0.5], probabilities: [1], slope: 3, importantTolerance: nil)
        #expect(rule.encode(contentsOf: [-5, 0, 7]).indices == [0, 0, 0])
    }
}
