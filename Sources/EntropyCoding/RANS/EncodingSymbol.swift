/// Per-symbol constants that let the rANS encoder divide by a frequency with one
/// multiplication.
///
/// The rANS step is `x' = ⌊x / f⌋ · M + (x mod f) + start` for a symbol of frequency `f` and
/// cumulative start `start`, with `M = 2^P`. Writing `q = ⌊x / f⌋`, it equals
/// `x + bias + q · (M − f)` with `bias = start`; `q` comes from a fixed-point reciprocal,
/// `q = mulhi64(x, reciprocal) >> shift`, exact for every `x < 2^63` (Alverson, "Integer
/// division using reciprocals", ARITH 1991). Frequency 1 has no such reciprocal below 1, so
/// it uses `reciprocal = 2^64 − 1`, `shift = 0` (then `q = x − 1`) and `bias = start + M − 1`.
/// This is the construction of Fabian Giesen's `rans64.h` (ryg_rans, public domain).
///
/// The layout is 32 bytes, so two symbols share a cache line.
struct EncodingSymbol {
    /// Renormalise (emit 32 bits) while `x ≥ upperBound = 2^(63−P) · f`; 0 for an unused symbol.
    var upperBound: UInt64
    /// The fixed-point reciprocal of `f`.
    var reciprocal: UInt64
    /// `start`, or `start + M − 1` when `f == 1`.
    var bias: UInt64
    /// `M − f`.
    var complement: UInt32
    /// The right shift applied to the high product (bits 0–5); bit 31 marks an unused
    /// symbol (``unusableFlag``), which the encoder collects to reject such symbols.
    var shift: UInt32

    /// Set in ``shift`` for a symbol of frequency 0.
    static let unusableFlag: UInt32 = 1 << 31

    /// The constants for a symbol of frequency `frequency` whose slots start at `start`, in a
    /// table of precision `precisionBits`; for `frequency == 0` all zero but the
    /// ``unusableFlag``.
    init(start: UInt32, frequency: UInt32, precisionBits: Int) {
        let total = UInt64(1) << UInt64(precisionBits)
        guard frequency > 0 else {
            self.init(
                upperBound: 0, reciprocal: 0, bias: 0, complement: 0, shift: Self.unusableFlag)
            return
        }
        let f = UInt64(frequency)
        let upperBound = ((RANSCodec.lowerBound >> UInt64(precisionBits)) << 32) * f
        let complement = UInt32(truncatingIfNeeded: total - f)
        if f == 1 {
            self.init(
                upperBound: upperBound, reciprocal: .max, bias: UInt64(start) + total - 1,
                complement: complement, shift: 0)
            return
        }
        // shift = ⌈log2 f⌉; reciprocal = ⌈2^(shift + 63) / f⌉, computed as two 64:64 divisions.
        var shift: UInt64 = 0
        while f > UInt64(1) << shift { shift += 1 }
        let high = (UInt64(1) << (shift + 31))
        let highQuotient = high / f
        let low = (f - 1) + ((high % f) << 32)
        let lowQuotient = low / f
        self.init(
            upperBound: upperBound, reciprocal: lowQuotient &+ (highQuotient << 32),
            bias: UInt64(start),
            complement: complement, shift: UInt32(shift - 1))
    }

    private init(
        upperBound: UInt64, reciprocal: UInt64, bias: UInt64, complement: UInt32, shift: UInt32
    ) {
        self.upperBound = upperBound
        self.reciprocal = reciprocal
        self.bias = bias
        self.complement = complement
        self.shift = shift
    }

    /// `⌊x / f⌋` by the reciprocal (valid for `x < 2^63`, `f ≥ 2`; `x − 1` for `f == 1`).
    /// The masking shift ignores the ``unusableFlag``.
    @inline(__always)
    func quotient(_ x: UInt64) -> UInt64 {
        x.multipliedFullWidth(by: reciprocal).high &>> UInt64(shift)
    }

    /// `f · 2^(16−P)` for precisions `P ≤ 15`: a pair of symbols `a`, `b` coded between two
    /// renormalisations needs one while `x ≥ 2^(63−2P) · f_a · f_b`, that is while
    /// `x >> 31 ≥ a.pairFactor · b.pairFactor` (exact, as that bound is a multiple of 2^31).
    @inline(__always)
    var pairFactor: UInt64 { upperBound &>> 47 }

    /// The encoder step `C(s, x)` for a state already renormalised below `upperBound`.
    @inline(__always)
    func encode(_ x: UInt64) -> UInt64 {
        x &+ bias &+ quotient(x) &* UInt64(complement)
    }
}
