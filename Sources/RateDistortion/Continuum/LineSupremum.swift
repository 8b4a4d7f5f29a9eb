import ParallelLoops

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A certified upper bound on the supremum over every real y of
///
///     c(y) = Σ_i exp(L_i − t_i φ(|x_i − y|)),   φ(u) = u² (squared error) or u (absolute error),
///
/// the certificate's column sum extended from a codebook to the whole line
/// (docs/mathematics.md, “A bound over every reconstruction”).
///
/// Every term falls as y moves away from its x_i, so c(y) outside [min x, max x] is below its
/// value at the nearer end, and the supremum over ℝ is the one over that interval. Branch and
/// bound: the interval is cut at the given points, c is evaluated at every cut, and on each
/// piece I = [a, b] a rigorous bound `U(I)` is compared with the largest value seen; a piece
/// whose bound exceeds it by more than the tolerance is halved.
///
/// - Squared error: c is smooth, and a smooth function exceeds its chord on [a, b] by at most
///   `(b − a)²/8` times the largest concavity `−c''` on the piece. A term's concavity
///   `(2t − 4t²u²) e^{−tu²}` (u its distance to y) is positive only for `t u² < 1/2` and falls
///   with u there, so each term is bounded at its point's distance to the piece, and only points
///   within `√(1/(2t))` of it count: `U(I) = max(c(a), c(b)) + (b − a)²/8 · Σ ...`. The excess
///   shrinks with the square of the piece.
/// - Absolute error: each term has a peak at its point, but between consecutive points every
///   term is the exponential of a linear function, so c is convex there and its supremum on a
///   piece without a point inside is at an end. Every point is a cut; a piece that still holds
///   one (cuts are not points) gets the Lipschitz bound
///   `U(I) = (c(a) + c(b))/2 + (b − a)/2 · Σ_i t_i e^{L_i − t_i dist(x_i, I)}`.
///
/// Values are summed over a window of the sorted points: a point farther than its radius ρ_i
/// (beyond which its term is below `exp(−cutoff)`) from y is left out, and every value carries
/// the bound `count · exp(−cutoff)` on what was left out, so each value is an upper bound too.
public struct LineSupremum: Sendable {
    /// Sorted points x_i, their log-weights L_i and slopes t_i (t_i > 0, finite).
    let x: [Double]
    let logWeight: [Double]
    let slope: [Double]
    let exponent: Double
    /// The widest radius ρ_i = φ⁻¹((L_i + cutoff)/t_i) over all points.
    let reach: Double
    /// The widest distance `√(1/(2 t_i))` at which a term can still be concave.
    let concaveReach: Double
    /// The largest t_i.
    let largestSlope: Double

    /// Terms below `exp(−cutoff)` are left out of windows (and bounded as a whole: with 10^6
    /// points, below 2e-16 of a value near 1).
    static let cutoff = 50.0
    /// Intervals the branch and bound may create before it stops refining.
    public static let maximumIntervals = 4_000_000

    /// - Parameters:
    ///   - points: the x_i (any order).
    ///   - logWeights: the L_i.
    ///   - slopes: the t_i, finite and positive.
    ///   - squared: φ(u) = u² when true, u otherwise.
    public init(points: [Double], logWeights: [Double], slopes: [Double], squared: Bool) {
        let order = points.indices.sorted { points[$0] < points[$1] }
        x = order.map { points[$0] }
        logWeight = order.map { logWeights[$0] }
        slope = order.map { slopes[$0] }
        exponent = squared ? 2 : 1
        var widest = 0.0
        for i in x.indices {
            let level = (logWeight[i] + Self.cutoff) / slope[i]
            if level > 0 { widest = max(widest, squared ? level.squareRoot() : level) }
        }
        reach = widest
        concaveReach = slope.map { (0.5 / $0).squareRoot() }.max() ?? 0
        largestSlope = slope.max() ?? 0
    }

    /// The result: `bound ≥ sup_y c(y)` (certified), the largest value found, where, and the
    /// number of intervals examined.
    public struct Result: Sendable {
        public var bound: Double
        public var largestValue: Double
        public var argument: Double
        public var intervals: Int
    }

