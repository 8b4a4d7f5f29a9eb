#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Newton's method on the optimality system of the program, restricted to an active set
/// (docs/mathematics.md, “Convergence: plain BA is not enough”).
///
/// Unknowns: `u_l = log q_l` for the live codewords T, the average slope s (when the average
/// bound binds), the class prices ν_k (binding classes) and the row slopes β_i (binding rows B).
/// Equations: `q'_l = q_l` on T (equivalently `c_l = 1`), average distortion = D, class
/// averages = their bounds, row distortion = D_i on B. The β_i enter only their own row and
/// are eliminated row by row, so the dense system has `|T| + 1 + #classes` unknowns; before
/// every evaluation each row with its own tolerance then gets the slope that meets it exactly on
/// the current law (``fitOwnSlopes(_:excess:)``), which also decides whether it binds.
/// A codeword whose full step would make its mass non-positive leaves T; once the restricted
/// system is solved, one kernel pass of the certificate finds codewords with `c_j > 1`, which
/// join T. Every slope leaves its binding set when its step crosses its base value.
///
/// - Complexity: O(n·|T|² + |T|³) per Newton step (the kernel is not used), one O(n·m) pass
///   per change of the active set.
struct ActiveSetNewton {
    let kernel: RowKernel
    let layout: ProgramLayout
    let gapTolerance: Double
    /// Codeword order along the line for scalar codebooks (nil otherwise).
    let scalarOrder: [Int]?
    /// When the method must stop (nil: no limit); it then returns nil, leaving its last
    /// feasible iterate in the state.
    var deadline: ContinuousClock.Instant?
    /// Whether rows on a line visit only their window of T (``RestrictedLine``); off, every
    /// row visits all of T (the reference the windows are tested against).
    var usesWindows = true
    /// Whether codewords next to T are priced between certificate passes whatever the
    /// program's size (``pricesLocally``); for tests.
    var forcesLocalPricing = false

    /// Whether the deadline has passed.
    var isOutOfTime: Bool {
        guard let deadline else { return false }
        return ContinuousClock.now >= deadline
    }

    init(kernel: RowKernel, layout: ProgramLayout, gapTolerance: Double) {
        self.kernel = kernel
        self.layout = layout
        self.gapTolerance = gapTolerance
        scalarOrder = kernel.field.scalarCodebookOrder
    }
    /// Codewords allowed in T before the method declines (the dense system would be too large):
    /// on a scalar codebook a support is a set of separated peaks and a T beyond this means the
    /// state has not settled; without that geometry (Hamming, a matrix) the optimum's support can
    /// be most of the codebook (a Zipf law over 1,000 symbols under Hamming distortion keeps
    /// 640), and the plain passes it would otherwise fall back on converge sublinearly.
    var maximumActive: Int { scalarOrder != nil ? 1_600 : 1_200 }
    /// Active-set rounds before the method declines; each costs one certificate evaluation.
    static let maximumRounds = 40
    /// Rounds allowed in all while the certified gap keeps falling (``RoundProgress``).
    static let extendedRounds = 240
    /// Rounds past ``maximumRounds`` without halving the best gap after which the method declines.
    static let roundsWithoutProgress = 20

    /// Whether the rounds still make progress: the best gap of a feasible restricted solution,
    /// and the last round whose gap was under half the gap at the round before that did so. Past ``maximumRounds`` the method goes on while it
    /// halves within ``roundsWithoutProgress`` rounds (up to ``extendedRounds``): where the
    /// certificate walks the optimum's peaks one codeword per round, a fine grid can need more
    /// than 40, and declining then cost thousands of Blahut–Arimoto passes instead (the 2048-point
    /// Gaussian grid with a tail class, its Newton systems summed on one core instead of two:
    /// 40 rounds brought the gap to 8e-7, the fallback took 55 s and did not close it).
    struct RoundProgress {
        /// The best gap so far.
        private(set) var bestGap = Double.infinity
        /// The round whose gap was below half the gap of the one before it that did the same.
        private(set) var halvedAt = 0
        /// The gap at ``halvedAt``.
        private var reference = Double.infinity

        mutating func record(gap: Double, round: Int) {
            if gap < reference / 2 {
                halvedAt = round
                reference = gap
            }
            bestGap = min(bestGap, gap)
        }

