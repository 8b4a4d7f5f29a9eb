import RateDistortion

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Deterministic annealing on weighted atoms (docs/quantiser-design.md). Notation: atoms `x_i` with
/// masses `p_i`, codewords `y_j` with output law `q_j`, base slope `s`, own slopes `σ_i` of
/// important rows (a row's slope is `max(s, σ_i)`), temperature τ. At τ the encoder is
/// `Q_ij ∝ exp((log q_j − s_i d_ij)/τ)`: the row kernel with `log w = log q / τ`, `t_i = s_i/τ`.
struct Annealer {
    /// Atom coordinates (n × k), masses, and each row's tolerance (`+∞` if none).
    let atoms: [Double]
    let masses: [Double]
    let tolerances: [Double]
    let dimension: Int
    let target: Double

    /// The codebook (m × k) and its output law.
    var codebook: [Double]
    var q: [Double]
    /// s, and σ_i per row (0 for rows without a tolerance).
    var slope: Double = 1
    var ownSlopes: [Double]
    /// The kernel of the current codebook.
    var kernel: RowKernel

    init(
        atoms: [Double], masses: [Double], tolerances: [Double], dimension: Int, target: Double,
        codebook: [Double], law: [Double]? = nil
    ) {
        self.atoms = atoms
        self.masses = masses
        self.tolerances = tolerances
        self.dimension = dimension
        self.target = target
        let m = codebook.count / dimension
        (self.codebook, q) = Self.ordered(
            codebook, q: law ?? [Double](repeating: 1 / Double(m), count: m), dimension: dimension)
        ownSlopes = [Double](repeating: 0, count: masses.count)
        kernel = Self.makeKernel(atoms: atoms, codebook: self.codebook, dimension: dimension)
    }

    /// A scalar codebook in increasing order (with its law): the order in which the kernel can
    /// skip the codewords far from each atom (`RowKernel+Window.swift`). Vectors keep theirs.
    static func ordered(_ codebook: [Double], q: [Double], dimension: Int) -> (
        codebook: [Double], q: [Double]
    ) {
        guard dimension == 1 else { return (codebook, q) }
        let order = codebook.indices.sorted { codebook[$0] < codebook[$1] }
        return (order.map { codebook[$0] }, order.map { q[$0] })
    }

    static func makeKernel(atoms: [Double], codebook: [Double], dimension: Int) -> RowKernel {
        // Coordinates are finite by construction (validated samples and their means).
        let source: PointSet
        let words: PointSet
        do {
            source = try PointSet(dimension: dimension, coordinates: atoms)
            words = try PointSet(dimension: dimension, coordinates: codebook)
        } catch {
            preconditionFailure("the annealer's atoms or codebook are not a point set: \(error)")
        }
        return RowKernel(
            field: DistortionField(measure: .squaredError, source: source, codebook: words))
    }

    var codewordCount: Int { q.count }
    var rows: Int { masses.count }

    mutating func setCodebook(_ newCodebook: [Double], q newQ: [Double]) {
        (codebook, q) = Self.ordered(newCodebook, q: newQ, dimension: dimension)
        kernel = Self.makeKernel(atoms: atoms, codebook: codebook, dimension: dimension)
    }

    /// The statistics of one converged iterate.
    struct Statistics {
        var outputEntropy = 0.0  // nats
        var conditionalEntropy = 0.0  // nats
        var distortion = 0.0
        var objective: Double { 0 }
    }

