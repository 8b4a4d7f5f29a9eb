/// When the solver stops.
public struct SolverCriteria: Sendable, Equatable {
    /// Stop once the certified gap `I(Q) − LB` is at most this many nats (default 1e-9).
    public var gapTolerance: Double
    /// The most Blahut–Arimoto passes spent before the solver reports "gap-not-reached".
    public var maxIterations: Int
    /// Wall-clock seconds after which the solver stops and reports "gap-not-reached" with the
    /// best bound it has certified (nil: no limit). The bound is valid whenever it stops.
    public var timeLimit: Double?

    /// Creates criteria; the defaults certify to 1e-9 nats, with no time limit.
    public init(gapTolerance: Double = 1e-9, maxIterations: Int = 20_000, timeLimit: Double? = nil)
    {
        self.gapTolerance = gapTolerance
        self.maxIterations = maxIterations
        self.timeLimit = timeLimit
    }
}

/// What the solver reports while it works (for a progress line; never needed for results).
public struct SolverProgress: Sendable {
    /// Blahut–Arimoto passes so far.
    public var iterations: Int
    /// The best certified lower bound so far, in nats (`-infinity` before the first).
    public var lowerBound: Double
    /// The rate of the current encoder, in nats.
    public var rate: Double
    /// The step the solver is taking.
    public var phase: SolverPhase
}

/// The steps of a solve (docs/mathematics.md): passes that locate the support of the output
/// law, then Newton's method on the optimality system restricted to it.
public enum SolverPhase: String, Sendable, CustomStringConvertible {
    /// Constrained Blahut–Arimoto passes.
    case blahutArimoto = "blahut-arimoto"
    /// The active-set Newton method.
    case newton

    public var description: String { rawValue }
}