        func allows(round: Int) -> Bool {
            round < ActiveSetNewton.maximumRounds
                || (round < ActiveSetNewton.extendedRounds
                    && round - halvedAt < ActiveSetNewton.roundsWithoutProgress)
        }
    }
    /// Consecutive failed rounds without a lower residual before the method declines.
    static let maximumStalledRounds = 3
    /// The squared residual at which a restricted system counts as solved (rounding level).
    static let residualTolerance = 1e-28
    /// A codeword entering T starts with this fraction of the smallest mass in T.
    static let enteringFraction = 1e-3
    /// How far a round solves its restricted system, and the relative excesses that then count:
    /// of a codeword's `c_j` over 1 (it joins T) and of a row, class or average over its bound
    /// (it starts binding). A rough solve's residual is about 1e-10, so that anything below
    /// about 1e-9 could be its rounding; a polished one's is at rounding level.
    struct Precision {
        var residual: Double
        var slack: Double

        static let polished = Precision(residual: residualTolerance, slack: 1e-13)
        static let rough = Precision(residual: 1e-20, slack: 1e-8)
    }
    /// Relative slack within which a bound counts as met by the restricted solution.
    static let feasibilitySlack = 1e-12

    /// Counts consecutive failed restricted solves whose final residual did not fall by 1 %.
    struct StallCounter {
        private var best = Double.infinity
        private var count = 0

        /// Records a failed solve; true when the method should give up.
        mutating func recordFailure(merit: Double) -> Bool {
            if merit < 0.99 * best {
                best = merit
                count = 0
            } else {
                count += 1
            }
            return count >= ActiveSetNewton.maximumStalledRounds
        }
    }

    enum RowKind { case free, binding, hard }

    /// The restricted state.
    struct Iterate {
        var active: [Int]
        var q: [Double]  // masses on `active`
        var s: Double
        var averageBinds: Bool
        var nu: [Double]
        var classBinds: [Bool]
        var beta: [Double]  // all rows; meaningful for binding rows
        var rowBinds: [Bool]
    }

    /// Row-wise quantities on the active set.
    struct Evaluation {
        var probabilities: [Double]  // n × r, P_il; meaningful on `spans` only
        /// Each row's span of T positions outside which its P_il are negligible (and unset).
        var spans: [Range<Int>]
        var mean: [Double]  // excess distortion
        var variance: [Double]
        var logPartition: [Double]
        var slopes: [Double]
        var outputMass: [Double]  // r
        var residual: [Double]  // F (r) then G, L_k (active), then H_i (binding rows)
        var merit: Double
    }

    /// Runs the method from `state`; on success `state` holds the solution and the returned
    /// evaluation certifies it to `gapTolerance`.
    /// - Returns: the certified evaluation, or nil if the method could not close the gap.
    /// - Parameter active: the initial T; by default derived from `state.q`.
    func run(from state: inout SolverState, active: [Int]? = nil)
        -> BoundEvaluation?
    {
        guard var iterate = initialIterate(from: state) else { return nil }
        if var active {
            // A start larger than the dense system allows keeps its heaviest codewords.
            if active.count > maximumActive {
                active = Array(
                    active.sorted { state.q[$0] > state.q[$1] }.prefix(maximumActive)
                ).sorted()
            }
            let total = active.reduce(0) { $0 + state.q[$1] }
            guard total > 0 else { return nil }
            iterate.active = active
            iterate.q = active.map { state.q[$0] / total }
        }
        sortAlongLine(&iterate)
        var excess = excessDistortions(for: iterate.active)
        // Rounds solve to ``Precision/rough`` until the certificate finds no codeword to admit
        // at that precision; the last rounds polish to rounding level. A round's last Newton
        // step, from a squared residual near 1e-22 to 1e-29, changes nothing the certificate
        // would admit: on the 256-point Gaussian grid with a tail class the three levels took
        // 142 Newton systems with every round polished, 107 without (with ``growStarved``).
        var polishing = false
        var stalled = StallCounter()
        // Active-set rounds: each costs one certificate evaluation (two passes). Codewords next
        // to T join between rounds without one (``nearbyEntering(_:excess:excessAbove:)``).
        var rounds = 0
        var localRounds = 0
        var progress = RoundProgress()
        while progress.allows(round: rounds) {
            // Every row with its own tolerance needs a codeword of T within it, or the restricted
            // problem has no solution: add the row's nearest codeword where none is.
            let missing = codewordsForUnreachableRows(excess: excess)
            if !missing.isEmpty { admit(missing, to: &iterate, excess: &excess) }
            let precision = polishing ? Precision.polished : Precision.rough
            let solved = solveRestricted(
                &iterate, excess: &excess, tolerance: precision.residual)
            if solved && adjustBindingSets(&iterate, excess: excess, slack: precision.slack) {
                rounds += 1
                continue
            }
            if solved, pricesLocally, localRounds < Self.maximumLocalRounds {
                let near = nearbyEntering(iterate, excess: excess, excessAbove: precision.slack)
                if !near.isEmpty {
                    localRounds += 1
                    admit(near, to: &iterate, excess: &excess)
                    continue
                }
            }
            rounds += 1
            // A restricted system that stays unsolvable round after round (codewords leaving T
            // and the certificate sending them back) will not be solved by more rounds.
            if !solved && stalled.recordFailure(merit: evaluate(iterate, excess: excess).merit) {
                return nil
            }
            let candidate = SolverState(q: fullLaw(iterate), multipliers: multipliers(iterate))
            let evaluation = BoundEvaluation(
                kernel: kernel, layout: layout, q: candidate.q,
                multipliers: candidate.multipliers, referenceDistortion: layout.target)
            if solved && isFeasible(evaluation) {
                state = candidate
                if evaluation.rate - evaluation.lowerBound <= gapTolerance { return evaluation }
                progress.record(gap: evaluation.rate - evaluation.lowerBound, round: rounds)
            }
            // Codewords the certificate says should carry mass join T (also after a failed
            // solve: a restricted problem without them may have no solution).
            // The most violated first, as many as T has room for.
            let c = evaluation.columnBound
            let entering = enteringCodewords(
                c, active: iterate.active, excessAbove: precision.slack
            )
            .sorted { c[$0] > c[$1] }.prefix(max(0, maximumActive - iterate.active.count))
            if entering.isEmpty {
                if polishing { return nil }
                polishing = true
                continue
            }
            admit(entering, to: &iterate, excess: &excess)
        }
        return nil
    }

