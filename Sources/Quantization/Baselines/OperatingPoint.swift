import Foundation

/// One quantiser's place in the rate–distortion plane.
///
/// Its distortion is per dimension and its output entropy `H(Y)` is in bits per sample (per
/// vector for vector data).
public struct OperatingPoint: Sendable, Equatable, Hashable {
    /// Mean squared error per dimension on the samples.
    public var distortion: Double
    /// Output entropy `H(Y)` in bits.
    public var entropyBits: Double

    /// Creates a point.
    public init(distortion: Double, entropyBits: Double) {
        self.distortion = distortion
        self.entropyBits = entropyBits
    }
}

extension OperatingPoint {
    /// The lower convex hull of `points`: the part of their convex hull that faces the
    /// origin and over which the entropy decreases, in order of increasing distortion.
    ///
    /// Every input point lies on or above the piecewise-linear curve through the result, the
    /// result's slopes `ΔH/ΔD` are negative and increasing (the curve is convex and
    /// decreasing), and time-sharing between neighbouring hull points achieves every point on
    /// it (Andrew's monotone chain, A. M. Andrew, "Another efficient algorithm for convex
    /// hulls in two dimensions", Inf. Process. Lett. 9, 1979).
    ///
    /// - Parameter points: any points; non-finite ones are ignored.
    /// - Returns: the hull vertices, distortion ascending, entropy strictly descending.
    /// - Complexity: O(p log p) for p points.
    public static func lowerConvexHull(_ points: [OperatingPoint]) -> [OperatingPoint] {
        let sorted = points.filter { $0.distortion.isFinite && $0.entropyBits.isFinite }
            .sorted {
                $0.distortion != $1.distortion
                    ? $0.distortion < $1.distortion : $0.entropyBits < $1.entropyBits
            }
        var hull: [OperatingPoint] = []
        for p in sorted {
            // A point that is not better in entropy than every point of lower distortion
            // is dominated.
            if let last = hull.last, p.entropyBits >= last.entropyBits { continue }
            while hull.count >= 2 {
                let a = hull[hull.count - 2]
                let b = hull[hull.count - 1]
                // Remove b when it lies on or above the segment a–p.
                let cross =
                    (b.distortion - a.distortion) * (p.entropyBits - a.entropyBits)
                    - (b.entropyBits - a.entropyBits) * (p.distortion - a.distortion)
                if cross <= 0 { hull.removeLast() } else { break }
            }
            hull.append(p)
        }
        return hull
    }
}

/// The entropy in bits of the distribution `masses / total` (zero masses are skipped).
///
/// - Complexity: O(m).
func entropyBits(masses: [Double], total: Double) -> Double {
    var h = 0.0
    for w in masses where w > 0 {
        let q = w / total
        h -= q * log2(q)
    }
    return max(0, h)
}
