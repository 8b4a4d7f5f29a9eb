import Foundation
import Testing

@testable import ParallelLoops

@Suite("the parallel loop")
struct ParallelLoopTests {
    @Test(
        "forEachChunk covers 0..<count once, in contiguous ranges in chunk order",
        arguments: [(1, 0), (1, 5), (3, 10), (4, 4), (7, 1000), (16, 15)])
    func chunksCoverEveryIndexOnce(chunks: Int, count: Int) {
        var seen = [Int](repeating: 0, count: count)
        var ranges = [Range<Int>](repeating: 0..<0, count: chunks)
        seen.withUnsafeMutableBufferPointer { buffer in
            let seen = buffer
            ranges.withUnsafeMutableBufferPointer { buffer in
                let ranges = buffer
                ParallelLoop.forEachChunk(chunks, count: count) { chunk, range in
                    ranges[chunk] = range
                    for i in range { seen[i] += 1 }
                }
            }
        }
        #expect(seen.allSatisfy { $0 == 1 })
        #expect(ranges.first?.lowerBound == 0 && ranges.last?.upperBound == count)
        for (a, b) in zip(ranges, ranges.dropFirst()) { #expect(a.upperBound == b.lowerBound) }
        #expect(ranges.allSatisfy { $0.count >= count / chunks && $0.count <= count / chunks + 1 })
    }

    @Test(
        "map returns every result in index order; forEach runs each index once",
        arguments: [0, 1, 2, 1000])
    func mapKeepsOrder(count: Int) {
        #expect(ParallelLoop.map(count) { $0 * $0 } == (0..<count).map { $0 * $0 })
        var hits = [Int](repeating: 0, count: count)
        hits.withUnsafeMutableBufferPointer { buffer in
            let hits = buffer
            ParallelLoop.forEach(count) { hits[$0] += 1 }
        }
        #expect(hits.allSatisfy { $0 == 1 })
    }

    @Test("the core count is positive, and on Linux that of the affinity, at most the online one")
    func cores() throws {
        #expect(ParallelLoop.activeCores >= 1)
        #if os(Linux)
        let affinity = try #require(ParallelLoop.affinityCores)
        #expect(affinity <= ParallelLoop.onlineCores)
        #expect(ParallelLoop.activeCores == affinity)
        // The kernel's own account of the affinity.
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let line = status.split(separator: "\n").first { $0.hasPrefix("Cpus_allowed_list:") }
        let ranges = try #require(line).dropFirst("Cpus_allowed_list:".count)
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let listed = ranges.reduce(0) { sum, range in
            let ends = range.split(separator: "-").compactMap { Int($0) }
            return sum + (ends.count == 2 ? ends[1] - ends[0] + 1 : 1)
        }
        #expect(affinity == listed)
        #endif
    }
}

@Suite("a background result")
struct BackgroundResultTests {
    @Test("the value is the work's result, the same on every read")
    func value() {
        let result = BackgroundResult { (1...1000).reduce(0, +) }
        #expect(result.value == 500_500)
        #expect(result.value == 500_500)
    }

    @Test("delayed work starts after its delay, and its value waits for it")
    func delayed() {
        let scheduled = ContinuousClock.now
        let result = BackgroundResult(after: 0.05) { ContinuousClock.now }
        #expect(result.value - scheduled >= .milliseconds(50))
        // A negative delay is no delay.
        #expect(BackgroundResult(after: -1) { 7 }.value == 7)
    }
}
