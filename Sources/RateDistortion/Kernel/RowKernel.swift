import ParallelLoops

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one hot loop of rdopt: for every source row i, the Gibbs distribution
/// `P_ij = w_j exp(−t_i (d_ij − dmin_i)) / Z̃_i` over the codewords, with its log-partition
/// `log Z̃_i`, mean and variance of the excess distortion `d_ij − dmin_i`, and the column
/// masses `Σ_i p_i P_ij`. With `w = q` and `t = s_i` this is one Blahut–Arimoto pass
/// (docs/mathematics.md); with `w = q^(1/τ)`, `t = s_i/τ` it is one annealing pass (docs/quantiser-design.md).
///
/// Distortions are shifted by the row minimum so that large slopes (10^4 and more) lose
/// nothing to cancellation; everything is computed in the log domain (log-sum-exp).
/// Rows are split across cores with `ParallelLoop.forEachChunk`; each worker keeps
/// its own column accumulator, summed at the end, so results do not depend on scheduling.
///
/// - Complexity: O(n·m·k) per pass, O(m) memory per worker; the n × m matrix is never formed.
public struct RowKernel: Sendable {
    /// The SIMD width the kernel is written for.
    public static let width = 8

    /// The distortions.
    public let field: DistortionField
    /// `dmin_i = min_j d_ij`, the shift of every row.
    public let rowMinima: [Double]
    /// The window that changes nothing: `exp` of anything below −708.39 is exactly 0 in the
    /// pass (the C loops of `RowKernelLoops`), so a term more than 720 nats below its row's
    /// largest adds exactly 0 to every sum; windows start at multiples of the SIMD width, so
    /// every lane adds the same terms in the same order. Results are bit for bit the full pass's.
    public static let exactLogRatio = 720.0

    /// Whether passes may skip negligible codewords (a sorted scalar codebook under squared
    /// error; see `RowKernel+Window.swift`).
    let isWindowable: Bool

    /// Prepares a kernel; computes the row minima once.
    /// - Complexity: O(n·m·k); O(n log m) for a sorted scalar codebook under squared error.
    public init(field: DistortionField) {
        self.field = field
        isWindowable = Self.isWindowable(field)
        rowMinima = isWindowable ? Self.sortedScalarRowMinima(field) : field.rowMinima()
    }

    /// Per-row results of a pass, and the column masses if requested.
    public struct Pass: Sendable {
        /// `log Z̃_i = log Σ_j w_j exp(−t_i (d_ij − dmin_i))`.
        public var logPartition: [Double]
        /// `Σ_j P_ij (d_ij − dmin_i)`: the row's distortion above its minimum.
        public var meanExcess: [Double]
        /// `Σ_j P_ij (d_ij − dmin_i)² − meanExcess²`: minus the derivative of the row
        /// distortion with respect to its slope.
        public var variance: [Double]
        /// `Σ_i p_i P_ij` (the output law of the encoder), m entries; empty if not requested.
        public var columnMass: [Double]
        /// `Σ_i v_i P_ij` for each extra row-weight vector v of the pass, m entries each.
        public var extraColumnMasses: [[Double]] = []
    }

