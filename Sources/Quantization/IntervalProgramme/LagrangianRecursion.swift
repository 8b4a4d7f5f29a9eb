#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The squared error of a candidate cell, for `LagrangianRecursion`.
///
/// For one right end `b` the recursion asks for the cells `a..<b` with `a = b−1, b−2, …`
/// in that order, so a model can keep running state (the important values' extremes).
protocol IntervalCellModel {
    /// The candidate cuts.
    var bins: CandidateCuts { get }
    /// Starts the cells ending at bin `end` (exclusive).
    mutating func beginCells(endingAt end: Int)
    /// The squared error of the cell of bins `start..<end` (probability-weighted, so a sum over
    /// cells is the mean squared error), or nil when no codeword serves its important values;
    /// then no wider cell is admissible either.
    mutating func error(from start: Int, to end: Int) -> Double?
}

/// The dynamic programme `V(b) = min_{a<b} V(a) + e(a, b) + λ·h(W(a, b))` over runs of bins,
/// with `h(W) = −W log2 W`, so `V(K) = min over interval partitions of D + λ·H(Y)`.
///
/// **Pruning.** Scanning `a` downwards, every `a′ < a` is skipped once
/// `V(a) + e(a, b) − λ W(a, b)/ln 2 ≥` the best value found for `b`. This is exact, not a
/// heuristic: for a′ < a, `e(a′, b) ≥ e(a′, a) + e(a, b)` (merging groups never lowers their
/// squared error, and a wider cell has more important values to serve),
/// `V(a) ≤ V(a′) + e(a′, a) + λ h(W(a′, a))`, and `h(x + y) − h(x) ≥ −y/ln 2` for `x + y ≤ 1`
/// (`h` is concave, so the difference is least at `x = 1 − y`, where it is
/// `(1 − y) log2(1 − y) ≥ −y/ln 2`); together `V(a′) + e(a′, b) + λ h(W(a′, b))` is at least
/// the quantity tested. An inadmissible cell ends the scan too (every wider one is).
/// The scan therefore covers a few optimal cell widths instead of all of `0..<b`.
enum LagrangianRecursion {
    /// The optimum and an optimal partition.
    struct Outcome: Sendable {
        /// `V(K)`.
        var value: Double
        /// The bins where cells start, increasing, beginning with 0.
        var cellStarts: [Int]
        /// Cells evaluated (the work done).
        var evaluations: Int
    }

    /// Solves the recursion for one λ (bits: the objective is `D + λ·H` with H in bits).
    /// - Complexity: O(K·w) where w is the number of bins the pruned scan visits per end.
    static func solve<Model: IntervalCellModel>(_ model: inout Model, lambda: Double) -> Outcome {
        let binCount = model.binCount
        var value = [Double](repeating: .infinity, count: binCount + 1)
        var parent = [Int](repeating: -1, count: binCount + 1)
        value[0] = 0
        let entropyScale = lambda / Double.ln2
        var evaluations = 0
        for end in 1...binCount {
            model.beginCells(endingAt: end)
            var best = Double.infinity
            var bestStart = -1
            var start = end - 1
            while start >= 0 {
                guard let error = model.error(from: start, to: end) else { break }
                evaluations += 1
                let w = model.mass(from: start, to: end)
                let base = value[start] + error
                if base < best {
                    let total = base - entropyScale * (w > 0 ? w * log(w) : 0)
                    if total < best {
                        best = total
                        bestStart = start
                    }
                }
                if base - entropyScale * w >= best { break }
                start -= 1
            }
            value[end] = best
            parent[end] = bestStart
        }
        var starts: [Int] = []
        var end = binCount
        while end > 0 {
            let start = parent[end]
            precondition(start >= 0 && start < end, "every prefix has a partition into single bins")
            starts.append(start)
            end = start
        }
        return Outcome(
            value: value[binCount], cellStarts: starts.reversed(), evaluations: evaluations)
    }
}
