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
        var distortion = 0.0, entropy = 0.0
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

    /// Moves each cut of `starts` to its best position among the values within `reach` of it
    /// (between its neighbouring cuts), for the Lagrangian `D + λ H`, sweeping until no cut
    /// moves or `sweeps` sweeps are done: coordinate descent on the boundaries, the constrained
    /// ECSQ-Lloyd step with codewords at their constrained centroids.
    /// - Returns: the number of sweeps that moved a cut.
    @discardableResult
    func polishCuts(_ starts: inout [Int], lambda: Double, radius: Double, reach: Double, sweeps: Int) -> Int {
        var moved = 0
        for _ in 0..<sweeps {
            var changed = false
            for j in 1..<max(1, starts.count) {
                let left = starts[j - 1]
                let right = j + 1 < starts.count ? starts[j + 1] : count
                let cut = starts[j]
                let low = max(left + 1, firstIndex(atLeast: values[cut] - reach))
                let high = min(right - 1, firstIndex(atLeast: values[cut - 1] + reach))
                guard low <= high else { continue }
                var best = cut
                var bestCost = lagrangianCost(left..<cut, lambda: lambda, radius: radius)
                    + lagrangianCost(cut..<right, lambda: lambda, radius: radius)
                for t in low...high where t != cut {
                    let cost = lagrangianCost(left..<t, lambda: lambda, radius: radius)
                        + lagrangianCost(t..<right, lambda: lambda, radius: radius)
                    if cost < bestCost * (1 - 1e-15) { best = t; bestCost = cost }
                }
                if best != cut { starts[j] = best; changed = true }
            }
            guard changed else { break }
            moved += 1
        }
        return moved
    }

    /// The least index whose value is at least `x` (`count` if none).
    func firstIndex(atLeast x: Double) -> Int {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if values[mid] < x { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
