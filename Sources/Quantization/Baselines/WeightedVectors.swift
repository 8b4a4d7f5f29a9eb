/// Vector samples as distinct rows with counts, and the vector quantiser run on them.
///
/// Equal rows are collapsed so that integer-valued data cost less; continuous data keep one
/// row per sample. Distortion is squared error per dimension.
struct WeightedVectors: Sendable {
    let dimension: Int
    /// Distinct rows, row-major `count × dimension`, sorted lexicographically.
    let rows: [Double]
    /// How many samples each row stands for.
    let weights: [Double]
    /// The number of samples, `N`.
    let total: Double
    /// `cumulativeWeights[i] = Σ_{t<i} weights[t]`.
    let cumulativeWeights: [Double]

    /// - Complexity: O(k·N log N).
    init(_ samples: TrainingSamples) {
        let k = samples.dimension
        let values = samples.values
        let order = (0..<samples.count).sorted { a, b in
            for c in 0..<k where values[a * k + c] != values[b * k + c] {
                return values[a * k + c] < values[b * k + c]
            }
            return false
        }
        var rows: [Double] = []
        var weights: [Double] = []
        rows.reserveCapacity(values.count)
        weights.reserveCapacity(samples.count)
        var previous = -1
        for i in order {
            let isRepeat =
                previous >= 0
                && (0..<k).allSatisfy { values[previous * k + $0] == values[i * k + $0] }
            if isRepeat {
                weights[weights.count - 1] += samples.weight(i)
            } else {
                rows.append(contentsOf: values[(i * k)..<((i + 1) * k)])
                weights.append(samples.weight(i))
            }
            previous = i
        }
        self.init(rows: rows, weights: weights, dimension: k)
    }

    /// The atoms of a histogram of `samples` with at most `atoms` atoms, weighted by their
    /// masses (importance flags ignored).
    ///
    /// - Complexity: O(k·N log N).
    init(histogramOf samples: TrainingSamples, atoms: Int) throws(QuantizationError) {
        let unflagged = try TrainingSamples(
            values: samples.values, dimension: samples.dimension, weights: samples.weights)
        let source = try EmpiricalSource(
            unflagged, options: .init(maximumExactAtoms: atoms, histogramAtoms: atoms))
        self.init(rows: source.points, weights: source.masses, dimension: source.dimension)
    }

    /// Rows with positive weights.
    init(rows: [Double], weights: [Double], dimension: Int) {
        self.dimension = dimension
        self.rows = rows
        self.weights = weights
        total = weights.reduce(0, +)
        var cumulative = [0.0]
        cumulative.reserveCapacity(weights.count + 1)
        for w in weights { cumulative.append(cumulative[cumulative.count - 1] + w) }
        cumulativeWeights = cumulative
    }

    var count: Int { weights.count }

    /// The weighted mean of each coordinate.
    var mean: [Double] {
        var mean = [Double](repeating: 0, count: dimension)
        for i in 0..<count {
            for c in 0..<dimension { mean[c] += weights[i] * rows[i * dimension + c] }
        }
        return mean.map { $0 / total }
    }

    /// The mean over coordinates of each coordinate's variance.
    var variancePerDimension: Double {
        let mean = self.mean
        var sum = 0.0
        for i in 0..<count {
            for c in 0..<dimension { sum += weights[i] * pow2(rows[i * dimension + c] - mean[c]) }
        }
        return sum / (total * Double(dimension))
    }

    /// Per coordinate, the smallest and largest value.
    var bounds: (lower: [Double], upper: [Double]) {
        var lower = [Double](repeating: .infinity, count: dimension)
        var upper = [Double](repeating: -.infinity, count: dimension)
        for i in 0..<count {
            for c in 0..<dimension {
                lower[c] = min(lower[c], rows[i * dimension + c])
                upper[c] = max(upper[c], rows[i * dimension + c])
            }
        }
        return (lower, upper)
    }

    /// A row drawn with probability proportional to its weight.
    ///
    /// - Complexity: O(log n).
    func randomRow(using rng: inout some RandomNumberGenerator) -> ArraySlice<Double> {
        let row = weightedIndex(
            cumulative: cumulativeWeights, count: count, total: total, using: &rng)
        return rows[(row * dimension)..<((row + 1) * dimension)]
    }
}
