/// The short form of an activity threshold in format version 5 (docs/formats.md, "Activity
/// contexts"): a value `(16 + m)·2^(e − 4)` with `m` in 0 … 15 — five significant bits — stored
/// as the varint `1 + m + 16·zigzag(e)`, or 0 for the threshold 0; two bytes for most.
///
/// A threshold only cuts the activities into bins, so five bits of it are plenty: rdopt rounds
/// the octiles it takes for thresholds to this form before it bins any sample
/// (``rounded(_:)``), and encoder and decoder then compare the activities with the same
/// numbers. As doubles, the thresholds of four level groups of four bins took 96 bytes: 2 % of
/// the 4,204-byte file of 120,000 seismic values at MSE ≤ var/100.
enum ActivityThreshold {
    /// The exponents `e` the form allows (an activity is a float: its exponent is within
    /// −149 … 127).
    static let exponents = -1000...1000

    /// The nearest value of the form to `t` (0 for `t ≤ 0` or not finite, and for positive `t`
    /// below the least exponent). Non-decreasing in `t`, so sorted thresholds stay sorted.
    static func rounded(_ t: Double) -> Double {
        guard let (m, e) = parts(t) else { return 0 }
        return value(m: m, e: e)
    }

    /// The code of `t`, which must be of the form (``rounded(_:)``).
    static func code(_ t: Double) -> Int {
        guard let (m, e) = parts(t) else { return 0 }
        precondition(value(m: m, e: e) == t, "an activity threshold not in its short form")
        return 1 + m + 16 * Int(ResidualEscapes.zigzag(Int64(e)))
    }

    /// The threshold of `code`, or nil for a code outside the form.
    static func value(code: Int) -> Double? {
        guard code > 0 else { return code == 0 ? 0 : nil }
        let e = ResidualEscapes.unzigzag(UInt64((code - 1) / 16))
        guard exponents.contains(Int(e)) else { return nil }
        return value(m: (code - 1) % 16, e: Int(e))
    }

    /// The largest code of the form.
    static var maximumCode: Int {
        16 * Int(ResidualEscapes.zigzag(Int64(exponents.upperBound))) + 16
    }

    /// `(16 + m)·2^(e − 4)`, exact.
    private static func value(m: Int, e: Int) -> Double {
        Double(16 + m) * Double(sign: .plus, exponent: e - 4, significand: 1)
    }

    /// The mantissa `m` and exponent `e` of the form's value nearest to `t`, or nil for 0.
    private static func parts(_ t: Double) -> (Int, Int)? {
        guard t.isFinite, t > 0 else { return nil }
        var e = Int(t.exponent)
        var m = Int(((t.significand - 1) * 16).rounded())
        if m == 16 { (m, e) = (0, e + 1) }
        guard e >= exponents.lowerBound else { return nil }
        return (m, min(e, exponents.upperBound))
    }
}
