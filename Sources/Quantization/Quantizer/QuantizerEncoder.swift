import ParallelLoops

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The encoder of every ``Quantizer``: the one place the hard rule maps a sample to its cell.
/// Design scoring, the baselines, compression and the reports all encode through it, and
/// ``Quantizer/encode(_:isImportant:)`` is its one-sample form.
///
/// The rule picks `argmin_j cost_j(x)` with `cost_j(x) = −log q_j + s · d(x, y_j)`, among the
/// codewords within the tolerance for an important sample. `Quantizer.encode` scans `j` in
/// order and keeps a codeword when its cost is smaller, or equal with a smaller distortion; its
/// **Ties** are defined once, here: the result is the lexicographic minimum of `(cost, d, j)`
/// over the eligible codewords with a finite, non-NaN cost — the least cost, then the least
/// distortion, then the lowest index.
///
/// **Scalars** (k = 1): the codebook is sorted once; for each sample a binary search finds
/// its place among the sorted codewords and the scan walks outward on both sides. A side is
/// abandoned at sorted position `t` once `fl(a_min + fl(s · d_t)) > best cost`, where `a_min`
/// is the least `−log q` of the codewords beyond `t`, or once `d_t` exceeds the tolerance: IEEE
/// rounding is monotone, so every codeword further out has a float cost at least that bound
/// and a float distortion at least `d_t`, and cannot win or tie. Typically a handful of
/// codewords are visited instead of all m.
///
/// **Vectors** (k > 1): the same outward scan along the codebook's widest coordinate, with a
/// one-coordinate bound on the distortion (`SortedVectorCodebook`); equally exact.
///
/// Both run on all cores (`ParallelLoop` over blocks of samples).
public struct QuantizerEncoder: Sendable {
    let quantizer: Quantizer
    /// `−log q_j`, the same value `Quantizer.encode` computes per call.
    private let penalties: [Double]
    /// Scalar codebooks only: codeword indices sorted by value (stable), their values and
    /// penalties in that order, and prefix / suffix minima of the penalties.
    private let order: [Int]
    private let sortedValues: [Double]
    private let sortedPenalties: [Double]
    private let prefixMinimum: [Double]
    private let suffixMinimum: [Double]
    /// Scalar codebooks only: a uniform grid of cells over the codebook's range; `cellWinner[c]`
    /// is the index that wins for every x of cell c (widened by a quarter cell on each side) when
    /// no tolerance applies, or −1 when that is not certain (the scan decides then).
    private let cellWinner: [Int32]
    private let gridStart: Double
    private let inverseCellWidth: Double
    /// Vector codebooks only: the codewords sorted along their widest coordinate.
    private let vectorCodebook: SortedVectorCodebook?

    /// The number of grid cells for scalar codebooks.
    static let cellCount = 4096

    /// Builds the sorted tables of `quantizer` (O(m log m) for m scalar codewords).
    public init(quantizer: Quantizer) {
        self.quantizer = quantizer
        let penalties = quantizer.penalties
        self.penalties = penalties
        if quantizer.dimension == 1 {
            let order = quantizer.codebook.indices.sorted {
                (quantizer.codebook[$0], $0) < (quantizer.codebook[$1], $1)
            }
            self.order = order
            sortedValues = order.map { quantizer.codebook[$0] }
            let sorted = order.map { penalties[$0] }
            sortedPenalties = sorted
            var prefix = sorted
            for t in prefix.indices.dropFirst() { prefix[t] = min(prefix[t - 1], prefix[t]) }
            var suffix = sorted
            for t in suffix.indices.reversed().dropFirst() {
                suffix[t] = min(suffix[t + 1], suffix[t])
            }
            prefixMinimum = prefix
            suffixMinimum = suffix
            (cellWinner, gridStart, inverseCellWidth) = Self.grid(
                values: quantizer.codebook, penalties: penalties, slope: quantizer.slope)
            vectorCodebook = nil
        } else {
            vectorCodebook = SortedVectorCodebook(
                codebook: quantizer.codebook, dimension: quantizer.dimension, penalties: penalties)
            cellWinner = []
            gridStart = 0
            inverseCellWidth = 0
            order = []
            sortedValues = []
            sortedPenalties = []
            prefixMinimum = []
            suffixMinimum = []
        }
    }

