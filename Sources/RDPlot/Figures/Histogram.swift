/// Counts of values in consecutive bins: `counts[i]` values fell in `edges[i]..<edges[i+1]`
/// (the last bin includes its upper edge).
public struct Histogram: Sendable, Equatable {
    /// Bin edges, increasing, one more than the bins.
    public var edges: [Double]
    /// The number (or weight) of values in each bin.
    public var counts: [Double]

    /// Creates a histogram from edges and counts.
    ///
    /// - Precondition: `edges.count == counts.count + 1`.
    public init(edges: [Double], counts: [Double]) {
        precondition(edges.count == counts.count + 1, "one more edge than bins")
        self.edges = edges
        self.counts = counts
    }

    /// Bins finite values into `binCount` equal bins spanning their range.
    ///
    /// - Parameters:
    ///   - values: The data; non-finite values are ignored.
    ///   - binCount: The number of bins, at least 1.
    /// - Complexity: O(n) for n values.
    public init(values: some Collection<Double>, binCount: Int) {
        let finite = values.filter(\.isFinite)
        let bins = max(binCount, 1)
        var low = finite.min() ?? 0
        var high = finite.max() ?? 1
        if !(high > low) {
            low -= 0.5
            high += 0.5
        }
        let width = (high - low) / Double(bins)
        var counts = [Double](repeating: 0, count: bins)
        for v in finite {
            let i = min(bins - 1, max(0, Int((v - low) / width)))
            counts[i] += 1
        }
        self.edges = (0...bins).map { low + Double($0) * width }
        self.counts = counts
    }

    /// Counts divided by (total × bin width), so that the bars' area is 1.
    public var densities: [Double] {
        let total = counts.reduce(0, +)
        guard total > 0 else { return counts }
        return counts.indices.map { i in
            let width = edges[i + 1] - edges[i]
            return width > 0 ? counts[i] / (total * width) : 0
        }
    }
}
