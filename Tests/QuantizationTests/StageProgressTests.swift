import Testing

@testable import Quantization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// When an annealing stage counts as settled, and how it reports one that is not.
@Suite("Stage progress")
struct StageProgressTests {
    static func run(_ values: [Double]) -> StageProgress {
        var progress = StageProgress(tolerance: 1e-7, stalledLimit: 3)
        for value in values where !progress.hasSettled {
            progress.record(value, Annealer.Statistics())
        }
        return progress
    }

    @Test("a geometrically converging F_τ settles, and its final fall is below the tolerance")
    func geometricSettles() {
        let progress = Self.run((0..<200).map { 3 + pow(0.5, Double($0)) })
        #expect(progress.hasSettled)
        #expect(progress.iterations < 40)
        #expect(progress.recentRelativeFall < 1e-7)
    }

    @Test("a crawl never settles and reports its fall per iteration relative to F_τ")
    func crawlReportsItsFall() {
        // F_τ = 4 − 2e-5·k: a relative fall of 2e-5/F_τ per iteration, far above 1e-7.
        let progress = Self.run((0..<60).map { 4 - 2e-5 * Double($0) })
        #expect(!progress.hasSettled)
        #expect(progress.iterations == 60)
        let expected = 2e-5 / (4 - 2e-5 * 59)
        #expect(abs(progress.recentRelativeFall - expected) <= 1e-9 * expected)
    }

    @Test("an F_τ that oscillates around its best settles; a rise does not count as a fall")
    func oscillationSettles() {
        let progress = Self.run([5, 4, 3.5, 3.6, 3.5, 3.7, 3.55, 3.5])
        #expect(progress.hasSettled)
        #expect(progress.recentRelativeFall == 0)
    }
}
