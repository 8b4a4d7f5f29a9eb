/// `exp` on eight doubles at once, accurate to about 2 ulp on the range that matters.
///
/// Range reduction `x = k·ln2 + r`, `|r| ≤ ln2/2`, with k found by the 1.5·2^52 rounding
/// trick (adding and subtracting the shifter rounds to the nearest integer and leaves k in the
/// low mantissa bits, so 2^k is built with integer SIMD shifts, no conversions); then
/// `e^r` by its degree-12 Taylor polynomial (truncation error `r^13/13! < 2e-16`), Horner form.
/// Inputs below −708.39 (results below the smallest normal double) give exactly 0, and −∞
/// gives 0; inputs above 709 give +∞ (an overflow is never rounded down).
///
/// - Complexity: 12 multiply–adds and a few integer operations per lane.
@inline(__always)
func vectorExp(_ x: SIMD8<Double>) -> SIMD8<Double> {
    let lowest = SIMD8<Double>(repeating: -708.39)
    let highest = SIMD8<Double>(repeating: 709.0)
    // `replacing(with:where:)` compiles to blends; the generic `clamped`/`pointwiseMin` did not inline.
    let clamped = x.replacing(with: lowest, where: x .< lowest).replacing(
        with: highest, where: x .> highest)
    return exponentialOfReduced(clamped).replacing(with: 0, where: x .< lowest).replacing(
        with: .infinity, where: x .> highest)
}

/// ``vectorExp(_:)`` for arguments known to be ≤ 0 or −∞ (a log-sum-exp term minus its row's
/// maximum, or minus a slope times a non-negative excess): the same values, without the clamp
/// and the blend that only positive arguments need — two of the few operations per lane that
/// are not multiply–adds, in the loops that dominate a pass.
/// - Precondition: no lane is positive or NaN (a positive lane would give a wrong value).
@inline(__always)
func vectorExpOfNonPositive(_ x: SIMD8<Double>) -> SIMD8<Double> {
    let lowest = SIMD8<Double>(repeating: -708.39)
    let underflow = x .< lowest
    return exponentialOfReduced(x.replacing(with: lowest, where: underflow)).replacing(
        with: 0, where: underflow)
}

/// The shared core: `e^x` for `x` already clamped to [−708.39, 709].
@inline(__always)
private func exponentialOfReduced(_ clamped: SIMD8<Double>) -> SIMD8<Double> {
    let shifter = SIMD8<Double>(repeating: 6_755_399_441_055_744.0)  // 1.5 · 2^52
    let t = clamped * SIMD8(repeating: 1.442_695_040_888_963_4) + shifter
    let k = t - shifter
    // ln 2 split so that k · ln2High is exact for |k| < 2^11.
    var r = clamped - k * SIMD8(repeating: 6.931_471_803_691_238_164_90e-01)
    r = r - k * SIMD8(repeating: 1.908_214_929_270_587_700_02e-10)
    var p = SIMD8<Double>(repeating: 1.0 / 479_001_600)
    p = p * r + SIMD8(repeating: 1.0 / 39_916_800)
    p = p * r + SIMD8(repeating: 1.0 / 3_628_800)
    p = p * r + SIMD8(repeating: 1.0 / 362_880)
    p = p * r + SIMD8(repeating: 1.0 / 40_320)
    p = p * r + SIMD8(repeating: 1.0 / 5_040)
    p = p * r + SIMD8(repeating: 1.0 / 720)
    p = p * r + SIMD8(repeating: 1.0 / 120)
    p = p * r + SIMD8(repeating: 1.0 / 24)
    p = p * r + SIMD8(repeating: 1.0 / 6)
    p = p * r + SIMD8(repeating: 0.5)
    p = p * r + SIMD8(repeating: 1.0)
    p = p * r + SIMD8(repeating: 1.0)
    let bits = unsafeBitCast(t, to: SIMD8<UInt64>.self)
    let shifterBits = SIMD8<UInt64>(repeating: 0x4338_0000_0000_0000)
    let exponent = (bits &- shifterBits &+ SIMD8(repeating: 1023)) &<< SIMD8(repeating: 52)
    return p * unsafeBitCast(exponent, to: SIMD8<Double>.self)
}
