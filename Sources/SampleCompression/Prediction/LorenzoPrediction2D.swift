/// Lorenzo prediction on a row-major 2-D array: `W + N − NW` (west, north, north-west), each
/// neighbour replaced by the origin where it lies outside the array or before the chunk.
struct LorenzoPrediction2D: NeighbourPrediction {
    let rowLength: Int
    let origin: Double
    /// The column of the next sample.
    private var column = 0

    init(rowLength: Int, origin: Double) {
        self.rowLength = rowLength
        self.origin = origin
    }

    mutating func restart(at start: Int, count: Int) { column = start % rowLength }

    @inline(__always)
    mutating func next(_ r: UnsafeMutablePointer<Double>, _ i: Int) -> Double {
        let w = rowLength
        let hasWest = column > 0 && i >= 1
        let west = hasWest ? r[i - 1] : origin
        let north = i >= w ? r[i - w] : origin
        let northWest = hasWest && i >= w + 1 ? r[i - w - 1] : origin
        column += 1
        if column == w { column = 0 }
        return west + north - northWest
    }
}
