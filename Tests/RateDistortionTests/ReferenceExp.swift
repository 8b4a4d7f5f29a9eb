/// The Swift SIMD8 exponential the C loops replaced, kept as the reference their bits must
/// match (the same range reduction and polynomial, unfused).
enum ReferenceExp {
    static func value(_ x: SIMD8<Double>) -> SIMD8<Double> {
        let lowest = SIMD8<Double>(repeating: -708.39)
        let highest = SIMD8<Double>(repeating: 709.0)
        // `replacing(with:where:)` compiles to blends; the generic `clamped`/`pointwiseMin` did not inline.
        let clamped = x.replacing(with: lowest, where: x .< lowest).replacing(
            with: highest, where: x .> highest)
        return reduced(clamped).replacing(with: 0, where: x .< lowest).replacing(
            with: .infinity, where: x .> highest)
    }

    /// `e^x` for `x` already clamped to [−708.39, 709].
    static func reduced(_ clamped: SIMD8<Double>) -> SIMD8<Double> {
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
}
