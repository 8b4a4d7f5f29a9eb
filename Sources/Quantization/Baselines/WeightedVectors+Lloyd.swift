import Foundation

/// A vector quantiser designed on ``WeightedVectors``.
struct VectorQuantizer: Sendable {
    /// Codewords, row-major `m × k`, sorted by their first coordinate.
    var codewords: [Double]
    /// The number of samples in each cell (all positive).
    var masses: [Double]
    /// Squared error per dimension over the samples, with every row decoded to its cell's
    /// codeword.
    var distortion: Double

    var cellCount: Int { masses.count }

    func entropyBits(total: Double) -> Double {
        Quantization.entropyBits(masses: masses, total: total)
    }

    /// The baseline result for this quantiser.
    func result(
        method: BaselineResult.Method, data: WeightedVectors, rule: BaselineResult.EncodingRule,
        hull: [OperatingPoint]?
    ) -> BaselineResult {
        let entropy = entropyBits(total: data.total)
        let own = OperatingPoint(distortion: distortion, entropyBits: entropy)
        return BaselineResult(
            method: method, dimension: data.dimension, codebook: codewords,
            probabilities: masses.map { $0 / data.total }, rule: rule, entropyBits: entropy,
            distortion: distortion, hull: hull ?? [own])
    }
}

extension WeightedVectors {
    /// One run of entropy-constrained Lloyd on vectors (Chou, Lookabaugh & Gray 1989).
    ///
    /// With `λ = 0` it is the generalised Lloyd algorithm (Linde, Buzo & Gray 1980).
    /// The encoder `argmin_j d(x, y_j) + λ ℓ_j` scans codewords sorted by their first
    /// coordinate outwards from `x`'s position and stops each direction once
    /// `(x_0 − y_0)²/k + λ·min ℓ` exceeds the best cost found, starting from the cost of the
    /// row's previous codeword; the result equals the brute-force minimum. Empty cells are
    /// removed. Stops when no row changes cell, or when the encoder's Lagrangian
    /// `Σ w·(d + λℓ)` falls by less than `relativeTolerance` of itself.
    ///
    /// - Parameters:
    ///   - initial: the initial codewords, row-major.
    ///   - initialMasses: the cell masses that go with them (to warm-start from a converged
    ///     quantiser), or `nil` for a uniform `q`.
    ///   - lagrangeMultiplier: `λ ≥ 0`, distortion per bit.
    ///   - maximumIterations: the iteration limit.
    ///   - relativeTolerance: the stopping threshold on the Lagrangian's relative decrease.
    /// - Returns: the converged codewords (sorted by first coordinate), masses and distortion.
    /// - Complexity: O(N·m·k) per iteration in the worst case, far less with the pruning.
    func entropyConstrainedLloyd(
        initial: [Double], initialMasses: [Double]? = nil, lagrangeMultiplier: Double,
        maximumIterations: Int, relativeTolerance: Double
    ) -> VectorQuantizer {
        let lambda = lagrangeMultiplier
        let k = dimension
        let n = count
        let start = Self.sortedByFirstCoordinate(initial, dimension: k)
        var y = start.codewords
        var m = y.count / k
        var masses =
            initialMasses.map { masses in start.order.map { masses[$0] } }
            ?? [Double](repeating: 1, count: m)
        let massTotal = masses.reduce(0, +)
        var penalties = masses.map { lambda * -log2($0 / massTotal) }
        var assignment = [Int](repeating: -1, count: n)
        var sums = [Double](repeating: 0, count: m * k)
        var previousLagrangian = Double.infinity
        for _ in 0..<max(1, maximumIterations) {
            sums = [Double](repeating: 0, count: m * k)
            masses = [Double](repeating: 0, count: m)
            let (changes, lagrangian) = encode(
                codewords: y, penalties: penalties, assignment: &assignment, sums: &sums,
                masses: &masses)
            // Centroids of the non-empty cells, re-sorted; map old indices to new ones.
            var centroids: [Double] = []
            var kept: [Int] = []
            for j in 0..<m where masses[j] > 0 {
                kept.append(j)
                for c in 0..<k { centroids.append(sums[j * k + c] / masses[j]) }
            }
            let sorted = Self.sortedByFirstCoordinate(centroids, dimension: k)
            var newIndex = [Int](repeating: -1, count: m)
            for (position, local) in sorted.order.enumerated() { newIndex[kept[local]] = position }
            let newMasses = sorted.order.map { masses[kept[$0]] }
            for i in 0..<n { assignment[i] = newIndex[assignment[i]] }
            y = sorted.codewords
            m = newMasses.count
            masses = newMasses
            penalties = masses.map { lambda * -log2($0 / total) }
            if changes == 0 || previousLagrangian - lagrangian <= relativeTolerance * lagrangian {
                break
            }
            previousLagrangian = lagrangian
        }
        // Distortion of the final cells against their centroids.
        var sum = 0.0
        for i in 0..<n {
            let j = assignment[i]
            var d = 0.0
            for c in 0..<k { d += pow2(rows[i * k + c] - y[j * k + c]) }
            sum += weights[i] * d
        }
        return VectorQuantizer(
            codewords: y, masses: masses, distortion: sum / (total * Double(k)))
    }

