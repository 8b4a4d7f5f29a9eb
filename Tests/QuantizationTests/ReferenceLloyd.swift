import Foundation

/// A slow, obviously correct entropy-constrained Lloyd (Chou, Lookabaugh & Gray 1989) for
/// checking the fast ones: brute-force encoder over every sample and codeword, centroid
/// decoder, `q` from the cell masses, empty cells removed, until no sample changes cell.
enum ReferenceLloyd {
    struct Quantizer {
        var codebook: [[Double]]
        var probabilities: [Double]
        var distortion: Double
        var entropyBits: Double
    }

    static func run(
        samples: [[Double]], initial: [[Double]], lambda: Double, maximumIterations: Int = 10_000
    ) -> Quantizer {
        let k = Double(samples[0].count)
        let n = Double(samples.count)
        var codebook = initial
        var lengths = [Double](repeating: log2(Double(initial.count)), count: initial.count)
        var assignment = [Int](repeating: -1, count: samples.count)
        func distortion(_ x: [Double], _ y: [Double]) -> Double {
            zip(x, y).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / k
        }
        for _ in 0..<maximumIterations {
            var changed = false
            for (i, x) in samples.enumerated() {
                let costs = codebook.indices.map {
                    distortion(x, codebook[$0]) + lambda * lengths[$0]
                }
                let best = costs.indices.min { costs[$0] < costs[$1] } ?? 0
                if best != assignment[i] { changed = true }
                assignment[i] = best
            }
            // Centroids of non-empty cells; renumber.
            var members = [[Int]](repeating: [], count: codebook.count)
            for (i, j) in assignment.enumerated() { members[j].append(i) }
            var newIndex = [Int](repeating: -1, count: codebook.count)
            var newCodebook: [[Double]] = []
            var masses: [Double] = []
            for j in codebook.indices where !members[j].isEmpty {
                newIndex[j] = newCodebook.count
                let sum = members[j].reduce([Double](repeating: 0, count: Int(k))) { acc, i in
                    zip(acc, samples[i]).map(+)
                }
                newCodebook.append(sum.map { $0 / Double(members[j].count) })
                masses.append(Double(members[j].count))
            }
            assignment = assignment.map { newIndex[$0] }
            codebook = newCodebook
            lengths = masses.map { -log2($0 / n) }
            if !changed { break }
        }
        var masses = [Double](repeating: 0, count: codebook.count)
        var total = 0.0
        for (i, j) in assignment.enumerated() {
            masses[j] += 1
            total += distortion(samples[i], codebook[j])
        }
        let q = masses.map { $0 / n }
        return Quantizer(
            codebook: codebook, probabilities: q, distortion: total / n,
            entropyBits: -q.map { $0 * log2($0) }.reduce(0, +))
    }
}