    /// Adds `codewords` to T, each with a small share of the law (a fraction of T's smallest),
    /// keeps T ordered along the line, and recomputes the rows' excess distortions over it.
    func admit(
        _ codewords: some Sequence<Int>, to iterate: inout Iterate, excess: inout ExcessTable
    ) {
        let smallest = iterate.q.min() ?? 1
        for j in codewords {
            iterate.active.append(j)
            iterate.q.append(smallest * Self.enteringFraction)
        }
        sortAlongLine(&iterate)
        excess = excessDistortions(for: iterate.active)
    }

    // MARK: - Setting up

    /// For each row with its own tolerance that no codeword of T meets, its nearest codeword.
    /// - Complexity: O(n·log |T|) on a sorted line (O(n·|T|) otherwise) plus O(m) per such row.
    private func codewordsForUnreachableRows(excess: ExcessTable) -> [Int] {
        var result = Set<Int>()
        for i in 0..<layout.rows where layout.rowTolerance[i].isFinite {
            let slack = layout.rowTolerance[i] - layout.rowMinima[i]
            if !excess.positions(ofRow: i, within: slack, limit: 1).isEmpty { continue }
            var best = 0
            var bestValue = Double.infinity
            for j in 0..<layout.columns {
                let value = kernel.field.value(row: i, column: j)
                if value < bestValue {
                    bestValue = value
                    best = j
                }
            }
            result.insert(best)
        }
        return result.sorted()
    }

    /// The number of local maxima of q along the line (nil for codebooks that are not scalar):
    /// the solver waits for this count to settle before starting Newton.
    func peakCount(_ q: [Double]) -> Int? {
        guard let order = scalarOrder, let largest = q.max() else { return nil }
        var count = 0
        for position in order.indices {
            let value = q[order[position]]
            let left = position > 0 ? q[order[position - 1]] : -.infinity
            let right = position + 1 < order.count ? q[order[position + 1]] : -.infinity
            if value >= 1e-12 * largest && value >= left && value > right { count += 1 }
        }
        return count
    }

    /// Codewords with `c_j > 1` outside T. On a scalar codebook: the local maximum of every
    /// run of consecutive codewords with `c_j > 1` along the line (its neighbours too entered
    /// with it once, since the optimum often splits a peak's mass between adjacent codewords;
    /// most of them left again one Newton step each, and the README's speech designs with a
    /// tail class spent 10–35 % less in the relaxation without them); otherwise the largest few.
    private func enteringCodewords(_ c: [Double], active: [Int], excessAbove excess: Double)
        -> [Int]
    {
        let members = Set(active)
        let threshold = 1 + excess
        if let order = scalarOrder {
            var result: [Int] = []
            for (position, j) in order.enumerated() where !members.contains(j) && c[j] > threshold {
                let left = position > 0 ? c[order[position - 1]] : -.infinity
                let right = position + 1 < order.count ? c[order[position + 1]] : -.infinity
                if c[j] >= left && c[j] >= right { result.append(j) }
            }
            return result.sorted()
        }
        return Array(
            c.indices.filter { !members.contains($0) && c[$0] > threshold }
                .sorted { c[$0] > c[$1] }.prefix(max(4, active.count / 2)))
    }