    /// Branch and bound over [min x, max x], starting from `cuts` (e.g. a codebook).
    /// - Parameters:
    ///   - cuts: points where [min x, max x] is first split into pieces, in any order (those
    ///     outside the open interval are ignored; under absolute error the points x are added).
    ///   - tolerance: relative excess of a piece's bound over the largest value seen
    ///     that stops its refinement.
    /// - Complexity: O(window) per value and per bound, one of each per piece.
    public func supremum(cuts: [Double], tolerance: Double = 1e-7) -> Result {
        guard let low = x.first, let high = x.last else {
            return Result(bound: 0, largestValue: 0, argument: 0, intervals: 0)
        }
        // Under absolute error c is convex between consecutive points (each term is the
        // exponential of a linear function there): cut at every point, and each piece's
        // supremum is at one of its ends.
        var points = (exponent == 1 ? cuts + x : cuts).filter { $0 > low && $0 < high }.sorted()
        points.insert(low, at: 0)
        if high > low { points.append(high) }
        let values = parallelMap(points) { value(at: $0) }
        var best = values.max() ?? 0
        var argument = points[values.firstIndex(of: best) ?? 0]
        var pieces: [Piece] = []
        for k in 0..<(points.count - 1) where points[k] < points[k + 1] {
            pieces.append(Piece(a: points[k], b: points[k + 1], va: values[k], vb: values[k + 1]))
        }
        var bound = best
        var examined = 0
        // Rounds: every open piece is bounded (in parallel); those whose bound exceeds the
        // largest value seen by more than the tolerance are halved, their midpoints evaluated
        // (in parallel). A settled piece's bound enters the result.
        while !pieces.isEmpty {
            examined += pieces.count
            let bounds = parallelMap(pieces) { pieceBound($0) }
            var open: [Piece] = []
            for (piece, upper) in zip(pieces, bounds) {
                let middle = piece.a + (piece.b - piece.a) / 2
                if upper <= best * (1 + tolerance) || examined >= Self.maximumIntervals
                    || !(middle > piece.a && middle < piece.b)
                {
                    bound = max(bound, upper)
                } else {
                    open.append(piece)
                }
            }
            let middles = open.map { $0.a + ($0.b - $0.a) / 2 }
            let middleValues = parallelMap(middles) { value(at: $0) }
            pieces = []
            for (k, piece) in open.enumerated() {
                let v = middleValues[k]
                if v > best {
                    best = v
                    argument = middles[k]
                }
                pieces.append(Piece(a: piece.a, b: middles[k], va: piece.va, vb: v))
                pieces.append(Piece(a: middles[k], b: piece.b, va: v, vb: piece.vb))
            }
        }
        return Result(
            bound: max(bound, best) * (1 + Self.roundingSlack), largestValue: best,
            argument: argument, intervals: examined)
    }

    /// `transform` of every element, the elements split across cores.
    private func parallelMap<Element>(_ elements: [Element], _ transform: (Element) -> Double)
        -> [Double]
    {
        var results = [Double](repeating: 0, count: elements.count)
        let chunks = elements.count < 8 ? 1 : min(elements.count, ParallelLoop.activeCores * 4)
        results.withUnsafeMutableBufferPointer { buffer in
            let output = buffer
            ParallelLoop.forEachChunk(chunks, count: elements.count) { _, range in
                for k in range { output[k] = transform(elements[k]) }
            }
        }
        return results
    }

    /// A piece of the line with (upper bounds on) c at its ends.
    struct Piece {
        var a: Double
        var b: Double
        var va: Double
        var vb: Double
    }

    /// Relative allowance for the rounding of exp and the sums (a few ulps per term).
    static let roundingSlack = 1e-12

    /// An upper bound on c(y): the windowed sum plus the bound on the terms left out.
    public func value(at y: Double) -> Double {
        let range = window(y, y, reach: reach)
        var total = Double(x.count - range.count) * exp(-Self.cutoff)
        if exponent == 2 {
            for i in range {
                let u = x[i] - y
                total += exp(logWeight[i] - slope[i] * u * u)
            }
        } else {
            for i in range { total += exp(logWeight[i] - slope[i] * abs(x[i] - y)) }
        }
        return total
    }

    /// `U(I)` of the type's documentation.
    func pieceBound(_ piece: Piece) -> Double {
        let (a, b) = (piece.a, piece.b)
        let width = b - a
        func distance(_ i: Int) -> Double { x[i] < a ? a - x[i] : (x[i] > b ? x[i] - b : 0) }
        if exponent == 2 {
            var concavity = 0.0
            for i in window(a, b, reach: concaveReach) {
                let u = distance(i)
                let t = slope[i]
                let factor = 2 * t - 4 * t * t * u * u
                if factor > 0 { concavity += factor * exp(logWeight[i] - t * u * u) }
            }
            return max(piece.va, piece.vb) + width * width / 8 * concavity
        }
        let inside = Self.firstIndex(x) { $0 >= b } - Self.firstIndex(x) { $0 > a }
        if inside == 0 { return max(piece.va, piece.vb) }
        let range = window(a, b, reach: reach)
        var lipschitz = 0.0
        for i in range {
            lipschitz += slope[i] * exp(logWeight[i] - slope[i] * distance(i))
        }
        // A point left out is beyond its radius: its term, and its slope times its term, are
        // below exp(−cutoff) times its slope.
        lipschitz += Double(x.count - range.count) * largestSlope * exp(-Self.cutoff)
        return (piece.va + piece.vb) / 2 + width / 2 * lipschitz
    }

    /// The points within `reach` of [a, b].
    func window(_ a: Double, _ b: Double, reach: Double) -> Range<Int> {
        let first = Self.firstIndex(x) { $0 >= a - reach }
        let end = Self.firstIndex(x) { $0 > b + reach }
        return first..<max(first, end)
    }

    /// The first index of sorted `values` where `predicate` holds (false, then true).
    static func firstIndex(_ values: [Double], where predicate: (Double) -> Bool) -> Int {
        var low = 0
        var high = values.count
        while low < high {
            let middle = (low + high) / 2
            if predicate(values[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