    /// One pass over all rows.
    /// - Parameters:
    ///   - logWeights: `log w_j`, m entries; `-infinity` excludes a codeword.
    ///   - slopes: `t_i ≥ 0`, n entries.
    ///   - probabilities: `p_i`, n entries (used only for the column masses).
    ///   - accumulateColumns: whether to compute the column masses.
    ///   - negligibleLogRatio: L; terms below `e^{−L}` of their row's largest may be left out
    ///     (on a sorted scalar codebook under squared error: a window of codewords around each
    ///     point). The default, ``exactLogRatio``, leaves out only terms whose exponential is
    ///     exactly 0, so the results are bit for bit those of the full pass.
    ///   - extraRowWeights: more row-weight vectors v (n entries each), whose column sums
    ///     `Σ_i v_i P_ij` the same pass accumulates (with `accumulateColumns`): annealing's
    ///     soft centroids need `Σ_i p_i x_i P_ij` beside the output law, and a second pass
    ///     would compute every Gibbs row again. Each sum is the one a pass with
    ///     `probabilities: v` gives, to the bit.
    /// - Returns: the per-row statistics and column masses.
    /// - Complexity: O(n·m·k) time; O(n·(window + log m)) when windowed.
    public func pass(
        logWeights: [Double], slopes: [Double], probabilities: [Double],
        accumulateColumns: Bool = true, negligibleLogRatio: Double = RowKernel.exactLogRatio,
        extraRowWeights: [[Double]] = []
    ) -> Pass {
        let n = field.rows
        let m = field.columns
        let mp = field.paddedColumns
        precondition(logWeights.count == m && slopes.count == n && probabilities.count == n)
        precondition(extraRowWeights.allSatisfy { $0.count == n })
        // Every accumulated vector: p first, then the extras.
        let vectors = accumulateColumns ? 1 + extraRowWeights.count : 0
        var rowWeights = probabilities
        if vectors > 1 {
            // Row-major n × vectors, so that a row reads its weights together.
            rowWeights = [Double](repeating: 0, count: n * vectors)
            for i in 0..<n {
                rowWeights[i * vectors] = probabilities[i]
                for (e, extra) in extraRowWeights.enumerated() {
                    rowWeights[i * vectors + 1 + e] = extra[i]
                }
            }
        }
        var weights = [Double](repeating: -.infinity, count: mp)
        for j in 0..<m { weights[j] = logWeights[j] }
        var logZ = [Double](repeating: 0, count: n)
        var mean = [Double](repeating: 0, count: n)
        var variance = [Double](repeating: 0, count: n)
        let chunks = Self.chunkCount(rows: n, columns: mp)
        var partial = [Double](repeating: 0, count: chunks * vectors * mp)
        SharedBuffers.with(
            weights: weights, slopes: slopes, probabilities: rowWeights, minima: rowMinima,
            logZ: &logZ, mean: &mean, variance: &variance, columns: &partial,
            maximumWeight: logWeights.max() ?? -.infinity,
            negligibleLogRatio: negligibleLogRatio, vectors: max(1, vectors)
        ) { shared in
            ParallelLoop.forEachChunk(chunks, count: n) { chunk, range in
                runRows(range, chunk: chunk, shared: shared, accumulate: accumulateColumns)
            }
        }
        // Each vector's column sums, the chunks added in order.
        var sums = [[Double]](repeating: [Double](repeating: 0, count: m), count: vectors)
        for v in 0..<vectors {
            for c in 0..<chunks {
                let base = (c * vectors + v) * mp
                for j in 0..<m { sums[v][j] += partial[base + j] }
            }
        }
        return Pass(
            logPartition: logZ, meanExcess: mean, variance: variance,
            columnMass: sums.first ?? [], extraColumnMasses: Array(sums.dropFirst()))
    }

    /// The statistics of a single row (used to solve a row's slope by Newton's method).
    /// - Returns: `(log Z̃_i, mean excess, variance)` as in ``Pass``.
    /// - Complexity: O(m·k).
    public func rowStatistics(row i: Int, slope: Double, logWeights: [Double]) -> (
        logPartition: Double, meanExcess: Double, variance: Double
    ) {
        rowStatistics(row: i, slope: slope, weights: weights(logWeights))
    }

    /// Log-weights laid out for single-row evaluations: padded with −∞ to the kernel's width,
    /// with their maximum. Prepare once per weight vector when evaluating many rows.
    public struct Weights: Sendable {
        let padded: [Double]
        let maximum: Double
    }

    /// `logWeights` (m entries) laid out for ``rowStatistics(row:slope:weights:negligibleLogRatio:)``.
    public func weights(_ logWeights: [Double]) -> Weights {
        var padded = [Double](repeating: -.infinity, count: field.paddedColumns)
        for j in 0..<field.columns { padded[j] = logWeights[j] }
        return Weights(padded: padded, maximum: logWeights.max() ?? -.infinity)
    }

