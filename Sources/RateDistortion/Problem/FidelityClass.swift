/// Whether a fidelity tolerance binds each member or the class on average.
public enum FidelitySemantics: String, Sendable, Equatable, CaseIterable {
    /// `Σ_j Q_ij d_ij ≤ D_i` for every member i.
    case perElement = "per-element"
    /// `Σ_{i∈S} p_i Σ_j Q_ij d_ij ≤ P_S · D_S` with `P_S = Σ_{i∈S} p_i`.
    case classAverage = "class-average"
}

/// A named set of source points with a tighter distortion tolerance (docs/mathematics.md).
public struct FidelityClass: Sendable, Equatable {
    /// A name used in reports.
    public var name: String
    /// Indices into the source points, sorted and without repeats.
    public var members: [Int]
    /// The tolerance D_i (per element) or D_k (class average).
    public var tolerance: Double
    /// Per-element or class-average semantics.
    public var semantics: FidelitySemantics

    /// Creates a fidelity class; members are sorted and deduplicated.
    public init(
        name: String, members: [Int], tolerance: Double, semantics: FidelitySemantics = .perElement
    ) {
        self.name = name
        self.members = Array(Set(members)).sorted()
        self.tolerance = tolerance
        self.semantics = semantics
    }
}

/// The average-distortion side of the program: a bound D, or a fixed slope s.
public enum DistortionConstraint: Sendable, Equatable {
    /// `Σ_i p_i Σ_j Q_ij d_ij ≤ D`; the solver finds the slope.
    case targetDistortion(Double)
    /// Parametric mode: minimise `I + s · E[d]` for a fixed `s ≥ 0`.
    case slope(Double)
}
