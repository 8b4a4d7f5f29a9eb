#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Newton on a line (a scalar codebook under squared or absolute error): T is kept sorted by
/// value, so that each row's non-negligible codewords are one contiguous run of T
/// (``RestrictedLine``) and the Newton matrix on T is a band (``NewtonSystemShape``).
extension ActiveSetNewton {
    /// Calls `body` with T's geometry on the line when the codebook is scalar under squared or
    /// absolute error and T is sorted by value (``sortAlongLine(_:)``), with nil otherwise.
    func withLine<Result>(of iterate: Iterate, _ body: (RestrictedLine?) -> Result) -> Result {
        guard usesWindows, scalarOrder != nil else { return body(nil) }
        let y = iterate.active.map { kernel.field.codebook[$0] }
        guard zip(y, y.dropFirst()).allSatisfy({ $0 <= $1 }) else { return body(nil) }
        let largest = iterate.q.max() ?? 0
        return kernel.field.source.withUnsafeBufferPointer { x in
            y.withUnsafeBufferPointer { y in
                body(RestrictedLine(x: x, y: y, maximumLogMass: log(largest)))
            }
        }
    }

    /// Orders T (and its masses) by codeword value on a line, so that every row's window of
    /// non-negligible codewords is a contiguous run of T.
    func sortAlongLine(_ iterate: inout Iterate) {
        guard scalarOrder != nil else { return }
        let y = kernel.field.codebook
        let order = iterate.active.indices.sorted {
            (y[iterate.active[$0]], iterate.active[$0]) < (
                y[iterate.active[$1]], iterate.active[$1]
            )
        }
        iterate.active = order.map { iterate.active[$0] }
        iterate.q = order.map { iterate.q[$0] }
    }

    /// The band's half-width on a line: the widest row span of T less one, when it is narrow
    /// enough for the band to pay (a quarter of T); nil for a dense system.
    func bandHalfWidth(_ current: Evaluation, active r: Int) -> Int? {
        guard usesWindows, scalarOrder != nil else { return nil }
        var widest = 0
        for (i, span) in current.spans.enumerated() where layout.p[i] > 0 {
            widest = max(widest, span.count)
        }
        let w = max(0, widest - 1)
        return w * Self.bandRatio < r ? w : nil
    }
}