    /// The winner of each grid cell, where it is certain.
    ///
    /// For `x` in an interval `[a, b]`, the float cost `fl(a_j + fl(s · fl(fl(x − y_j)²)))` is
    /// monotone in `|x − y_j|` (IEEE rounding is monotone), so its least and greatest values
    /// over the interval are the costs at the point of `[a, b]` nearest to `y_j` and at the
    /// farther end. A codeword whose greatest cost is below every other codeword's least cost
    /// wins for every x there, ties and rounding included. Cells are widened by a quarter of
    /// their width so that a sample whose cell index is off by rounding is still covered.
    private static func grid(values: [Double], penalties: [Double], slope s: Double) -> (
        [Int32], Double, Double
    ) {
        let m = values.count
        guard m >= 2, m <= cellCount, let low = values.min(), let high = values.max(), high > low
        else {
            return ([], 0, 0)
        }
        let span = high - low
        let start = low - span / 4
        let width = span * 1.5 / Double(cellCount)
        guard width > 0, width.isFinite, (1 / width).isFinite else { return ([], 0, 0) }
        func cost(_ j: Int, _ x: Double) -> Double {
            let e = x - values[j]
            let d = e * e
            return penalties[j] + s * d
        }
        var winners = [Int32](repeating: -1, count: cellCount)
        var least = [Double](repeating: 0, count: m)
        for c in 0..<cellCount {
            let a = start + (Double(c) - 0.25) * width
            let b = start + (Double(c) + 1.25) * width
            var bestHigh = Double.infinity
            var winner = -1
            var isCertain = true
            for j in 0..<m {
                let nearest = min(max(values[j], a), b)
                let far = abs(values[j] - a) > abs(values[j] - b) ? a : b
                let lower = cost(j, nearest)
                let upper = cost(j, far)
                guard lower.isFinite, upper.isFinite else {
                    isCertain = false
                    break
                }
                least[j] = lower
                if upper < bestHigh {
                    bestHigh = upper
                    winner = j
                }
            }
            guard isCertain, winner >= 0 else { continue }
            var isStrict = true
            for j in 0..<m where j != winner && !(least[j] > bestHigh) {
                isStrict = false
                break
            }
            if isStrict { winners[c] = Int32(winner) }
        }
        return (winners, start, 1 / width)
    }

    /// The index the rule picks for one sample, or `nil` when no codeword is eligible.
    ///
    /// - Complexity: O(log m + visited) for scalars, O(log m + visited · k) for vectors (at worst
    ///   all m codewords).
    public func encode(_ sample: UnsafeBufferPointer<Double>, isImportant: Bool) -> Int? {
        let limit = isImportant ? (quantizer.importantTolerance ?? .infinity) : .infinity
        return quantizer.dimension == 1
            ? encodeScalar(sample[0], limit: limit) : encodeVector(sample, limit: limit)
    }

    /// Whether `(cost, d, j)` is lexicographically below the current best.
    @inline(__always)
    static func isBetter(
        _ cost: Double, _ d: Double, _ j: Int, than bestCost: Double, _ bestD: Double, _ best: Int
    ) -> Bool {
        if best < 0 { return cost < .infinity }
        if cost != bestCost { return cost < bestCost }
        if d != bestD { return d < bestD }
        return j < best
    }

    private func encodeScalar(_ x: Double, limit: Double) -> Int? {
        withScalarTables { tables in
            let (j, _) = tables.encode(x, limit: limit)
            return j >= 0 ? j : nil
        }
    }

