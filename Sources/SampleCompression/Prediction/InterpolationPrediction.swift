/// Multilevel interpolation (the predictor SZ3 is known for), along a 1-D signal, the rows and
/// columns of a 2-D array, or the planes, rows and columns of a field: the chunk is visited
/// coarse to fine (``InterpolationOrder``) and
/// each sample is interpolated from reconstructed samples on both sides of it, where
/// Lorenzo and linear prediction extrapolate from one side only and so feed each step's
/// reconstruction error forward.
///
/// With a and b the neighbours at −s and +s and a′, b′ those at −3s and +3s, the prediction is
/// the cubic `(−a′ + 9a + 9b − b′) / 16` when all four exist, the quadratic
/// `(−a′ + 6a + 3b) / 8` or `(3a + 6b − b′) / 8` when one of the far ones is missing, the
/// midpoint `(a + b) / 2` with neither, `a` when there is no neighbour to the right, and the
/// origin for the chunk's first sample.
struct InterpolationPrediction: NeighbourPrediction {
    let rowLength: Int
    /// Rows per plane of a field (3-D interpolation), or nil.
    let planeRows: Int?
    let origin: Double
    /// The residual scale of level h = 2^k at index k, the last for coarser levels (empty: 1).
    let levelScales: [Double]
    /// Whether a sample with a right neighbour is predicted by the midpoint `(a + b) / 2`
    /// instead of the cubic or quadratic (the activity is the same).
    let linear: Bool
    private(set) var order: InterpolationOrder
    /// The level of the next sample (h = 2^level).
    private var level = 0
    /// How many samples of the chunk have been predicted.
    private var visited = 0
    /// The last predicted sample's activity: `|b − a| + (|a − a′| + |b′ − b|) / 2` over the
    /// neighbours it was interpolated from (`|a − a′|` with no right neighbour, 0 with none).
    private(set) var activity = 0.0
    /// The last predicted sample's residual scale.
    private(set) var residualScale = 1.0

    init(
        rowLength: Int, planeRows: Int? = nil, origin: Double, levelScales: [Double] = [],
        linear: Bool = false
    ) {
        self.rowLength = rowLength
        self.planeRows = planeRows
        self.origin = origin
        self.levelScales = levelScales
        self.linear = linear
        order = InterpolationOrder(count: 0, rowLength: rowLength, planeRows: planeRows)
    }

    mutating func restart(at start: Int, count: Int) {
        if order.positions.count != count {
            order = InterpolationOrderCache.shared.order(
                count: count, rowLength: rowLength, planeRows: planeRows)
        }
        visited = 0
        level = order.levelStarts.count
    }

    @inline(__always)
    func position(_ t: Int) -> Int { Int(order.positions[t]) }

    @inline(__always)
    mutating func next(_ r: UnsafeMutablePointer<Double>, _ i: Int) -> Double {
        if !levelScales.isEmpty {
            // Levels are visited coarse to fine: step down as each level's visits begin.
            while level > 0, visited >= order.levelStarts[level - 1] { level -= 1 }
            residualScale = levelScales[min(level, levelScales.count - 1)]
        }
        let (p, a) = predict(r, visit: visited, at: i)
        visited += 1
        activity = a
        return p
    }

    /// The residual scale of level `k` (h = 2^k; the chunk's first sample counts as level
    /// `levelStarts.count`).
    func residualScale(ofLevel k: Int) -> Double {
        levelScales.isEmpty ? 1 : levelScales[min(k, levelScales.count - 1)]
    }

    /// The prediction and activity of the `t`-th visited sample, at index `i`, from the
    /// reconstructions `r` of its neighbours: what ``next(_:_:)`` computes, in any order in
    /// which the neighbours come first (``LevelWavefront``).
    @inline(__always)
    func predict(_ r: UnsafeMutablePointer<Double>, visit t: Int, at i: Int) -> (
        prediction: Double, activity: Double
    ) {
        let s = Int(order.strides[t])
        let code = order.neighbours[t]
        guard s > 0 else { return (origin, 0) }
        let a = r[i - s]
        let farLeft = code & InterpolationOrder.Neighbours.farLeft != 0
        guard code & InterpolationOrder.Neighbours.right != 0 else {
            return (a, farLeft ? abs(a - r[i - 3 * s]) : 0)
        }
        let b = r[i + s]
        let farRight = code & InterpolationOrder.Neighbours.farRight != 0
        switch (farLeft, farRight) {
        case (true, true):
            let (a3, b3) = (r[i - 3 * s], r[i + 3 * s])
            return (
                linear ? (a + b) / 2 : (-a3 + 9 * a + 9 * b - b3) / 16,
                abs(b - a) + (abs(a - a3) + abs(b3 - b)) / 2
            )
        case (true, false):
            let a3 = r[i - 3 * s]
            return (
                linear ? (a + b) / 2 : (-a3 + 6 * a + 3 * b) / 8, abs(b - a) + abs(a - a3) / 2
            )
        case (false, true):
            let b3 = r[i + 3 * s]
            return (
                linear ? (a + b) / 2 : (3 * a + 6 * b - b3) / 8, abs(b - a) + abs(b3 - b) / 2
            )
        case (false, false):
            return ((a + b) / 2, abs(b - a))
        }
    }
}
