/// Runs Lloyd's algorithm for growing numbers of levels on one data set.
struct LloydMaxDesigner {
    /// Vector runs are O(N·m) per iteration, so they stop earlier.
    static let maximumVectorIterations = 500

    enum Storage {
        case scalars(WeightedScalars)
        case vectors(WeightedVectors)
    }

    let storage: Storage
    let maximumIterations: Int
    let relativeTolerance: Double
    /// The last vector codebook, split to start the next level.
    private var lastCodebook: [Double] = []

    init(samples: TrainingSamples, maximumIterations: Int, relativeTolerance: Double) {
        storage =
            samples.dimension == 1
            ? .scalars(WeightedScalars(samples)) : .vectors(WeightedVectors(samples))
        self.maximumIterations = maximumIterations
        self.relativeTolerance = relativeTolerance
    }

    /// The quantiser with `2^bits` levels; vectors split the previous call's codebook.
    mutating func next(bits: Int) -> BaselineResult {
        switch storage {
        case .scalars:
            return quantizer(levels: 1 << bits)
        case .vectors(let data):
            let k = data.dimension
            if bits == 0 || lastCodebook.isEmpty {
                lastCodebook = data.mean
            }
            var codebook = lastCodebook
            if bits > 0 {
                // Split every codeword into two, a small step apart along a fixed direction.
                let scale = 1e-2 * data.variancePerDimension.squareRoot()
                codebook = []
                for j in 0..<(lastCodebook.count / k) {
                    for sign in [-1.0, 1.0] {
                        for c in 0..<k {
                            let offset = sign * scale * (1 + Double(c)) / Double(k)
                            codebook.append(lastCodebook[j * k + c] + offset)
                        }
                    }
                }
            }
            let quantizer = data.entropyConstrainedLloyd(
                initial: codebook, lagrangeMultiplier: 0,
                maximumIterations: min(maximumIterations, Self.maximumVectorIterations),
                relativeTolerance: relativeTolerance)
            lastCodebook = quantizer.codewords
            return quantizer.result(
                method: .lloydMax, data: data, rule: .nearestNeighbour, hull: nil)
        }
    }

    /// The quantiser with (at most) `levels` levels.
    func quantizer(levels: Int) -> BaselineResult {
        switch storage {
        case .scalars(let data):
            return scalarQuantizer(data: data, levels: levels)
        case .vectors:
            var designer = self
            var bits = 0
            var result = designer.next(bits: 0)
            while (1 << (bits + 1)) <= levels {
                bits += 1
                result = designer.next(bits: bits)
            }
            return result
        }
    }

    /// Lloyd from the centroids of equal-mass cells, or the identity when `levels` is at
    /// least the number of distinct values.
    func scalarQuantizer(data: WeightedScalars, levels: Int) -> BaselineResult {
        var thresholds: [Double] = []
        if levels >= data.count {
            thresholds = Array(data.values.dropLast())
        } else {
            var t = 0
            for j in 1..<levels {
                let quantile = data.total * Double(j) / Double(levels)
                while t < data.count - 1 && data.prefixCount[t + 1] < quantile { t += 1 }
                if thresholds.last != data.values[t] && t < data.count - 1 {
                    thresholds.append(data.values[t])
                }
            }
        }
        var partition = ScalarPartition(data: data, thresholds: thresholds)
        if levels < data.count {
            partition = data.entropyConstrainedLloyd(
                initial: partition.codewords, lagrangeMultiplier: 0,
                maximumIterations: maximumIterations, relativeTolerance: relativeTolerance)
        }
        return partition.result(method: .lloydMax, data: data, rule: .nearestNeighbour, hull: nil)
    }
}