    /// Runs `body` with pointers to the sorted scalar tables.
    private func withScalarTables<R>(_ body: (ScalarTables) -> R) -> R {
        order.withUnsafeBufferPointer { order in
            cellWinner.withUnsafeBufferPointer { winners in
                quantizer.codebook.withUnsafeBufferPointer { codebook in
                    sortedValues.withUnsafeBufferPointer { values in
                        sortedPenalties.withUnsafeBufferPointer { penalties in
                            prefixMinimum.withUnsafeBufferPointer { prefix in
                                suffixMinimum.withUnsafeBufferPointer { suffix in
                                    body(
                                        ScalarTables(
                                            order: order, values: values, penalties: penalties,
                                            prefixMinimum: prefix,
                                            suffixMinimum: suffix, slope: quantizer.slope,
                                            cellWinner: winners,
                                            codebook: codebook, gridStart: gridStart,
                                            inverseCellWidth: inverseCellWidth))
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private func encodeVector(_ x: UnsafeBufferPointer<Double>, limit: Double) -> Int? {
        let (j, _) = encodeVector(x, limit: limit)
        return j >= 0 ? j : nil
    }

    /// The vector rule's index and distortion, or `(-1, ∞)` when no codeword is eligible.
    private func encodeVector(_ x: UnsafeBufferPointer<Double>, limit: Double) -> (Int, Double) {
        guard let vectorCodebook else { preconditionFailure("a vector quantizer has its tables") }
        return vectorCodebook.encode(x, slope: quantizer.slope, limit: limit)
    }

    /// The rule by its definition: every codeword within `limit` is scored, O(m·k). The encoder
    /// takes the faster exact searches above; all give the same index.
    static func scan(
        _ x: UnsafeBufferPointer<Double>, quantizer: Quantizer, penalties: [Double], limit: Double
    ) -> Int? {
        let k = quantizer.dimension
        let s = quantizer.slope
        var best = -1
        var bestCost = Double.infinity
        var bestD = Double.infinity
        quantizer.codebook.withUnsafeBufferPointer { codebook in
            for j in 0..<penalties.count {
                var d = 0.0
                for c in 0..<k {
                    let e = x[c] - codebook[j * k + c]
                    d += e * e
                }
                d /= Double(k)
                guard d <= limit else { continue }
                let cost = penalties[j] + s * d
                if isBetter(cost, d, j, than: bestCost, bestD, best) {
                    best = j
                    bestCost = cost
                    bestD = d
                }
            }
        }
        return best >= 0 ? best : nil
    }

    /// The outcome of encoding a whole sample set.
    public struct Batch: Sendable {
        /// One codeword index per sample, in order.
        public var symbols: [UInt32]
        /// How often each codeword was picked.
        public var counts: [UInt64]
        /// The sum over samples of `d(x, y_j(x))` (per-dimension squared error).
        public var totalDistortion: Double
        /// The largest distortion among important samples (0 if none).
        public var importantMaxDistortion: Double
        /// The first sample no codeword could encode, if any.
        public var firstFailure: Int?
    }

    /// Encodes every sample, in parallel.
    ///
    /// - Parameters:
    ///   - values: `n · k` coordinates, row-major.
    ///   - isImportant: One flag per sample, or `nil` (none important).
    /// - Returns: The symbols and their statistics; when some sample fails, `firstFailure`
    ///   names the first one and the other fields are meaningless.
    /// - Complexity: O(n (log m + visited)) for scalars, O(n m k) for vectors, over the cores.
    public func encodeAll(_ values: [Double], isImportant: [Bool]?) -> Batch {
        let n = values.count / quantizer.dimension
        let blockSize = 1 << 16
        let blocks = (n + blockSize - 1) / blockSize
        let partials = UnsafeMutablePointer<EncodedBlock>.allocate(capacity: max(1, blocks))
        defer { partials.deallocate() }
        // Not zero-filled first: the workers write every symbol (so they, in parallel, take the
        // page faults of the fresh memory). A failed block leaves the rest of its symbols unset,
        // and then the symbols are not used (UInt32 has no invalid bit patterns).
        let symbols = [UInt32](unsafeUninitializedCapacity: n) { output, initialized in
            initialized = n
            let written = output
            values.withUnsafeBufferPointer { input in
                // Each block writes only its own samples' symbols and its own partial.
                ParallelLoop.forEach(blocks) { block in
                    let range = (block * blockSize)..<min(n, block * blockSize + blockSize)
                    (partials + block).initialize(
                        to: encodeBlock(
                            range, input: input, isImportant: isImportant, symbols: written))
                }
            }
        }
        var batch = Batch(
            symbols: symbols, counts: [UInt64](repeating: 0, count: quantizer.count),
            totalDistortion: 0, importantMaxDistortion: 0, firstFailure: nil)
        for block in 0..<blocks {
            let partial = (partials + block).move()
            if batch.firstFailure == nil, let failure = partial.failure {
                batch.firstFailure = failure
            }
            for j in 0..<quantizer.count { batch.counts[j] += partial.counts[j] }
            batch.totalDistortion += partial.distortion
            batch.importantMaxDistortion = max(batch.importantMaxDistortion, partial.importantMax)
        }
        return batch
    }

    /// Encodes the samples of `range` into `symbols`, stopping at the first that fails.
    private func encodeBlock(
        _ range: Range<Int>, input: UnsafeBufferPointer<Double>, isImportant: [Bool]?,
        symbols: UnsafeMutableBufferPointer<UInt32>
    ) -> EncodedBlock {
        let k = quantizer.dimension
        let tolerance = quantizer.importantTolerance ?? .infinity
        var partial = EncodedBlock(counts: [UInt64](repeating: 0, count: quantizer.count))
        if k == 1 {
            withScalarTables { tables in
                partial.counts.withUnsafeMutableBufferPointer { counts in
                    for i in range {
                        let important = isImportant?[i] ?? false
                        let (j, d) = tables.encode(
                            input[i], limit: important ? tolerance : .infinity)
                        guard j >= 0 else {
                            partial.failure = i
                            break
                        }
                        symbols[i] = UInt32(truncatingIfNeeded: j)
                        counts[j] &+= 1
                        partial.distortion += d
                        if important { partial.importantMax = max(partial.importantMax, d) }
                    }
                }
            }
            return partial
        }
        for i in range {
            let important = isImportant?[i] ?? false
            let sample = UnsafeBufferPointer(rebasing: input[(i * k)..<(i * k + k)])
            let (j, d) = encodeVector(sample, limit: important ? tolerance : .infinity)
            guard j >= 0 else {
                partial.failure = i
                break
            }
            symbols[i] = UInt32(j)
            partial.counts[j] += 1
            partial.distortion += d
            if important { partial.importantMax = max(partial.importantMax, d) }
        }
        return partial
    }
}

/// What one block of ``QuantizerEncoder/encodeAll(_:isImportant:)`` found.
private struct EncodedBlock: Sendable {
    var counts: [UInt64]
    var distortion = 0.0
    var importantMax = 0.0
    var failure: Int?
}

/// The sorted scalar codebook as raw buffers, valid inside ``QuantizerEncoder``'s
/// `withScalarTables`: the inner loop of scalar encoding.
private struct ScalarTables {
    let order: UnsafeBufferPointer<Int>
    let values: UnsafeBufferPointer<Double>
    let penalties: UnsafeBufferPointer<Double>
    let prefixMinimum: UnsafeBufferPointer<Double>
    let suffixMinimum: UnsafeBufferPointer<Double>
    let slope: Double
    let cellWinner: UnsafeBufferPointer<Int32>
    let codebook: UnsafeBufferPointer<Double>
    let gridStart: Double
    let inverseCellWidth: Double

    /// The rule's index for `x` and its distortion, or `(-1, ∞)` when no codeword is eligible
    /// (see ``QuantizerEncoder`` for the scan and why it is exact).
    @inline(__always)
    func encode(_ x: Double, limit: Double) -> (Int, Double) {
        if limit == .infinity, !cellWinner.isEmpty {
            let t = (x - gridStart) * inverseCellWidth
            if t >= 0, t < Double(cellWinner.count) {
                let j = Int(cellWinner[Int(t)])
                if j >= 0 {
                    let e = x - codebook[j]
                    return (j, e * e)
                }
            }
        }
        let s = slope
        var best = BestCodeword()
        // A side closes at the first position whose distortion exceeds the limit or whose
        // least possible cost (the least −log q from there outward) exceeds the best cost.
        scanOutward(from: firstPosition(atLeast: x, in: values), count: values.count) {
            t, isRight in
            let e = x - values[t]
            let d = e * e
            let minimum = isRight ? suffixMinimum[t] : prefixMinimum[t]
            if d > limit || (best.index >= 0 && minimum + s * d > best.cost) { return false }
            best.consider(cost: penalties[t] + s * d, distortion: d, index: order[t])
            return true
        }
        return (best.index, best.distortion)
    }
}

extension Quantizer {
    /// `−log q_j` for every codeword: the rule's information term.
    var penalties: [Double] { probabilities.map { -log($0) } }
}
