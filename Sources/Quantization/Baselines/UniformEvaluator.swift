import Foundation

/// Evaluates uniform threshold quantisers on one data set: the thresholds, the cells with
/// their centroids, and the step search of ``UniformThresholdQuantizer``.
struct UniformEvaluator {
    /// No grid finer than this many cells per coordinate is tried.
    static let maximumCells = 1e7

    /// The samples, kept in the form their dimension calls for.
    enum Storage {
        case scalars(WeightedScalars)
        case vectors(WeightedVectors)
    }

    let origin: Double
    let storage: Storage
    let dimension: Int
    let lower: [Double]
    let upper: [Double]
    let variance: Double

    init(samples: TrainingSamples, origin: Double) {
        self.origin = origin
        dimension = samples.dimension
        if samples.dimension == 1 {
            let data = WeightedScalars(samples)
            storage = .scalars(data)
            lower = [data.values[0]]
            upper = [data.values[data.count - 1]]
            variance = data.variance
        } else {
            let data = WeightedVectors(samples)
            storage = .vectors(data)
            (lower, upper) = data.bounds
            variance = data.variancePerDimension
        }
    }

    /// Whether a grid of this step is small enough to evaluate: at most ``maximumCells``
    /// cells across the widest coordinate's range, and cell indices far inside `Int`.
    func isUsable(step: Double) -> Bool {
        guard step.isFinite, step > 0 else { return false }
        for c in 0..<dimension {
            let reach = max(abs(upper[c] - origin), abs(lower[c] - origin))
            if (upper[c] - lower[c]) / step + 2 > Self.maximumCells || reach / step > 1e15 {
                return false
            }
        }
        return true
    }

    /// The cell of coordinate value `x`: 0 for the zero cell `(o − h, o + h]`, `h = z·Δ/2`,
    /// then ±1, ±2, … outwards; cells are `(a, b]`.
    func cellIndex(of x: Double, step: Double, halfZone: Double) -> Int {
        let u = x - origin
        if u > halfZone { return Int(((u - halfZone) / step).rounded(.up)) }
        if u <= -halfZone { return -(Int(((-halfZone - u) / step).rounded(.down)) + 1) }
        return 0
    }

    /// The thresholds inside the scalar data range, ascending.
    ///
    /// Negative-side thresholds are `o − h − iΔ` and positive-side ones `o + h + iΔ` for
    /// `i ≥ 0`; only the indices whose threshold falls in `[min, max)` are generated (a
    /// threshold outside would only make an empty cell).
    ///
    /// - Complexity: O(range/Δ), whatever the distance from the origin to the data.
    func thresholds(step: Double, deadZoneWidth z: Double) -> [Double] {
        let h = z * step / 2
        let lowest = lower[0]
        let highest = upper[0]
        func indices(from a: Double, to b: Double) -> ClosedRange<Int>? {
            // Indices i ≥ 0 with a ≤ i ≤ b, widened by one on each side against rounding.
            let first = max(0, Int(max(a, -1).rounded(.down)) - 1)
            let last = Int(max(b, -1).rounded(.up)) + 1
            return first <= last ? first...last : nil
        }
        var negative: [Double] = []
        if let range = indices(
            from: (origin - h - highest) / step, to: (origin - h - lowest) / step)
        {
            for i in range.reversed() {
                let t = origin - h - Double(i) * step
                if t >= lowest && t < highest { negative.append(t) }
            }
        }
        var positive: [Double] = []
        if let range = indices(
            from: (lowest - origin - h) / step, to: (highest - origin - h) / step)
        {
            for i in range {
                let t = origin + h + Double(i) * step
                if t >= lowest && t < highest { positive.append(t) }
            }
        }
        return negative + positive
    }

    /// The vector quantiser of a cubic-lattice grid: cells of the occupied grid points,
    /// each at its centroid, and the distortion summed over every row.
    func vectorQuantizer(data: WeightedVectors, step: Double, deadZoneWidth z: Double)
        -> VectorQuantizer
    {
        let k = dimension
        let h = z * step / 2
        let first = (0..<k).map { cellIndex(of: lower[$0], step: step, halfZone: h) }
        let radix = (0..<k).map {
            cellIndex(of: upper[$0], step: step, halfZone: h) - first[$0] + 1
        }
        var cellOfKey: [Int: Int] = [:]
        var cellOfRow = [Int](repeating: 0, count: data.count)
        var masses: [Double] = []
        var sums: [Double] = []
        for i in 0..<data.count {
            var key = 0
            for c in stride(from: k - 1, through: 0, by: -1) {
                let index = cellIndex(of: data.rows[i * k + c], step: step, halfZone: h)
                key = key &* radix[c] &+ (index - first[c])
            }
            let cell: Int
            if let known = cellOfKey[key] {
                cell = known
            } else {
                cell = masses.count
                cellOfKey[key] = cell
                masses.append(0)
                sums.append(contentsOf: repeatElement(0, count: k))
            }
            cellOfRow[i] = cell
            masses[cell] += data.weights[i]
            for c in 0..<k { sums[cell * k + c] += data.weights[i] * data.rows[i * k + c] }
        }
        for cell in masses.indices {
            for c in 0..<k { sums[cell * k + c] /= masses[cell] }
        }
        var error = 0.0
        for i in 0..<data.count {
            var d = 0.0
            for c in 0..<k { d += pow2(data.rows[i * k + c] - sums[cellOfRow[i] * k + c]) }
            error += data.weights[i] * d
        }
        return VectorQuantizer(
            codewords: sums, masses: masses, distortion: error / (data.total * Double(k)))
    }

    /// The operating point of one step (fast distortion for scalars).
    func point(step: Double, deadZoneWidth z: Double) -> OperatingPoint {
        switch storage {
        case .scalars(let scalars):
            let partition = ScalarPartition(
                data: scalars, thresholds: thresholds(step: step, deadZoneWidth: z))
            return OperatingPoint(
                distortion: partition.fastDistortion(on: scalars),
                entropyBits: partition.entropyBits(total: scalars.total))
        case .vectors(let vectors):
            let quantizer = vectorQuantizer(data: vectors, step: step, deadZoneWidth: z)
            return OperatingPoint(
                distortion: quantizer.distortion,
                entropyBits: quantizer.entropyBits(total: vectors.total))
        }
    }

    /// The quantiser of one step, measured directly on every sample.
    func result(step: Double, deadZoneWidth z: Double, hull: [OperatingPoint]?) -> BaselineResult {
        let rule = BaselineResult.EncodingRule.uniform(
            step: step, deadZoneWidth: z, origin: origin)
        switch storage {
        case .scalars(let scalars):
            let partition = ScalarPartition(
                data: scalars, thresholds: thresholds(step: step, deadZoneWidth: z))
            return partition.result(
                method: .uniformThreshold, data: scalars, rule: rule, hull: hull)
        case .vectors(let vectors):
            return vectorQuantizer(data: vectors, step: step, deadZoneWidth: z)
                .result(method: .uniformThreshold, data: vectors, rule: rule, hull: hull)
        }
    }
}
