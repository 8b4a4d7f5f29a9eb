/// An index drawn with probability proportional to its weight, from the weights' cumulative
/// sums `cumulative` (`cumulative[0] = 0`, `cumulative[count] = total`): a uniform draw in
/// `[0, total)` and a binary search for the run it falls in.
///
/// - Complexity: O(log count).
func weightedIndex(
    cumulative: [Double], count: Int, total: Double, using rng: inout some RandomNumberGenerator
) -> Int {
    let u = Double.random(in: 0..<total, using: &rng)
    var low = 0
    var high = count - 1
    while low < high {
        let middle = (low + high) >> 1
        if cumulative[middle + 1] <= u { low = middle + 1 } else { high = middle }
    }
    return low
}