    /// The statistics of row i under prepared weights; `negligibleLogRatio` L as in a pass: terms
    /// below `e^{−L}` of the row's largest may be left out (a window of codewords on a sorted
    /// scalar codebook under squared error), and the default, ``exactLogRatio``, leaves out only
    /// terms whose exponential is exactly 0.
    /// - Complexity: O(m·k); O(window + log m) when windowed.
    public func rowStatistics(
        row i: Int, slope: Double, weights: Weights,
        negligibleLogRatio: Double = RowKernel.exactLogRatio
    ) -> (logPartition: Double, meanExcess: Double, variance: Double) {
        rowStatistics(
            row: i, slope: slope, weights: weights, negligibleLogRatio: negligibleLogRatio,
            scratch: RowScratch(columns: field.paddedColumns))
    }

    /// ``rowStatistics(row:slope:weights:negligibleLogRatio:)`` in `scratch`'s buffers: many
    /// evaluations (a row's slope search, every row with a tolerance at every annealing
    /// iteration) then allocate nothing.
    /// - Precondition: `scratch` was made by ``rowScratch()`` of this kernel.
    public func rowStatistics(
        row i: Int, slope: Double, weights: Weights, negligibleLogRatio: Double,
        scratch: RowScratch
    ) -> (logPartition: Double, meanExcess: Double, variance: Double) {
        precondition(scratch.columns == field.paddedColumns, "scratch of another kernel")
        let r = weights.padded.withUnsafeBufferPointer { w in
            row(
                i, weights: w.baseAddress.unsafelyUnwrapped, slope: slope,
                maximumWeight: weights.maximum, negligibleLogRatio: negligibleLogRatio,
                d: scratch.distortions, a: scratch.terms
            ).statistics
        }
        return (r.logZ, r.mean, r.variance)
    }

    /// Buffers for single-row evaluations of this kernel (one per thread).
    public func rowScratch() -> RowScratch { RowScratch(columns: field.paddedColumns) }

    /// Rows per worker and worker count: serial below about 2^15 entries.
    static func chunkCount(rows: Int, columns: Int) -> Int {
        if rows * columns < 1 << 15 || rows < 2 { return 1 }
        let cores = min(64, ParallelLoop.activeCores)
        return min(rows, cores * 4)
    }

    private func runRows(_ range: Range<Int>, chunk: Int, shared: SharedBuffers, accumulate: Bool) {
        let mp = field.paddedColumns
        let scratch = RowScratch(columns: mp)
        defer { withExtendedLifetime(scratch) {} }
        let d = scratch.distortions
        let a = scratch.terms
        let w = shared.weights.baseAddress.unsafelyUnwrapped
        for i in range {
            let (r, columns) = row(
                i, weights: w, slope: shared.slopes[i], maximumWeight: shared.maximumWeight,
                negligibleLogRatio: shared.negligibleLogRatio, d: d, a: a)
            shared.logZ[i] = r.logZ
            shared.mean[i] = r.mean
            shared.variance[i] = r.variance
            if accumulate {
                let vectors = shared.vectors
                for v in 0..<vectors {
                    let column =
                        shared.columns.baseAddress.unsafelyUnwrapped + (chunk * vectors + v) * mp
                    Self.accumulate(
                        a + columns.lowerBound, scale: shared.probabilities[i * vectors + v] / r.z,
                        into: column + columns.lowerBound, columns: columns.count)
                }
            }
        }
    }

