/// When the solver stops.
public struct SolverCriteria: Sendable, Equatable {
    /// Stop once the certified gap `I(Q) − LB` is at most this many nats (default 1e-9).
    public var gapTolerance: Double
    /// The most Blahut–Arimoto passes spent before the solver reports "gap-not-reached".
    public var maxIterations: Int

    /// Creates criteria; the defaults certify to 1e-9 nats.
    public init(gapTolerance: Double = 1e-9, maxIterations: Int = 20_000) {
        self.gapTolerance = gapTolerance
        self.maxIterations = maxIterations
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
    /// "blahut-arimoto", "newton" or "certify".
    public var phase: String
}
