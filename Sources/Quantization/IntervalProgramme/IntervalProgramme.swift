/// The exact scalar design stage: the best entropy-coded scalar quantiser with interval cells
/// over the samples' distinct values, under a mean-squared-error target and a per-sample
/// tolerance `D'` on important samples.
///
/// With squared error and each codeword at its cell's (constrained) centroid, a quantiser is a
/// partition of the sorted distinct values into runs. A run is admissible when one codeword is
/// within `√D'` of all its important values (the intersection of `[x − √D', x + √D']` over
/// them is not empty; the codeword is the point of it nearest the centroid). For a Lagrange
/// multiplier λ the dynamic programme `LagrangianRecursion` finds
/// `V(λ) = min D + λ·H(Y)` over all admissible partitions in about O(K·w), K candidate cut
/// positions and w the bins one cell spans (pruned exactly, never quadratic in the samples).
///
/// **Search.** λ is bracketed and bisected for the best *single* quantiser with `D ≤` target
/// (no time-sharing of two quantisers); each candidate's cuts are then polished on the exact
/// values (each cut moved to its best position between its neighbours, a constrained
/// entropy-coded Lloyd step on the boundaries, with the codewords at their constrained
/// centroids). See `design(for:targetDistortion:importantTolerance:)`.
///
/// **Candidate cuts.** With many distinct values (continuous data) the cuts are restricted to
/// bins of width `δ = √(12 D) / binsPerStep` (the high-rate step over ``binsPerStep``); with
/// few (integer data such as recorded audio) every value is its own bin and the programme is
/// exact. A restricted cut is off its best position by less than δ, which costs about
/// `δ²/4` of distortion per unit density (second order); the polish removes most of that.
///
/// **Certificate.** For every λ and every interval quantiser meeting the tolerances with
/// distortion at most D, `D + λ H ≥ V(λ)`, so `H ≥ (V(λ) − D)/λ`. With restricted cuts `V`
/// is replaced by the optimum of `RelaxedCellModel`, a lower bound on `V(λ)` over cuts
/// anywhere, less an allowance for rounding; the result is a certified lower bound on the
/// entropy of every interval quantiser of these samples that meets the bounds.
///
/// References: P. A. Chou, T. Lookabaugh, R. M. Gray, "Entropy-constrained vector
/// quantization", IEEE Trans. ASSP 37 (1989) (the Lagrangian `D + λH` and ECSQ-Lloyd);
/// A. György, T. Linder, "On the structure of optimal entropy-constrained scalar quantizers",
/// IEEE Trans. IT 48 (2002) (interval cells suffice for squared error).
public struct IntervalProgramme: Sendable {
    /// Candidate cuts per high-rate quantiser step `√(12 D)` (default 128).
    public var binsPerStep: Double
    /// Distinct-value counts up to this are searched exactly, every value its own bin
    /// (default 1024).
    public var maximumExactValues: Int
    /// Important distinct values up to this many each get a bin of their own (default 100000):
    /// every gap next to one is a candidate cut, and the bound keeps their tolerances exactly.
    public var maximumIsolatedImportantValues: Int
    /// Bisection steps on λ after bracketing (default 40).
    public var searchSteps: Int
    /// The most sweeps of the cut polish per candidate (default 20).
    public var polishSweeps: Int
    /// Whether ``design(for:targetDistortion:importantTolerance:progress:)`` certifies its
    /// lower bound (default true). Off, the design's ``IntervalDesign/lowerBoundBits`` is 0 (the
    /// trivial bound) and seven relaxed programme solutions are saved: a caller that designs many
    /// candidates and keeps one certifies that one alone
    /// (``lowerBound(for:targetDistortion:importantTolerance:around:)``).
    public var certifiesBound = true

    /// Creates a programme with the defaults above.
    public init(
        binsPerStep: Double = 128, maximumExactValues: Int = 1024,
        maximumIsolatedImportantValues: Int = 100_000, searchSteps: Int = 40, polishSweeps: Int = 20
    ) {
        self.maximumIsolatedImportantValues = maximumIsolatedImportantValues
        self.binsPerStep = binsPerStep
        self.maximumExactValues = maximumExactValues
        self.searchSteps = searchSteps
        self.polishSweeps = polishSweeps
    }
}
