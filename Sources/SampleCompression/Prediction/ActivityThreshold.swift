/// The short form of an activity threshold in format version 5 (docs/formats.md, "Activity
/// contexts"): a value `(128 + m)·2^(e − 7)` with `m` in 0 … 127 — eight significant bits —
/// stored as the varint `1 + m + 128·zigzag(e)`, or 0 for the threshold 0; two bytes for
/// thresholds from 2^-63 up to 2^63.
///
/// A threshold only cuts the activities into bins: rdopt rounds the octiles it takes for
/// thresholds *up* to this form before it bins any sample (``rounded(_:)``), and encoder and
/// decoder then compare the activities with the same numbers. Rounding up keeps a threshold
/// that equals an activity shared by many samples (reconstructions on a lattice give such
/// ties) above them, as the octile was: rounding to the nearest value of five significant bits
/// instead sent such ties to the next bin, and sparse spikes under a maximum error took 4 %
/// more bits. As doubles, the thresholds of four level groups of four bins took 96 bytes, 2 %
/// of the 4,204-byte file of 120,000 seismic values at MSE ≤ var/100.
enum ActivityThreshold {
    /// The exponents `e` the form allows (an activity is a float: its exponent is within
    /// −149 … 127).
    static let exponents = -1000...1000

    /// The least value of the form at or above `t` (0 for `t ≤ 0`, NaN and positive `t` below
    /// 2^-1000; the largest value of the form for `t` above it, +∞ included). Non-decreasing in
    /// `t`, so sorted thresholds stay sorted.
    static func rounded(_ t: Double) -> Double {
        guard let (m, e) = parts(t) else { return 0 }
        return value(m: m, e: e)
    }

    /// The code of `t`, which must be of the form (``rounded(_:)``).
    static func code(_ t: Double) -> Int {
        guard let (m, e) = parts(t) else { return 0 }
        precondition(value(m: m, e: e) == t, "an activity threshold not in its short form")
        return 1 + m + 128 * Int(ResidualEscapes.zigzag(Int64(e)))
    }

    /// The threshold of `code`, or nil for a code outside the form.
    static func value(code: Int) -> Double? {
        guard code > 0 else { return code == 0 ? 0 : nil }
        let e = ResidualEscapes.unzigzag(UInt64((code - 1) / 128))
        guard exponents.contains(Int(e)) else { return nil }
        return value(m: (code - 1) % 128, e: Int(e))
    }

    /// The largest code of the form.
    static var maximumCode: Int {
        128 * Int(ResidualEscapes.zigzag(Int64(exponents.upperBound))) + 128
    }

    /// `(128 + m)·2^(e − 7)`, exact.
    private static func value(m: Int, e: Int) -> Double {
        Double(128 + m) * Double(sign: .plus, exponent: e - 7, significand: 1)
    }

    /// The mantissa `m` and exponent `e` of the least value of the form at or above `t`, or nil
    /// for 0.
    private static func parts(_ t: Double) -> (Int, Int)? {
        // An activity beyond the float range is +∞: above every threshold of the form.
        if t == .infinity { return (127, exponents.upperBound) }
        guard t.isFinite, t > 0 else { return nil }
        var e = Int(t.exponent)
        guard e >= exponents.lowerBound else { return nil }
        guard e <= exponents.upperBound else { return (127, exponents.upperBound) }
        var m = Int(((t.significand - 1) * 128).rounded(.up))
        if m == 128 { (m, e) = (0, e + 1) }
        return e > exponents.upperBound ? (127, exponents.upperBound) : (m, e)
    }
}
