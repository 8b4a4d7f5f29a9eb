import Foundation

/// A search over the Lagrange multiplier `λ` of an entropy-constrained design for the
/// quantiser of lowest entropy that meets a target distortion.
///
/// The distortion of a converged design grows with `λ` (more weight on rate), but only
/// roughly: every `λ` lands in its own local optimum, so `D(λ)` has jumps and small
/// reversals. The search therefore (1) brackets the target by raising or lowering `λ` geometrically,
/// (2) bisects the bracket geometrically, and (3) evaluates a fine geometric grid of `λ`
/// around the last feasible value, keeping every point it visits: the result is the best
/// feasible design seen, not the last one.
struct LagrangianSearch {
    var bisectionSteps: Int
    var refinementPoints: Int
    var refinementSpan: Double
    /// The factor by which bracketing raises or lowers `λ`.
    var bracketFactor: Double = 2

    /// A design found for one `λ`.
    struct Candidate<Payload> {
        var lagrangeMultiplier: Double
        var point: OperatingPoint
        var payload: Payload
    }

    /// Every point visited, and the lowest-entropy candidate with distortion ≤ `target`.
    struct Outcome<Payload> {
        var points: [OperatingPoint] = []
        var best: Candidate<Payload>?

        mutating func consider(_ candidate: Candidate<Payload>, target: Double) {
            points.append(candidate.point)
            offer(candidate, target: target)
        }

        /// Keeps `candidate` if it meets the target with lower entropy (then distortion).
        mutating func offer(_ candidate: Candidate<Payload>, target: Double) {
            guard candidate.point.distortion <= target else { return }
            if let best {
                let (h, d) = (candidate.point.entropyBits, candidate.point.distortion)
                let (bestH, bestD) = (best.point.entropyBits, best.point.distortion)
                if h > bestH || (h == bestH && d >= bestD) { return }
            }
            best = candidate
        }

        mutating func merge(_ other: Outcome<Payload>, target: Double) {
            points += other.points
            if let candidate = other.best { offer(candidate, target: target) }
        }

        /// The best candidate, with the lower convex hull of every point visited.
        /// - Throws: `.targetNotReached` with the least distortion visited (`unreached` if
        ///   none) when no candidate met `target`.
        func chosen(target: Double, unreached: Double) throws(QuantizationError) -> (
            best: Candidate<Payload>, hull: [OperatingPoint]
        ) {
            guard let best else {
                let reached = points.map(\.distortion).min() ?? unreached
                throw .targetNotReached(target: target, bestDistortion: reached)
            }
            return (best, OperatingPoint.lowerConvexHull(points))
        }
    }

    /// Searches `λ` starting from `initialLambda > 0`.
    ///
    /// - Parameters:
    ///   - target: the largest acceptable distortion.
    ///   - initialLambda: the first multiplier tried.
    ///   - design: the converged design for a given `λ`, with its operating point.
    /// - Returns: every point visited and the best candidate meeting the target.
    /// - Complexity: `O(log(range) + bisectionSteps + refinementPoints)` calls of `design`.
    func search<Payload>(
        target: Double, initialLambda: Double,
        design: (Double) -> (OperatingPoint, Payload)
    ) -> Outcome<Payload> {
        var outcome = Outcome<Payload>()
        func evaluate(_ lambda: Double) -> Bool {
            let (point, payload) = design(lambda)
            outcome.consider(
                Candidate(lagrangeMultiplier: lambda, point: point, payload: payload),
                target: target)
            return point.distortion <= target
        }
        var low: Double?  // meets the target
        var high: Double?  // misses it
        var lambda = initialLambda
        for _ in 0..<64 {
            if evaluate(lambda) {
                low = lambda
                if high != nil { break }
                lambda *= bracketFactor
            } else {
                high = lambda
                if low != nil { break }
                if lambda < initialLambda * 1e-9 || lambda < Double.leastNormalMagnitude {
                    // Even a negligible rate weight misses: try plain Lloyd and stop.
                    if evaluate(0) { low = 0 }
                    break
                }
                lambda /= bracketFactor
            }
        }
        guard let feasible = low else { return outcome }
        var lowLambda = feasible
        if var highLambda = high {
            for _ in 0..<bisectionSteps {
                let middle =
                    lowLambda > 0 ? (lowLambda * highLambda).squareRoot() : highLambda / 2
                if evaluate(middle) { lowLambda = middle } else { highLambda = middle }
            }
        }
        if lowLambda > 0 && refinementPoints > 1 {
            let centre = lowLambda
            for t in 0..<refinementPoints {
                let exponent = -1 + 2 * Double(t) / Double(refinementPoints - 1)
                _ = evaluate(centre * pow(refinementSpan, exponent))
            }
        }
        return outcome
    }
}
