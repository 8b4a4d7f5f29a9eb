/// Whether the certified gap reached the tolerance.
public enum SolutionStatus: String, Sendable, Equatable {
    /// `gap ≤ gapTolerance`.
    case optimal
    /// The iteration limit came first; the lower bound is still valid.
    case gapNotReached = "gap-not-reached"
}

/// The solution of one fidelity class: its dual prices and how close its rows come to the bound.
public struct FidelityClassReport: Sendable, Equatable {
    /// The class name.
    public var name: String
    /// Per-element or class-average.
    public var semantics: FidelitySemantics
    /// The member indices (sorted).
    public var members: [Int]
    /// Per element: `μ_i` for each member, in nats per unit of distortion (`+∞` for a member
    /// at its hard-assignment limit). Class average: one price ν.
    public var prices: [Double]
    /// The largest row distortion among the members.
    public var maxRowDistortion: Double
    /// The class's average distortion `Σ p_i D_i / Σ p_i` over its members.
    public var averageDistortion: Double
    /// The price of the class's tolerance: the rate saved per unit by which its tolerance is
    /// relaxed, in nats per unit of distortion (`Σ_i μ_i` per element, `ν · P_k` for a class
    /// average of mass `P_k`; `+∞` when a member sits at its hard-assignment limit).
    public var tolerancePrice: Double
}

/// The certified solution of a ``Problem``.
public struct Solution: Sendable {
    /// Optimal (gap within tolerance) or not.
    public var status: SolutionStatus
    /// `I(X;Y)` of the returned (feasible) encoder, in nats: an upper bound on the optimum.
    public var rateNats: Double
    /// The certified lower bound on the optimum, in nats.
    public var lowerBoundNats: Double
    /// The average distortion of the encoder.
    public var distortion: Double
    /// The average-distortion slope s = −R′(D) (`+∞` at the hard-assignment limit).
    public var slope: Double
    /// The output law q of the encoder.
    public var outputProbabilities: [Double]
    /// Per fidelity class, in the problem's order.
    public var fidelity: [FidelityClassReport]
    /// Every row's slope s_i (the encoder is `Q_ij ∝ q_j exp(−s_i d_ij)`).
    public var rowSlopes: [Double]
    /// Every row's distortion `Σ_j Q_ij d_ij`.
    public var rowDistortions: [Double]
    /// Blahut–Arimoto passes spent.
    public var iterations: Int
    /// Wall-clock seconds.
    public var seconds: Double
    /// The certificate that re-proves the lower bound.
    public var certificate: Certificate
    /// The solver's final iterate, to warm-start a neighbouring problem.
    let state: SolverState

    /// `rateNats − lowerBoundNats` (never negative).
    public var gapNats: Double { max(0, rateNats - lowerBoundNats) }
    /// The rate in bits.
    public var rateBits: Double { rateNats / Double.ln2 }
    /// The lower bound in bits.
    public var lowerBoundBits: Double { lowerBoundNats / Double.ln2 }
}

extension Double {
    /// `log 2`, for converting nats to bits.
    public static let ln2 = 0.693_147_180_559_945_309_417_232_121_458
}
