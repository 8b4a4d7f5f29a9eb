import Foundation

/// Scalar samples as sorted distinct values with counts, plus prefix sums for O(1)
/// statistics of any run of consecutive values.
///
/// Scalar quantiser cells that minimise `d(x, y_j) + λ·ℓ_j` (squared error) are intervals,
/// and equal values always share a cell, so every cell is a run `values[start..<end]` of the
/// sorted distinct values. Its mass, mean and squared error then cost O(1) from the prefix
/// sums, and one Lloyd iteration costs O(m log n) instead of O(N·m). The prefix sums use
/// values centred on the overall mean to limit cancellation in `Σx² − (Σx)²/Σ1`; reported
/// distortions are recomputed directly by ``squaredError(in:codeword:)``.
struct WeightedScalars: Sendable {
    /// Distinct sample values, ascending.
    let values: [Double]
    /// How many samples take each value.
    let counts: [Double]
    /// The total number of samples, `N`.
    let total: Double
    /// The mean of all samples; the prefix sums are of `x − centre`.
    let centre: Double
    /// `prefixCount[i] = Σ_{t<i} counts[t]`, and likewise for `(x − centre)` and its square.
    let prefixCount: [Double]
    let prefixSum: [Double]
    let prefixSquares: [Double]

    /// - Complexity: O(N log N).
    init(_ samples: [Double]) {
        precondition(!samples.isEmpty, "no samples")
        let sorted = samples.sorted()
        var values: [Double] = []
        var counts: [Double] = []
        for x in sorted {
            if let last = values.last, last == x {
                counts[counts.count - 1] += 1
            } else {
                values.append(x)
                counts.append(1)
            }
        }
        self.init(values: values, counts: counts)
    }

    /// The distinct values of (possibly weighted) scalar samples.
    ///
    /// - Complexity: O(N log N).
    init(_ samples: TrainingSamples) {
        guard samples.weights != nil else {
            self.init(samples.values)
            return
        }
        let order = samples.values.indices.sorted { samples.values[$0] < samples.values[$1] }
        var values: [Double] = []
        var counts: [Double] = []
        for i in order {
            let x = samples.values[i]
            if let last = values.last, last == x {
                counts[counts.count - 1] += samples.weight(i)
            } else {
                values.append(x)
                counts.append(samples.weight(i))
            }
        }
        self.init(values: values, counts: counts)
    }

    /// From distinct ascending values with positive counts.
    init(values: [Double], counts: [Double]) {
        self.values = values
        self.counts = counts
        var total = 0.0
        var sum = 0.0
        for (x, w) in zip(values, counts) {
            total += w
            sum += w * x
        }
        self.total = total
        let centre = sum / total
        self.centre = centre
        var c = [Double](repeating: 0, count: values.count + 1)
        var s = c
        var q = c
        for t in values.indices {
            let x = values[t] - centre
            c[t + 1] = c[t] + counts[t]
            s[t + 1] = s[t] + counts[t] * x
            q[t + 1] = q[t] + counts[t] * x * x
        }
        prefixCount = c
        prefixSum = s
        prefixSquares = q
    }

    /// The number of distinct values, `n`.
    var count: Int { values.count }

    /// The variance of the samples (the distortion of one codeword at the mean).
    var variance: Double { max(0, prefixSquares[count] / total - pow2(prefixSum[count] / total)) }

    /// The first index whose value is greater than `threshold` (`count` if none).
    ///
    /// - Complexity: O(log n).
    func firstIndex(above threshold: Double) -> Int {
        var low = 0
        var high = values.count
        while low < high {
            let middle = (low + high) >> 1
            if values[middle] <= threshold { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The number of samples in `range`.
    func mass(_ range: Range<Int>) -> Double {
        prefixCount[range.upperBound] - prefixCount[range.lowerBound]
    }

    /// The mean of the samples in the non-empty `range`, as an absolute value.
    func mean(_ range: Range<Int>) -> Double {
        let w = mass(range)
        let s = prefixSum[range.upperBound] - prefixSum[range.lowerBound]
        let m = centre + s / w
        // Keep the centroid inside its cell despite rounding.
        return min(max(m, values[range.lowerBound]), values[range.upperBound - 1])
    }

    /// `Σ w (x − y)²` over `range` from the prefix sums (fast, for searching).
    ///
    /// - Complexity: O(1).
    func fastSquaredError(in range: Range<Int>, codeword y: Double) -> Double {
        let w = mass(range)
        let s = prefixSum[range.upperBound] - prefixSum[range.lowerBound]
        let q = prefixSquares[range.upperBound] - prefixSquares[range.lowerBound]
        let yc = y - centre
        return max(0, q - 2 * yc * s + yc * yc * w)
    }

    /// `Σ w (x − y)²` over `range`, summed directly (for reporting).
    ///
    /// - Complexity: O(|range|).
    func squaredError(in range: Range<Int>, codeword y: Double) -> Double {
        var sum = 0.0
        for t in range {
            let e = values[t] - y
            sum += counts[t] * e * e
        }
        return sum
    }

    /// Draws a sample value with probability proportional to its count.
    ///
    /// - Complexity: O(log n).
    func randomValue(using rng: inout some RandomNumberGenerator) -> Double {
        values[weightedIndex(cumulative: prefixCount, count: count, total: total, using: &rng)]
    }
}

@inline(__always) func pow2(_ x: Double) -> Double { x * x }
