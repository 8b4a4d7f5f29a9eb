/// The iterations of one annealing stage so far, and whether the stage has settled.
///
/// With the slopes re-fitted to the bounds at every iteration, F_τ need not fall monotonically
/// (it settles into a small oscillation when tolerances bind), so a stage ends when its best
/// F_τ has not improved by the stage tolerance for a few iterations.
struct StageProgress {
    /// The relative improvement of the best F_τ that counts as progress.
    let tolerance: Double
    /// Iterations without progress that end the stage.
    let stalledLimit: Int
    private(set) var iterations = 0
    /// F_τ at the last recorded iterate, and its statistics.
    private(set) var objective = Double.infinity
    private(set) var statistics = Annealer.Statistics()
    private var best = Double.infinity
    private var stale = 0
    /// The best F_τ after each of the last `stalledLimit + 1` recorded iterations.
    private var recentBest: [Double] = []

    init(tolerance: Double, stalledLimit: Int) {
        self.tolerance = tolerance
        self.stalledLimit = stalledLimit
    }

    var hasSettled: Bool { stale >= stalledLimit }

    /// How fast the best F_τ was still falling at the end: its relative decrease per iteration
    /// over the last `stalledLimit` recorded iterations (below ``tolerance`` once settled; 0
    /// before there are that many).
    var recentRelativeFall: Double {
        guard recentBest.count > stalledLimit, let first = recentBest.first,
            let last = recentBest.last, first.isFinite, last.isFinite
        else { return 0 }
        return max(0, first - last) / Double(stalledLimit) / max(1, abs(last))
    }

    /// Counts an iteration whose result was not kept (a rejected squared step).
    mutating func countDiscarded() { iterations += 1 }

    /// Counts the slope fits of a damped Newton step (each costs about an iteration).
    mutating func countSlopeFits(_ fits: Int) { iterations += fits }

    /// Counts an iteration and its F_τ.
    mutating func record(_ value: Double, _ statistics: Annealer.Statistics) {
        iterations += 1
        self.statistics = statistics
        objective = value
        if value < best - tolerance * max(1, abs(value)) {
            best = value
            stale = 0
        } else {
            best = min(best, value)
            stale += 1
        }
        recentBest.append(best)
        if recentBest.count > stalledLimit + 1 { recentBest.removeFirst() }
    }
}