    /// The encoder pass: assigns every row to `argmin_j d(x, y_j) + penalties[j]` (codewords
    /// sorted by their first coordinate), accumulating cell masses and sums.
    ///
    /// - Returns: how many rows changed cell, and `Σ w·cost`.
    private func encode(
        codewords: [Double], penalties: [Double], assignment: inout [Int], sums: inout [Double],
        masses: inout [Double]
    ) -> (changes: Int, lagrangian: Double) {
        let k = dimension
        var changes = 0
        var lagrangian = 0.0
        rows.withUnsafeBufferPointer { x in
            codewords.withUnsafeBufferPointer { y in
                penalties.withUnsafeBufferPointer { penalty in
                    let search = PenalisedSearch(
                        codewords: y, penalties: penalty, dimension: k,
                        floor: penalties.min() ?? 0)
                    for i in 0..<count {
                        let base = i * k
                        let previous = assignment[i]
                        let (j, cost) = search.best(
                            UnsafeBufferPointer(rebasing: x[base..<(base + k)]),
                            startingFrom: previous)
                        if j != previous { changes += 1 }
                        assignment[i] = j
                        let w = weights[i]
                        lagrangian += w * cost
                        masses[j] += w
                        for c in 0..<k { sums[j * k + c] += w * x[base + c] }
                    }
                }
            }
        }
        return (changes, lagrangian)
    }

    /// `codewords` (row-major) sorted by the first coordinate, and the permutation used.
    static func sortedByFirstCoordinate(
        _ codewords: [Double], dimension k: Int
    ) -> (codewords: [Double], order: [Int]) {
        let order = (0..<(codewords.count / k)).sorted { codewords[$0 * k] < codewords[$1 * k] }
        var sorted: [Double] = []
        sorted.reserveCapacity(codewords.count)
        for j in order { sorted.append(contentsOf: codewords[(j * k)..<((j + 1) * k)]) }
        return (sorted, order)
    }
}

/// The search of entropy-constrained Lloyd's encoder over codewords sorted by their first
/// coordinate: `argmin_j d(x, y_j) + penalty_j` (d per dimension, ties to the lower index),
/// scanning outwards from x's place along the first coordinate and stopping each direction once
/// `(x_0 − y_0)²/k + min penalty` reaches the best cost found. Starting from the cost of the row's
/// previous codeword, the scan usually stops after a few codewords; the result equals the
/// brute-force minimum.
private struct PenalisedSearch {
    let codewords: UnsafeBufferPointer<Double>
    let penalties: UnsafeBufferPointer<Double>
    let dimension: Int
    /// The smallest penalty.
    let floor: Double

    @inline(__always)
    private func cost(_ x: UnsafeBufferPointer<Double>, _ j: Int) -> Double {
        var d = 0.0
        for c in 0..<dimension { d += pow2(x[c] - codewords[j * dimension + c]) }
        return d * (1 / Double(dimension)) + penalties[j]
    }

    /// The best codeword for `x` and its cost; `previous` (or −1) seeds the search.
    @inline(__always)
    func best(_ x: UnsafeBufferPointer<Double>, startingFrom previous: Int) -> (Int, Double) {
        let k = dimension
        let inverseK = 1 / Double(k)
        let m = penalties.count
        let x0 = x[0]
        var bestJ = previous
        var best = previous >= 0 ? cost(x, previous) : Double.infinity
        // First codeword with y_0 ≥ x_0.
        var low = 0
        var high = m
        while low < high {
            let middle = (low + high) >> 1
            if codewords[middle * k] < x0 { low = middle + 1 } else { high = middle }
        }
        var r = low
        while r < m, pow2(codewords[r * k] - x0) * inverseK + floor < best {
            let c = cost(x, r)
            if c < best || (c == best && r < bestJ) { (best, bestJ) = (c, r) }
            r += 1
        }
        var l = low - 1
        while l >= 0, pow2(codewords[l * k] - x0) * inverseK + floor < best {
            let c = cost(x, l)
            if c < best || (c == best && l < bestJ) { (best, bestJ) = (c, l) }
            l -= 1
        }
        return (bestJ, best)
    }
}
