/// Order statistics of unsigned integers without sorting them: the element of each rank that
/// `values.sorted()` would hold, found by quickselect (``ContextTables`` takes a design's
/// activity octiles this way: sorting 32,768 activities for every probe took a tenth of a
/// design).
enum OrderStatistics {
    /// The elements of `ranks` (ascending, each in `0..<values.count`) of `values` in ascending
    /// order; `values` is left permuted.
    /// - Complexity: about O(n·log k) expected for k ranks (the middle rank first, then each
    ///   side's ranks within that side); O(n·log n) at worst (a search that partitions too
    ///   often sorts what is left).
    static func select(_ values: inout [UInt32], ranks: [Int]) -> [UInt32] {
        precondition(zip(ranks, ranks.dropFirst()).allSatisfy { $0 <= $1 }, "ranks ascend")
        precondition(ranks.allSatisfy { values.indices.contains($0) }, "ranks within the values")
        var chosen = [UInt32](repeating: 0, count: ranks.count)
        values.withUnsafeMutableBufferPointer { buffer in
            chosen.withUnsafeMutableBufferPointer { chosen in
                selectAll(buffer, ranks: ranks[...], low: 0, high: buffer.count, into: chosen)
            }
        }
        return chosen
    }

    /// Selects `ranks` (ascending, all within `low..<high`, where every element is no smaller
    /// than those before `low` and no larger than those from `high` on) and writes each to its
    /// index in `chosen`.
    private static func selectAll(
        _ values: UnsafeMutableBufferPointer<UInt32>, ranks: ArraySlice<Int>, low: Int,
        high: Int, into chosen: UnsafeMutableBufferPointer<UInt32>
    ) {
        guard !ranks.isEmpty else { return }
        let middle = ranks.startIndex + ranks.count / 2
        let rank = ranks[middle]
        let value = select(values, rank: rank, low: low, high: high)
        // Ranks equal to the middle one share its element; the others lie on either side of it.
        var below = middle
        while below > ranks.startIndex && ranks[below - 1] == rank { below -= 1 }
        var above = middle + 1
        while above < ranks.endIndex && ranks[above] == rank { above += 1 }
        for k in below..<above { chosen[k] = value }
        selectAll(values, ranks: ranks[..<below], low: low, high: rank, into: chosen)
        selectAll(values, ranks: ranks[above...], low: rank + 1, high: high, into: chosen)
    }

    /// Moves the element of `rank` to its sorted place within `low..<high` (every element
    /// before it no larger, every one after no smaller) and returns it.
    private static func select(
        _ values: UnsafeMutableBufferPointer<UInt32>, rank: Int, low: Int, high: Int
    ) -> UInt32 {
        var (low, high) = (low, high)
        // Pivots that keep missing the middle (data built against median-of-three) would make
        // the search quadratic: after this many partitions the rest is sorted instead.
        var partitionsLeft = 2 * (Int.bitWidth - (high - low).leadingZeroBitCount) + 8
        while high - low > 1 {
            guard partitionsLeft > 0 else {
                var rest = UnsafeMutableBufferPointer(rebasing: values[low..<high])
                rest.sort()
                return values[rank]
            }
            partitionsLeft -= 1
            let pivot = medianOfThree(values[low], values[(low + high) / 2], values[high - 1])
            // Three-way partition: [low, less) < pivot, [less, greater) == pivot, rest >.
            var (less, i, greater) = (low, low, high)
            while i < greater {
                let value = values[i]
                if value < pivot {
                    values.swapAt(i, less)
                    less += 1
                    i += 1
                } else if value > pivot {
                    greater -= 1
                    values.swapAt(i, greater)
                } else {
                    i += 1
                }
            }
            if rank < less {
                high = less
            } else if rank >= greater {
                low = greater
            } else {
                return pivot
            }
        }
        return values[low]
    }

    private static func medianOfThree(_ a: UInt32, _ b: UInt32, _ c: UInt32) -> UInt32 {
        max(min(a, b), min(max(a, b), c))
    }
}
