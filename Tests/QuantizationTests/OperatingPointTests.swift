import Foundation
import Quantization
import Testing
import _TestSupport

@Suite struct OperatingPointTests {
    /// Piecewise-linear interpolation of the hull at distortion `d` (inside its range).
    static func hullEntropy(_ hull: [OperatingPoint], at d: Double) -> Double? {
        guard let first = hull.first, let last = hull.last,
            d >= first.distortion, d <= last.distortion
        else { return nil }
        for (a, b) in zip(hull, hull.dropFirst()) where d <= b.distortion {
            let t = (d - a.distortion) / (b.distortion - a.distortion)
            return a.entropyBits + t * (b.entropyBits - a.entropyBits)
        }
        return last.entropyBits
    }

    static func isConvexAndDecreasing(_ hull: [OperatingPoint]) -> Bool {
        for (a, b) in zip(hull, hull.dropFirst())
        where !(b.distortion > a.distortion && b.entropyBits < a.entropyBits) {
            return false
        }
        let slopes = zip(hull, hull.dropFirst()).map {
            ($1.entropyBits - $0.entropyBits) / ($1.distortion - $0.distortion)
        }
        return zip(slopes, slopes.dropFirst()).allSatisfy { $1 >= $0 - 1e-12 }
    }

    @Test("hull is convex lower and made of input points", arguments: [1, 2, 3, 4, 5] as [UInt64])
    func hullIsConvexLowerAndMadeOfInputPoints(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let points = (0..<200).map { _ in
            let d = Double.random(in: 0.01...1, using: &rng)
            return OperatingPoint(
                distortion: d, entropyBits: -0.5 * log2(d) + Double.random(in: 0...0.5, using: &rng)
            )
        }
        let hull = OperatingPoint.lowerConvexHull(points)
        #expect(!hull.isEmpty)
        #expect(Self.isConvexAndDecreasing(hull))
        #expect(hull.allSatisfy { points.contains($0) })
        // No input point lies below the hull (tolerance 1e-12 bit).
        for p in points {
            if let h = Self.hullEntropy(hull, at: p.distortion) {
                #expect(p.entropyBits >= h - 1e-12)
            } else {
                // Beyond the last vertex every point has at least its entropy.
                #expect(p.entropyBits >= (hull.last?.entropyBits ?? 0) - 1e-12)
            }
        }
    }

    @Test("dominated and collinear points are dropped") func dominatedAndCollinearPointsAreDropped()
    {
        let points = [
            OperatingPoint(distortion: 0, entropyBits: 2),
            OperatingPoint(distortion: 0.5, entropyBits: 1),  // on the segment
            OperatingPoint(distortion: 1, entropyBits: 0),
            OperatingPoint(distortion: 2, entropyBits: 0),  // dominated
            OperatingPoint(distortion: 0.5, entropyBits: 1.5),  // above
        ]
        #expect(
            OperatingPoint.lowerConvexHull(points) == [
                OperatingPoint(distortion: 0, entropyBits: 2),
                OperatingPoint(distortion: 1, entropyBits: 0),
            ])
    }

    @Test("empty and single points") func emptyAndSinglePoints() {
        #expect(OperatingPoint.lowerConvexHull([]).isEmpty)
        let p = OperatingPoint(distortion: 0.1, entropyBits: 1)
        #expect(OperatingPoint.lowerConvexHull([p, p]) == [p])
    }
}
