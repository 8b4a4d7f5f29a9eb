#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A partition of the distinct values into runs, with its exact figures.
struct IntervalPartition: Sendable {
    /// The index of each cell's first value, increasing from 0.
    var starts: [Int]
    /// The mean squared error (codewords at their constrained centroids).
    var distortion: Double
    /// `H(Y)`, bits.
    var entropyBits: Double
    /// The λ it was found at.
    var lambda: Double

    /// The cells as value index ranges.
    func cells(valueCount: Int) -> [Range<Int>] {
        starts.indices.map { starts[$0]..<(($0 + 1 < starts.count) ? starts[$0 + 1] : valueCount) }
    }

    /// Measures a partition; nil if a cell is inadmissible.
    init?(starts: [Int], lambda: Double, data: DistinctValues, radius: Double) {
        self.starts = starts
        self.lambda = lambda
        var distortion = 0.0
        var entropy = 0.0
        for j in starts.indices {
            let range = starts[j]..<((j + 1 < starts.count) ? starts[j + 1] : data.count)
            guard let cell = data.cellError(range, radius: radius) else { return nil }
            distortion += cell.error
            entropy += entropyTerm(data.mass[range.upperBound] - data.mass[range.lowerBound])
        }
        self.distortion = distortion
        self.entropyBits = entropy
    }

    /// Whether this partition is a better design than `other` for the target: feasible,
    /// then fewer bits, then less distortion.
    func isBetter(than other: IntervalPartition?, target: Double) -> Bool {
        guard distortion <= target else { return false }
        guard let other else { return true }
        if entropyBits != other.entropyBits { return entropyBits < other.entropyBits }
        return distortion < other.distortion
    }
}

/// `−W log2 W`, a cell's share of `H(Y)` (0 for an empty cell).
func entropyTerm(_ mass: Double) -> Double {
    mass > 0 ? -mass * log2(mass) : 0
}

extension DistinctValues {
    /// `error + λ·h(W)` of the values `range`, or +∞ when inadmissible.
    func lagrangianCost(_ range: Range<Int>, lambda: Double, radius: Double) -> Double {
        guard let cell = cellError(range, radius: radius) else { return .infinity }
        return cell.error + lambda * entropyTerm(mass[range.upperBound] - mass[range.lowerBound])
    }

    /// Moves each cut of `starts` to a locally best position between its neighbouring cuts for
    /// the Lagrangian `D + λ H`, sweeping until no cut moves or `sweeps` sweeps are done:
    /// coordinate descent on the boundaries, the constrained ECSQ-Lloyd step with codewords at
    /// their constrained centroids. Each cut moves by a pattern search over value indices
    /// (steps doubling while the cost falls, then halving), so a cut costs O(log n) cell
    /// evaluations rather than a scan of its neighbourhood.
    /// - Returns: the number of sweeps that moved a cut.
    @discardableResult
    func polishCuts(_ starts: inout [Int], lambda: Double, radius: Double, sweeps: Int) -> Int {
        var moved = 0
        for _ in 0..<sweeps {
            var changed = false
            for j in 1..<max(1, starts.count) {
                let left = starts[j - 1]
                let right = j + 1 < starts.count ? starts[j + 1] : count
                func cost(_ t: Int) -> Double {
                    guard t > left && t < right else { return .infinity }
                    return lagrangianCost(left..<t, lambda: lambda, radius: radius)
                        + lagrangianCost(t..<right, lambda: lambda, radius: radius)
                }
                let cut = starts[j]
                var best = cut
                var bestCost = cost(cut)
                var step = 1
                // Grow the step while moving in one direction keeps lowering the cost.
                var direction = 0
                for d in [1, -1] where cost(cut + d) < bestCost {
                    direction = d
                    break
                }
                if direction != 0 {
                    while true {
                        let trial = best + direction * step
                        let c = cost(trial)
                        guard c < bestCost else { break }
                        best = trial
                        bestCost = c
                        step *= 2
                    }
                    // Then refine around the best point with halving steps in both directions.
                    while step > 1 {
                        step /= 2
                        for d in [1, -1] {
                            let c = cost(best + d * step)
                            if c < bestCost {
                                best += d * step
                                bestCost = c
                            }
                        }
                    }
                }
                if best != cut {
                    starts[j] = best
                    changed = true
                }
            }
            guard changed else { break }
            moved += 1
        }
        return moved
    }
}
