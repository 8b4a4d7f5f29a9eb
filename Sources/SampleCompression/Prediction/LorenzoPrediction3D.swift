/// Lorenzo prediction on a row-major 3-D array of planes of `rows × rowLength` values:
/// `W + N + U − NW − NU − WU + NWU` (west, north, up: the previous column, row and plane),
/// each neighbour replaced by the origin where it lies outside the array or before the chunk.
struct LorenzoPrediction3D: NeighbourPrediction {
    let rows: Int
    let rowLength: Int
    let origin: Double
    private var column = 0
    private var row = 0

    init(rows: Int, rowLength: Int, origin: Double) {
        self.rows = rows
        self.rowLength = rowLength
        self.origin = origin
    }

    mutating func restart(at start: Int, count: Int) {
        column = start % rowLength
        row = (start / rowLength) % rows
    }

    @inline(__always)
    private func value(_ r: UnsafeMutablePointer<Double>, _ i: Int, lag: Int, _ available: Bool)
        -> Double
    {
        available && i >= lag ? r[i - lag] : origin
    }

    @inline(__always)
    mutating func next(_ r: UnsafeMutablePointer<Double>, _ i: Int) -> Double {
        let w = rowLength
        let plane = rows * w
        let west = column > 0
        let north = row > 0
        let sum =
            value(r, i, lag: 1, west) + value(r, i, lag: w, north) + value(r, i, lag: plane, true)
        let pairs =
            value(r, i, lag: w + 1, west && north) + value(r, i, lag: plane + w, north)
            + value(r, i, lag: plane + 1, west)
        let corner = value(r, i, lag: plane + w + 1, west && north)
        advance()
        return sum - pairs + corner
    }

    private mutating func advance() {
        column += 1
        if column == rowLength {
            column = 0
            row += 1
            if row == rows { row = 0 }
        }
    }
}
