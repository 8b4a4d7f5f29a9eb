#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The initial codebook of docs/quantiser-design.md: the centres of the occupied cells of a cubic grid over
/// the data, with a spacing several times finer than the cell width `√(12·D)` of an
/// entropy-constrained quantiser (`√(12·D')` where a fidelity class holds `D'`).
enum InitialCodebook {
    /// Grid cells per entropy-constrained cell.
    static let refinement = 8.0

    /// - Parameters:
    ///   - atoms: n × k coordinates.
    ///   - dimension: k.
    ///   - target: D.
    ///   - tolerance: D' or nil.
    ///   - requested: an exact size to aim for (`--codewords`), or nil.
    /// - Returns: the codebook, m × k.
    /// - Complexity: O(n·k log n) per grid tried.
    static func make(
        atoms: [Double], dimension k: Int, target: Double, tolerance: Double?, requested: Int?
    ) -> [Double] {
        let n = atoms.count / k
        var low = [Double](repeating: .infinity, count: k)
        var high = [Double](repeating: -.infinity, count: k)
        for i in 0..<n {
            for c in 0..<k {
                low[c] = min(low[c], atoms[i * k + c])
                high[c] = max(high[c], atoms[i * k + c])
            }
        }
        let span = (0..<k).map { high[$0] - low[$0] }.max() ?? 0
        guard span > 0 else { return Array(atoms[0..<k]) }
        let maximum = requested ?? (k == 1 ? 2000 : k == 2 ? 1500 : 2500)
        let minimum = requested ?? (k == 1 ? 400 : 200)
        let cell =
            (12 * max(min(target, tolerance ?? target), target / 100)).squareRoot() / refinement
        // Aim for at least `minimum` points along the widest axis for scalars.
        var h = k == 1 ? min(cell, span / Double(minimum)) : max(cell, span / 60)
        if let requested, k == 1 { h = span / Double(max(requested - 1, 1)) }
        while true {
            // A scalar grid has ⌊span / h⌋ + 1 points: count them before building them, so a
            // tiny target (a spacing of 1e-150, say) coarsens the grid to `maximum` points
            // instead of asking for more memory than there is.
            if k == 1, h <= span, (span / h).rounded(.down) + 1 > Double(maximum) {
                h *= 1.25
                continue
            }
            let words = occupiedCells(atoms: atoms, dimension: k, low: low, spacing: h)
            if words.count / k <= maximum || h > span { return words }
            h *= 1.25
        }
    }

    static func occupiedCells(atoms: [Double], dimension k: Int, low: [Double], spacing h: Double)
        -> [Double]
    {
        let n = atoms.count / k
        if k == 1 {
            // Every grid point across the range, so annealing may place mass between atoms.
            let lo = low[0]
            let hi = atoms.max() ?? lo
            let count = Int(((hi - lo) / h).rounded(.down)) + 1
            return (0..<count).map { lo + Double($0) * h + (hi - lo - Double(count - 1) * h) / 2 }
        }
        var keys = Set<[Int]>()
        for i in 0..<n {
            keys.insert((0..<k).map { Int(((atoms[i * k + $0] - low[$0]) / h).rounded(.down)) })
        }
        var words: [Double] = []
        for key in keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            for c in 0..<k { words.append(low[c] + (Double(key[c]) + 0.5) * h) }
        }
        return words
    }

    /// Adds, for every important atom that no codeword serves within its tolerance, the atom's
    /// own point as a codeword (checked in order, so one added codeword serves its neighbours).
    /// Without it the τ = 1 program is infeasible on the grid and certifies nothing.
    /// - Returns: the codebook with the additions, and how many were added.
    /// - Complexity: O(n_important · m · k).
    static func servingImportantAtoms(
        _ codebook: [Double], source: EmpiricalSource, tolerance: Double
    ) -> (codebook: [Double], added: Int) {
        let k = source.dimension
        var result = codebook
        var added = 0
        for a in source.isImportant.indices where source.isImportant[a] {
            let point = source.points[(a * k)..<((a + 1) * k)]
            var served = false
            for j in 0..<(result.count / k) {
                var distance = 0.0
                for c in 0..<k {
                    let e = point[point.startIndex + c] - result[j * k + c]
                    distance += e * e
                }
                if distance / Double(k) <= tolerance {
                    served = true
                    break
                }
            }
            if !served {
                result += point
                added += 1
            }
        }
        return (result, added)
    }

    /// Adds atoms' own points as codewords, those that cost most first (`p_i · min_j d_ij`),
    /// until the codebook's hard-assignment distortion on the atoms `Σ_i p_i min_j d_ij` is at
    /// most half the target. Without it a codebook too coarse for the target (a small
    /// `--codewords`, a given codebook) leaves the τ = 1 program infeasible on average, and it
    /// certifies nothing.
    /// - Returns: the codebook with the additions, and how many were added.
    /// - Complexity: O(n · m · k + n log n).
    static func reachingTarget(_ codebook: [Double], source: EmpiricalSource, target: Double)
        -> (codebook: [Double], added: Int)
    {
        let k = source.dimension
        let m = codebook.count / k
        let p = source.probabilities
        var nearest = [Double](repeating: .infinity, count: source.atomCount)
        for i in 0..<source.atomCount {
            for j in 0..<m {
                var distance = 0.0
                for c in 0..<k {
                    let e = source.points[i * k + c] - codebook[j * k + c]
                    distance += e * e
                }
                nearest[i] = min(nearest[i], distance / Double(k))
            }
        }
        var least = zip(p, nearest).reduce(0.0) { $0 + $1.0 * $1.1 }
        guard least > target / 2 else { return (codebook, 0) }
        var result = codebook
        var added = 0
        // An added atom's own cost falls to zero (its neighbours' may fall too: not counted, so
        // the additions are conservative).
        for i in (0..<source.atomCount).sorted(by: {
            p[$0] * nearest[$0] > p[$1] * nearest[$1]
        }) where least > target / 2 {
            result += source.points[(i * k)..<((i + 1) * k)]
            least -= p[i] * nearest[i]
            added += 1
        }
        return (result, added)
    }
}
