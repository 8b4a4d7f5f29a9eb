/// The scalar quantiser of prediction residuals: increasing codewords and the thresholds
/// between their cells (cell j is `[thresholds[j−1], thresholds[j])`). Only the codewords are
/// stored in a `.rdq` file; the thresholds are the encoder's.
///
/// Every cell lies within ``halfWidth`` of its codeword, so a residual inside
/// `[lowestEdge, highestEdge]` is reconstructed within ``halfWidth``; one outside is escaped by
/// the closed-loop encoder (stored exactly).
public struct ResidualQuantizer: Sendable, Equatable {
    /// The codewords, increasing.
    public let codewords: [Double]
    /// `codewords.count − 1` increasing thresholds.
    public let thresholds: [Double]
    /// The largest distance from a codeword to a point of its cell (the worst error of a residual
    /// inside the covered range).
    public let halfWidth: Double
    /// The covered range of residuals: below the first or above the last edge a residual has no
    /// codeword within ``halfWidth``.
    public let lowestEdge: Double
    public let highestEdge: Double
    /// The encoder's lookup grid over the thresholds' range (``CellGrid``).
    let grid: CellGrid

    /// Creates a quantiser; the caller guarantees the ordering and the half width.
    init(
        codewords: [Double], thresholds: [Double], halfWidth: Double, lowestEdge: Double,
        highestEdge: Double
    ) {
        precondition(thresholds.count == codewords.count - 1, "one threshold between two cells")
        self.codewords = codewords
        self.thresholds = thresholds
        self.halfWidth = halfWidth
        self.lowestEdge = lowestEdge
        self.highestEdge = highestEdge
        grid = CellGrid(thresholds: thresholds)
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.codewords == b.codewords && a.thresholds == b.thresholds && a.halfWidth == b.halfWidth
            && a.lowestEdge == b.lowestEdge && a.highestEdge == b.highestEdge
    }

    /// The number of codewords.
    public var count: Int { codewords.count }

    /// The cell of `residual`: the number of thresholds at or below it (binary search).
    @inline(__always)
    static func cell(of residual: Double, thresholds: UnsafeBufferPointer<Double>) -> Int {
        var low = 0
        var high = thresholds.count
        while low < high {
            let middle = (low + high) >> 1
            if thresholds[middle] <= residual { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
