/// A rectangle in pixels, y growing downwards.
struct PixelRect: Equatable {
    var left: Double
    var top: Double
    var right: Double
    var bottom: Double

    var width: Double { right - left }
    var height: Double { bottom - top }

    /// Whether the point lies inside, allowing `slack` pixels for rounding.
    func contains(_ x: Double, _ y: Double, slack: Double = 0.01) -> Bool {
        x >= left - slack && x <= right + slack && y >= top - slack && y <= bottom + slack
    }

    /// The part of the rectangle spanned by two x and two y positions (in any order) that
    /// lies inside this one, or `nil` when it is empty.
    func intersection(x0: Double, x1: Double, y0: Double, y1: Double) -> PixelRect? {
        let r = PixelRect(
            left: max(left, min(x0, x1)), top: max(top, min(y0, y1)),
            right: min(right, max(x0, x1)), bottom: min(bottom, max(y0, y1)))
        return r.right > r.left && r.bottom > r.top ? r : nil
    }

    /// Clamps a point into the rectangle.
    func clamp(_ x: Double, _ y: Double) -> (Double, Double) {
        (min(max(x, left), right), min(max(y, top), bottom))
    }

    /// Clips the segment from (x0, y0) to (x1, y1) to the rectangle by the Liang–Barsky
    /// algorithm (Liang & Barsky, "A new concept and method for line clipping", ACM TOG 1984).
    ///
    /// - Returns: The visible part, or `nil` when none is visible.
    func clip(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> (
        Double, Double, Double, Double
    )? {
        let dx = x1 - x0
        let dy = y1 - y0
        var t0 = 0.0
        var t1 = 1.0
        let checks: [(Double, Double)] = [
            (-dx, x0 - left), (dx, right - x0), (-dy, y0 - top), (dy, bottom - y0),
        ]
        for (p, q) in checks {
            if p == 0 {
                if q < 0 { return nil }
                continue
            }
            let r = q / p
            if p < 0 {
                if r > t1 { return nil }
                t0 = max(t0, r)
            } else {
                if r < t0 { return nil }
                t1 = min(t1, r)
            }
        }
        let a = (x0 + t0 * dx, y0 + t0 * dy)
        let b = (x0 + t1 * dx, y0 + t1 * dy)
        // Exact clamping guards the last bit of rounding at the edges.
        let (ax, ay) = clamp(a.0, a.1)
        let (bx, by) = clamp(b.0, b.1)
        return (ax, ay, bx, by)
    }
}
