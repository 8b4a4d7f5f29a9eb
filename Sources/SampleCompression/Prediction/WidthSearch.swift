/// The search for the factor by which a design's quantiser is widened or narrowed
/// (``ResidualQuantizer/scaled(by:)``) so that the calibration chunks' mean squared error lands
/// within ``band`` of the target (``PredictivePlan/calibratedWidth(_:chunks:input:chunkSize:)``).
///
/// The next factor is the square law's guess, `factor · √(aim / ratio)` (a quantiser's error
/// grows about as its width squared), while it falls inside the bracket of the widest factor
/// whose error was at most the band's top and the narrowest whose error was above it, and
/// their geometric mean otherwise: in a closed loop the error need not follow the width
/// smoothly (a repeated value is reconstructed at a distance from the loop's lattice that the
/// width decides).
struct WidthSearch {
    /// The calibration error, as a share of the target, that ends the search: the whole data
    /// errs a few per cent away from its calibration chunks (10^7 values of speech at var/1000:
    /// 0.996 of the target there, 1.009 over the whole; a random walk 6–9 % above them, tones 2–5 %
    /// below), and a whole coding above the target is coded again, narrowed, one below 0.95 of
    /// it widened.
    static let band = 0.96...0.985
    /// The share of the target the square law aims at.
    static let aim = 0.975
    /// Calibrations after the first, at most.
    static let maximumSteps = 4
    /// How far inside the bracket (relative) a guess must fall to be taken.
    static let bracketMargin = 1.001

    /// The widest factor whose error met the band's top, and the narrowest whose error did
    /// not.
    private(set) var met: Double?
    private(set) var missed: Double?

    /// Records the calibration error `ratio` (as a share of the target) of the quantiser
    /// scaled by `factor`; returns the factor to try next, or nil when `ratio` is within the
    /// band (or is not a positive finite number, which no width can correct).
    mutating func next(after factor: Double, ratio: Double) -> Double? {
        guard ratio > 0, ratio.isFinite, !Self.band.contains(ratio) else { return nil }
        if ratio <= Self.band.upperBound {
            met = max(met ?? 0, factor)
        } else {
            missed = min(missed ?? .infinity, factor)
        }
        let guess = factor * (Self.aim / ratio).squareRoot()
        guard let low = met, let high = missed else { return guess }
        let inside = guess > low * Self.bracketMargin && guess < high / Self.bracketMargin
        return inside ? guess : (low * high).squareRoot()
    }
}
