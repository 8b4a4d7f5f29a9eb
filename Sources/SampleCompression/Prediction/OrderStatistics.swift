/// Order statistics of unsigned integers without sorting them: the element of each rank that
/// `values.sorted()` would hold, found by quickselect (``ContextTables`` takes a design's
/// activity octiles this way: sorting 32,768 activities for every probe took a tenth of a
/// design).
enum OrderStatistics {
    /// The elements of `ranks` (ascending, each in `0..<values.count`) of `values` in ascending
    /// order; `values` is left permuted.
    /// - Complexity: O(n·k) at worst for k ranks, about O(n + n·log k) expected on data (median
    ///   of three pivots).
    static func select(_ values: inout [UInt32], ranks: [Int]) -> [UInt32] {
        precondition(zip(ranks, ranks.dropFirst()).allSatisfy { $0 <= $1 }, "ranks ascend")
        precondition(ranks.allSatisfy { values.indices.contains($0) }, "ranks within the values")
        return values.withUnsafeMutableBufferPointer { buffer in
            var low = 0
            return ranks.map { rank in
                // Everything below `low` is at most the element of the rank before.
                let chosen = select(buffer, rank: rank, low: low, high: buffer.count)
                low = rank
                return chosen
            }
        }
    }

    /// Moves the element of `rank` to its sorted place within `low..<high` (every element
    /// before it no larger, every one after no smaller) and returns it.
    private static func select(
        _ values: UnsafeMutableBufferPointer<UInt32>, rank: Int, low: Int, high: Int
    ) -> UInt32 {
        var (low, high) = (low, high)
        while high - low > 1 {
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
