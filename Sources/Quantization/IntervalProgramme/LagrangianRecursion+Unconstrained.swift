#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension LagrangianRecursion {
    /// ``solve(_:lambda:)`` for a ``BinnedCellModel`` whose cells no tolerance constrains (no
    /// important values, or none with a finite radius): every cell's codeword is its centroid,
    /// so a cell's error is its squared error about its mean. The same arithmetic in the same
    /// order as the general recursion — the outcome is identical — read through raw pointers:
    /// the general loop's array accesses and tolerance bookkeeping took about 11 ns per cell
    /// evaluation, most of a residual design's time (about 2·10^6 evaluations per design, nine
    /// designs when compressing).
    /// - Complexity: O(K·w), as ``solve(_:lambda:)``.
    static func solveUnconstrained(_ bins: CandidateCuts, lambda: Double) -> Outcome {
        let binCount = bins.binCount
        var (value, parent) = startingTables(binCount)
        let entropyScale = lambda / Double.ln2
        let prefixEntropy = prefixEntropy(bins, entropyScale: entropyScale)
        var evaluations = 0
        bins.mass.withUnsafeBufferPointer { mass in
            bins.first.withUnsafeBufferPointer { first in
                bins.second.withUnsafeBufferPointer { second in
                    value.withUnsafeMutableBufferPointer { value in
                        prefixEntropy.withUnsafeBufferPointer { prefixEntropy in
                            for end in 1...binCount {
                                var best = Double.infinity
                                var bestStart = -1
                                var start = end - 1
                                let (massEnd, firstEnd, secondEnd) = (
                                    mass[end], first[end], second[end]
                                )
                                while start >= 0 {
                                    evaluations += 1
                                    let w = massEnd - mass[start]
                                    let error = Moments(
                                        mass: w, first: firstEnd - first[start],
                                        second: secondEnd - second[start]
                                    ).squaredError
                                    let base = value[start] + error
                                    consider(
                                        start, base: base, mass: w, entropyScale, &best, &bestStart)
                                    if base + prefixEntropy[end] - prefixEntropy[start] >= best {
                                        break
                                    }
                                    start -= 1
                                }
                                value[end] = best
                                parent[end] = bestStart
                            }
                        }
                    }
                }
            }
        }
        return outcome(value: value[binCount], parent: parent, evaluations: evaluations)
    }
}