    /// One iteration at temperature τ: slopes for the bounds, the encoder, the new output law,
    /// the soft centroids. Returns `F_τ` (nats) and the statistics; updates q and the codebook.
    mutating func iterate(temperature tau: Double, refine: Bool) -> (
        objective: Double, statistics: Statistics
    ) {
        let n = rows
        let m = codewordCount
        let k = dimension
        let logW = q.map { $0 > 0 ? log($0) / tau : -Double.infinity }
        solveOwnSlopes(logWeights: logW, temperature: tau)
        // With refinement the pass also sums Σ_i p_i x_ic P_ij for each coordinate c, the soft
        // centroids' numerators. The slope search's last pass is the iteration's own.
        let weighted =
            refine
            ? (0..<k).map { c in (0..<n).map { i in masses[i] * atoms[i * k + c] } } : []
        let (distortion, pass) = solveSlope(
            logWeights: logW, temperature: tau, extraRowWeights: weighted)
        let newQ = pass.columnMass
        let statistics = self.statistics(
            of: pass, logWeights: logW, distortion: distortion, temperature: tau)
        if refine {
            var moved = codebook
            for c in 0..<k {
                let sums = pass.extraColumnMasses[c]
                for j in 0..<m where newQ[j] > 1e-300 {
                    let y = sums[j] / newQ[j]
                    if y.isFinite { moved[j * k + c] = y }
                }
            }
            refineCodebook(to: moved, q: newQ)
        } else {
            q = newQ
        }
        return (statistics.outputEntropy - tau * statistics.conditionalEntropy, statistics)
    }

    /// The statistics of the encoder of a pass at the current slopes (`logWeights`: log q / τ).
    func statistics(
        of pass: RowKernel.Pass, logWeights logW: [Double], distortion: Double,
        temperature tau: Double
    ) -> Statistics {
        let slopes = rowSlopes(temperature: tau)
        let newQ = pass.columnMass
        // H(Y|X) = Σ_i p_i (log Z̃_i + t_i E[d − dmin]) − Σ_j q'_j log w_j.
        var conditional = 0.0
        for i in 0..<rows {
            conditional += masses[i] * (pass.logPartition[i] + slopes[i] * pass.meanExcess[i])
        }
        for j in 0..<codewordCount where newQ[j] > 0 { conditional -= newQ[j] * logW[j] }
        var output = 0.0
        for j in 0..<codewordCount where newQ[j] > 0 { output -= newQ[j] * log(newQ[j]) }
        return Statistics(
            outputEntropy: output, conditionalEntropy: max(0, conditional), distortion: distortion)
    }

    /// Moves the codewords to their soft centroids, except those whose move would leave an
    /// important row with no codeword within its tolerance: the codewords that served such a
    /// row before the move stay where they were (repeated until every row served before is
    /// served after).
    /// - Returns: the codewords (indices before the move) kept where they were although
    ///   `moved` moved them; all of them if no partial move keeps every row served.
    @discardableResult
    mutating func refineCodebook(to moved: [Double], q newQ: [Double]) -> Set<Int> {
        let k = dimension
        let previous = codebook
        let infeasible = infeasibleRows()
        var target = moved
        var kept = Set<Int>()
        for _ in 0..<8 {
            setCodebook(target, q: newQ)
            let broken = infeasibleRows().subtracting(infeasible)
            guard !broken.isEmpty else { return kept }
            var reverted = false
            for i in broken {
                for j in 0..<codewordCount {
                    var d = 0.0
                    for c in 0..<k {
                        let e = atoms[i * k + c] - previous[j * k + c]
                        d += e * e
                    }
                    guard d / Double(k) <= tolerances[i] else { continue }
                    for c in 0..<k where target[j * k + c] != previous[j * k + c] {
                        target[j * k + c] = previous[j * k + c]
                        kept.insert(j)
                        reverted = true
                    }
                }
            }
            if !reverted { break }
        }
        setCodebook(previous, q: newQ)
        return Set(0..<(previous.count / k))
    }

    /// The rows with a tolerance that no codeword meets (at the atom point).
    func infeasibleRows() -> Set<Int> {
        var rows = Set<Int>()
        for i in 0..<self.rows where tolerances[i].isFinite && kernel.rowMinima[i] > tolerances[i] {
            rows.insert(i)
        }
        return rows
    }

    func rowSlopes(temperature tau: Double) -> [Double] {
        (0..<rows).map { max(slope, ownSlopes[$0]) / tau }
    }
}