    /// Row i's statistics, its Gibbs weights left in `a` over the returned columns (all of
    /// them, or a window when `negligibleLogRatio` is finite and the codebook allows one).
    @inline(__always)
    func row(
        _ i: Int, weights w: UnsafePointer<Double>, slope: Double, maximumWeight: Double,
        negligibleLogRatio: Double, d: UnsafeMutablePointer<Double>, a: UnsafeMutablePointer<Double>
    ) -> (statistics: (logZ: Double, z: Double, mean: Double, variance: Double), Range<Int>) {
        let mp = field.paddedColumns
        guard field.isScalarSquaredError else {
            field.fillRow(i, into: d)
            let r = Self.gibbsRow(
                d: d, a: a, weights: w, columns: mp, slope: slope, minimum: rowMinima[i])
            return (r, 0..<mp)
        }
        let x = field.source[i]
        var columns = 0..<mp
        if isWindowable,
            let window = window(
                x: x, weights: w, maximumWeight: maximumWeight, slope: slope,
                minimum: rowMinima[i], logRatio: negligibleLogRatio)
        {
            columns = window
        }
        let r = field.codebook.withUnsafeBufferPointer { y in
            Self.gibbsRowScalarSquared(
                x: x, codebook: y.baseAddress.unsafelyUnwrapped + columns.lowerBound,
                a: a + columns.lowerBound, weights: w + columns.lowerBound,
                columns: columns.count, slope: slope, minimum: rowMinima[i])
        }
        return (r, columns)
    }
}

/// Two rows of a kernel's padded codebook, for evaluating single rows without allocating;
/// owned by one thread at a time (not `Sendable`).
public final class RowScratch {
    let columns: Int
    let distortions: UnsafeMutablePointer<Double>
    let terms: UnsafeMutablePointer<Double>

    init(columns: Int) {
        self.columns = columns
        distortions = .allocate(capacity: columns)
        terms = .allocate(capacity: columns)
    }

    deinit {
        distortions.deallocate()
        terms.deallocate()
    }
}

/// Raw buffers shared by the workers of one pass; each worker writes disjoint rows and its own
/// column slice, so no two threads touch the same element (``ParallelLoop``'s contract).
struct SharedBuffers {
    let weights: UnsafeBufferPointer<Double>
    let slopes: UnsafeBufferPointer<Double>
    let probabilities: UnsafeBufferPointer<Double>
    let minima: UnsafeBufferPointer<Double>
    let logZ: UnsafeMutableBufferPointer<Double>
    let mean: UnsafeMutableBufferPointer<Double>
    let variance: UnsafeMutableBufferPointer<Double>
    let columns: UnsafeMutableBufferPointer<Double>
    /// `max_j log w_j` and L of a windowed pass (L infinite: every term).
    var maximumWeight = -Double.infinity
    var negligibleLogRatio = Double.infinity
    /// Row-weight vectors accumulated: `probabilities` is n × vectors, row-major, and
    /// `columns` holds each chunk's `vectors` column slices in turn.
    var vectors = 1

    /// Runs `body` with the arrays of one pass as raw buffers (valid only inside it).
    static func with(
        weights: [Double], slopes: [Double], probabilities: [Double], minima: [Double],
        logZ: inout [Double], mean: inout [Double], variance: inout [Double],
        columns: inout [Double], maximumWeight: Double = -.infinity,
        negligibleLogRatio: Double = .infinity, vectors: Int = 1,
        _ body: (SharedBuffers) -> Void
    ) {
        weights.withUnsafeBufferPointer { w in
            slopes.withUnsafeBufferPointer { t in
                probabilities.withUnsafeBufferPointer { p in
                    minima.withUnsafeBufferPointer { dmin in
                        logZ.withUnsafeMutableBufferPointer { lz in
                            mean.withUnsafeMutableBufferPointer { me in
                                variance.withUnsafeMutableBufferPointer { va in
                                    columns.withUnsafeMutableBufferPointer { acc in
                                        body(
                                            SharedBuffers(
                                                weights: w, slopes: t, probabilities: p,
                                                minima: dmin, logZ: lz, mean: me, variance: va,
                                                columns: acc, maximumWeight: maximumWeight,
                                                negligibleLogRatio: negligibleLogRatio,
                                                vectors: vectors))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