    /// T from the iterate's output law: on a scalar codebook its local maxima along the line,
    /// otherwise the codewords of non-negligible mass; at most `maximumActive`.
    private func initialIterate(from state: SolverState) -> Iterate? {
        let q = state.q
        guard let largest = q.max(), largest > 0 else { return nil }
        var active = q.indices.filter { q[$0] >= 1e-9 * largest }
        if let order = scalarOrder, layout.columns > Solver.directSolveLimit {
            active = order.indices.filter { position in
                let j = order[position]
                let left = position > 0 ? q[order[position - 1]] : -.infinity
                let right = position + 1 < order.count ? q[order[position + 1]] : -.infinity
                return q[j] >= 1e-12 * largest && q[j] >= left && q[j] > right
            }.map { order[$0] }.sorted()
        }
        if active.count > maximumActive {
            active = Array(active.sorted { q[$0] > q[$1] }.prefix(maximumActive)).sorted()
        }
        let m = state.multipliers
        var rowBinds = [Bool](repeating: false, count: layout.rows)
        for i in 0..<layout.rows where layout.hasOwnSlope(i) {
            rowBinds[i] = m.beta[i] > m.baseSlope(i, layout)
        }
        let total = active.reduce(0) { $0 + q[$1] }
        return Iterate(
            active: active, q: active.map { q[$0] / total },
            s: m.s, averageBinds: layout.target != nil && m.s > 0,
            nu: m.nu, classBinds: m.nu.map { $0 > 0 },
            beta: m.beta, rowBinds: rowBinds)
    }

    /// `d_il − dmin_i` for the active codewords.
    private func excessDistortions(for active: [Int]) -> ExcessTable {
        ExcessTable(field: kernel.field, minima: layout.rowMinima, active: active)
    }

    func fullLaw(_ iterate: Iterate) -> [Double] {
        var q = [Double](repeating: 0, count: layout.columns)
        let total = iterate.q.reduce(0, +)
        for (l, j) in iterate.active.enumerated() { q[j] = iterate.q[l] / total }
        return q
    }

    func multipliers(_ iterate: Iterate) -> Multipliers {
        var beta = iterate.beta
        let base = Multipliers(s: iterate.s, beta: beta, nu: iterate.nu)
        for i in 0..<layout.rows where layout.hasOwnSlope(i) && !iterate.rowBinds[i] {
            beta[i] = min(beta[i], base.baseSlope(i, layout))
        }
        return Multipliers(s: iterate.s, beta: beta, nu: iterate.nu)
    }

    func rowKind(_ i: Int, _ iterate: Iterate) -> RowKind {
        if layout.isHardRow[i] { return .hard }
        return iterate.rowBinds[i] ? .binding : .free
    }

    private func isFeasible(_ evaluation: BoundEvaluation) -> Bool {
        let slack = Self.feasibilitySlack
        if let target = layout.target, evaluation.distortion > target * (1 + slack) { return false }
        for i in 0..<layout.rows where layout.rowTolerance[i].isFinite {
            if evaluation.rowDistortion[i] > layout.rowTolerance[i] * (1 + slack) + 1e-300 {
                return false
            }
        }
        for (k, fidelityClass) in layout.classes.enumerated()
        where evaluation.classDistortion[k] > fidelityClass.tolerance * (1 + slack) {
            return false
        }
        return true
    }

    /// After the restricted system is solved: rows, classes and the average bound that are
    /// violated start binding. Returns whether anything changed.
    private func adjustBindingSets(
        _ iterate: inout Iterate, excess: ExcessTable, slack: Double
    ) -> Bool {
        let evaluation = evaluate(iterate, excess: excess)
        var changed = false
        var average = 0.0
        var classSum = [Double](repeating: 0, count: layout.classes.count)
        for i in 0..<layout.rows {
            let distortion = layout.rowMinima[i] + evaluation.mean[i]
            average += layout.p[i] * distortion
            for k in layout.rowClasses[i] { classSum[k] += layout.p[i] * distortion }
            if layout.hasOwnSlope(i), !iterate.rowBinds[i],
                distortion > layout.rowTolerance[i] * (1 + slack)
            {
                iterate.rowBinds[i] = true
                iterate.beta[i] = evaluation.slopes[i]
                changed = true
            }
        }
        for (k, fidelityClass) in layout.classes.enumerated()
        where !iterate.classBinds[k]
            && classSum[k] / fidelityClass.mass > fidelityClass.tolerance * (1 + slack)
        {
            iterate.classBinds[k] = true
            changed = true
        }
        if let target = layout.target, !iterate.averageBinds, average > target * (1 + slack) {
            iterate.averageBinds = true
            changed = true
        }
        return changed
    }
}
