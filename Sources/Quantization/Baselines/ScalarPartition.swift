import Foundation

/// A scalar quantiser on ``WeightedScalars``: cells that are runs of consecutive distinct
/// values, each with its codeword and mass.
struct ScalarPartition: Sendable {
    /// Cell `j` holds the distinct values `bounds[j]..<bounds[j + 1]`; `bounds` starts at 0
    /// and ends at the number of distinct values; no cell is empty.
    var bounds: [Int]
    /// The codewords, ascending.
    var codewords: [Double]
    /// The number of samples in each cell.
    var masses: [Double]

    var cellCount: Int { codewords.count }

    func cell(_ j: Int) -> Range<Int> { bounds[j]..<bounds[j + 1] }

    /// `H(Y)` in bits.
    func entropyBits(total: Double) -> Double {
        Quantization.entropyBits(masses: masses, total: total)
    }

    /// The mean squared error from the prefix sums (fast, for searching).
    func fastDistortion(on data: WeightedScalars) -> Double {
        var sum = 0.0
        for j in 0..<cellCount { sum += data.fastSquaredError(in: cell(j), codeword: codewords[j]) }
        return sum / data.total
    }

    /// The mean squared error summed over every sample (for reporting).
    func distortion(on data: WeightedScalars) -> Double {
        var sum = 0.0
        for j in 0..<cellCount { sum += data.squaredError(in: cell(j), codeword: codewords[j]) }
        return sum / data.total
    }

    /// Cells split at `thresholds` (ascending; a value equal to a threshold goes left), empty
    /// cells dropped, codewords at the centroids.
    ///
    /// - Complexity: O(t log n) for t thresholds.
    init(data: WeightedScalars, thresholds: [Double]) {
        var bounds = [0]
        var codewords: [Double] = []
        var masses: [Double] = []
        var start = 0
        for h in 0...thresholds.count {
            let end = h == thresholds.count ? data.count : data.firstIndex(above: thresholds[h])
            if end > start {
                codewords.append(data.mean(start..<end))
                masses.append(data.mass(start..<end))
                bounds.append(end)
                start = end
            }
        }
        self.bounds = bounds
        self.codewords = codewords
        self.masses = masses
    }
}

extension WeightedScalars {
    /// One run of entropy-constrained Lloyd on scalars (Chou, Lookabaugh & Gray 1989).
    ///
    /// The run alternates the encoder `j(x) = argmin_j (x − y_j)² + λ·ℓ_j` with
    /// `ℓ_j = −log2 q_j`, the centroid decoder and `q_j` ← cell mass, dropping empty cells,
    /// until the cells stop changing. With `λ = 0` this is Lloyd's algorithm (Lloyd 1982; Max 1960).
    ///
    /// The encoder's cells are intervals: the costs `x² − 2 y_j x + (y_j² + λ ℓ_j)` are
    /// parabolas of equal curvature, so the minimum is the lower envelope of the lines
    /// `−2 y_j x + y_j² + λ ℓ_j`, built in O(m) with codewords ascending. Each iteration costs
    /// O(m log n) and the Lagrangian `D + λ H` never increases.
    ///
    /// - Parameters:
    ///   - initial: the initial codewords (any order; duplicates are merged).
    ///   - initialMasses: masses for `initial` (to warm-start from a converged quantiser), or
    ///     `nil` for a uniform `q`.
    ///   - lagrangeMultiplier: `λ ≥ 0`, distortion per bit.
    ///   - maximumIterations: the iteration limit.
    ///   - relativeTolerance: also stop when an iteration lowers `J` by less than this
    ///     fraction of `J` (Lloyd iterations converge linearly, and on a million distinct
    ///     values the exact fixed point can be thousands of tiny steps away).
    /// - Returns: the converged cells with their centroids and masses.
    func entropyConstrainedLloyd(
        initial: [Double], initialMasses: [Double]? = nil, lagrangeMultiplier: Double,
        maximumIterations: Int, relativeTolerance: Double
    ) -> ScalarPartition {
        let lambda = lagrangeMultiplier
        let masses = initialMasses ?? [Double](repeating: 1, count: initial.count)
        var y: [Double] = []
        var weights: [Double] = []
        for j in initial.indices.sorted(by: { initial[$0] < initial[$1] }) {
            if y.last == initial[j] {
                weights[weights.count - 1] += masses[j]
            } else {
                y.append(initial[j])
                weights.append(masses[j])
            }
        }
        let weightTotal = weights.reduce(0, +)
        var lengths = weights.map { -log2($0 / weightTotal) }
        var partition = ScalarPartition(data: self, thresholds: [])
        var previous: [Int] = []
        var hull: [Int] = []
        var thresholds: [Double] = []
        var previousLagrangian = Double.infinity
        for _ in 0..<max(1, maximumIterations) {
            // Lower envelope of the lines, left to right (ascending codewords).
            hull.removeAll(keepingCapacity: true)
            func crossing(_ a: Int, _ b: Int) -> Double {
                // Where codeword b starts to beat a (y_a < y_b).
                (y[a] + y[b]) / 2 + lambda * (lengths[b] - lengths[a]) / (2 * (y[b] - y[a]))
            }
            for j in y.indices {
                while hull.count >= 2
                    && crossing(hull[hull.count - 2], hull[hull.count - 1])
                        >= crossing(hull[hull.count - 1], j)
                {
                    hull.removeLast()
                }
                hull.append(j)
            }
            thresholds.removeAll(keepingCapacity: true)
            for h in 0..<(hull.count - 1) { thresholds.append(crossing(hull[h], hull[h + 1])) }
            partition = ScalarPartition(data: self, thresholds: thresholds)
            if partition.bounds == previous { break }
            lengths = partition.masses.map { -log2($0 / total) }
            var entropy = 0.0
            for (w, length) in zip(partition.masses, lengths) { entropy += w * length }
            let lagrangian = partition.fastDistortion(on: self) + lambda * entropy / total
            if previousLagrangian - lagrangian <= relativeTolerance * lagrangian { break }
            previousLagrangian = lagrangian
            previous = partition.bounds
            y = partition.codewords
        }
        return partition
    }
}
