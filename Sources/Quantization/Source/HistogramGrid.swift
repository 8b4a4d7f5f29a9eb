/// The bins of a histogram over one group of samples: per coordinate, a sorted list of
/// inner bin edges; a sample's cell is the tuple of its per-coordinate bins, packed into
/// one integer key (mixed radix).
///
/// Scalars get exactly `maximumCells` bins. Vectors get the same number `B` of bins on
/// every coordinate, the largest `B` (up to a factor-of-two bisection) whose occupied cells
/// number at most `maximumCells`, so that the grid adapts to data that fill only part of
/// their bounding box (a Gaussian cloud, a correlated pair).
struct HistogramGrid {
    let values: [Double]
    let dimension: Int
    /// `edges[c]`: inner edges of coordinate `c`, non-decreasing; bin = number of edges ≤ x.
    private(set) var edges: [[Double]] = []
    private(set) var binsPerCoordinate = 1

    /// - Parameters:
    ///   - values: all samples, row-major.
    ///   - dimension: `k`.
    ///   - members: the group's sample indices.
    ///   - sortedMembers: the same indices sorted lexicographically (by value for scalars).
    ///   - binning: where the edges go.
    ///   - maximumCells: the bound on the occupied cells.
    init(
        values: [Double], dimension: Int, members: [Int], sortedMembers: [Int],
        binning: EmpiricalSource.HistogramBinning, maximumCells: Int
    ) {
        self.values = values
        self.dimension = dimension
        let k = dimension
        // Per-coordinate sorted values, needed for quantile edges and the ranges.
        var sortedCoordinates: [[Double]] = []
        for c in 0..<k {
            if c == 0 {
                sortedCoordinates.append(sortedMembers.map { values[$0 * k] })
            } else {
                sortedCoordinates.append(members.map { values[$0 * k + c] }.sorted())
            }
        }
        if k == 1 {
            edges = [Self.edges(of: sortedCoordinates[0], bins: maximumCells, binning: binning)]
            binsPerCoordinate = maximumCells
            return
        }
        // Largest safe B with B^k representable; start from B^k ≤ maximumCells.
        let limit = 1 << (60 / k)
        var good = 1
        while power(good + 1, k) <= maximumCells { good += 1 }
        func occupied(_ b: Int) -> Int {
            var grid = self
            grid.edges = sortedCoordinates.map { Self.edges(of: $0, bins: b, binning: binning) }
            grid.binsPerCoordinate = b
            let keys = grid.keys(of: members).sorted()
            var n = keys.isEmpty ? 0 : 1
            for t in keys.indices.dropFirst() where keys[t] != keys[t - 1] { n += 1 }
            return n
        }
        var bad = 0
        while bad == 0 {
            let next = min(good * 2, limit)
            if next == good { break }
            if occupied(next) <= maximumCells { good = next } else { bad = next }
        }
        if bad > 0 {
            for _ in 0..<6 where bad - good > 1 {
                let middle = (good + bad) / 2
                if occupied(middle) <= maximumCells { good = middle } else { bad = middle }
            }
        }
        edges = sortedCoordinates.map { Self.edges(of: $0, bins: good, binning: binning) }
        binsPerCoordinate = good
    }

    /// The cell key of each sample in `members`; equal rows get equal keys.
    func keys(of members: [Int]) -> [Int] {
        let k = dimension
        return members.map { sample in
            var key = 0
            for c in stride(from: k - 1, through: 0, by: -1) {
                key =
                    key * binsPerCoordinate + Self.bin(of: values[sample * k + c], edges: edges[c])
            }
            return key
        }
    }

    /// The number of edges ≤ x (binary search).
    static func bin(of x: Double, edges: [Double]) -> Int {
        var low = 0
        var high = edges.count
        while low < high {
            let middle = (low + high) / 2
            if edges[middle] <= x { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// `bins − 1` inner edges over `sorted` (non-empty, ascending).
    static func edges(
        of sorted: [Double], bins: Int, binning: EmpiricalSource.HistogramBinning
    ) -> [Double] {
        guard bins > 1, let first = sorted.first, let last = sorted.last, first < last else {
            return []
        }
        switch binning {
        case .equalWidth:
            let width = (last - first) / Double(bins)
            return (1..<bins).map { first + Double($0) * width }
        case .equalMass:
            let n = sorted.count
            // An edge at the value of order statistic ⌊j·n/B⌋ starts bin j there.
            return (1..<bins).map { sorted[min(n - 1, $0 * n / bins)] }
        }
    }
}

/// `base^exponent`, saturating at `Int.max`.
private func power(_ base: Int, _ exponent: Int) -> Int {
    var result = 1
    for _ in 0..<exponent {
        let (product, overflow) = result.multipliedReportingOverflow(by: base)
        if overflow { return Int.max }
        result = product
    }
    return result
}
