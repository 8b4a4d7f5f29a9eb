import Foundation

/// Chooses axis ranges and "nice" ticks (steps of 1, 2 or 5 times a power of ten, after
/// Heckbert, "Nice numbers for graph labels", Graphics Gems, 1990) and formats their labels.
enum TickGenerator {
    /// A linear axis: widens `lower...upper` to multiples of a nice step unless `fixed`, and
    /// places about `target` ticks.
    static func linear(lower: Double, upper: Double, target: Int, fixed: Bool) -> ResolvedAxis {
        var lower = lower
        var upper = upper
        if !(upper > lower) {
            let pad = lower == 0 ? 1 : abs(lower) * 0.1
            lower -= pad
            upper += pad
        }
        var step = niceStep((upper - lower) / Double(max(target, 1)))
        if !fixed {
            lower = (lower / step).rounded(.down) * step
            upper = (upper / step).rounded(.up) * step
            step = niceStep((upper - lower) / Double(max(target, 1)))
        }
        let first = (lower / step - 1e-9).rounded(.up)
        let last = (upper / step + 1e-9).rounded(.down)
        var ticks: [ResolvedAxis.Tick] = []
        let magnitude = max(abs(lower), abs(upper))
        if last >= first, last - first < 1000 {
            for k in Int(first)...Int(last) {
                let value = Double(k) * step
                ticks.append(
                    .init(
                        value: value, label: label(value, step: step, magnitude: magnitude),
                        isMajor: true))
            }
        }
        return ResolvedAxis(
            scale: .linear, lower: lower, upper: upper, ticks: ticks, isReversed: false)
    }

    /// A log axis: widens to whole decades unless `fixed`; labels decades, and 2 and 5 times a
    /// decade when the range spans at most two decades; minor ticks at 2…9 up to six decades.
    ///
    /// - Precondition: `0 < lower`.
    static func logarithmic(lower: Double, upper: Double, fixed: Bool) -> ResolvedAxis {
        var lower = lower
        var upper = max(upper, lower)
        if !fixed || !(upper > lower) {
            lower = pow(10, Foundation.log10(lower).rounded(.down))
            upper = pow(10, Foundation.log10(upper).rounded(.up))
            if !(upper > lower) { upper = lower * 10 }
        }
        let lowDecade = Int(Foundation.log10(lower).rounded(.down))
        let highDecade = Int(Foundation.log10(upper).rounded(.up))
        let decades = highDecade - lowDecade
        let labelEvery = max(1, (decades + 7) / 8)
        var ticks: [ResolvedAxis.Tick] = []
        for e in lowDecade...max(lowDecade, highDecade) {
            for m in 1...9 {
                let value = Double(m) * pow(10, Double(e))
                guard value >= lower * (1 - 1e-12), value <= upper * (1 + 1e-12) else { continue }
                if m == 1 {
                    let labelled = (e - lowDecade) % labelEvery == 0
                    ticks.append(
                        .init(value: value, label: labelled ? decadeLabel(m, e) : "", isMajor: true)
                    )
                } else if decades <= 2 && (m == 2 || m == 5) {
                    ticks.append(.init(value: value, label: decadeLabel(m, e), isMajor: true))
                } else if decades <= 6 {
                    ticks.append(.init(value: value, label: "", isMajor: false))
                }
            }
        }
        return ResolvedAxis(
            scale: .log10, lower: lower, upper: upper, ticks: ticks, isReversed: false)
    }

    /// 1, 2 or 5 times a power of ten, the nearest to `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw.isFinite, raw > 0 else { return 1 }
        let magnitude = pow(10, Foundation.log10(raw).rounded(.down))
        let normalised = raw / magnitude
        let nice: Double = normalised < 1.5 ? 1 : normalised < 3 ? 2 : normalised < 7 ? 5 : 10
        return nice * magnitude
    }

    /// A linear tick label with as many decimals as the step needs; scientific (`2.5e-4`)
    /// when the axis's magnitude is below 1e-3 or at least 1e5.
    static func label(_ value: Double, step: Double, magnitude: Double) -> String {
        if abs(value) < step * 1e-6 { return "0" }
        let stepExponent = Int(Foundation.log10(step).rounded(.down))
        if magnitude >= 1e5 || magnitude < 1e-3 {
            var exponent = Int(Foundation.log10(abs(value)).rounded(.down))
            var decimals = min(6, max(0, exponent - stepExponent))
            var mantissa = value / pow(10, Double(exponent))
            var text = String(format: "%.\(decimals)f", mantissa)
            // Rounding carried into the next decade.
            if text.hasPrefix("10") || text.hasPrefix("-10") {
                exponent += 1
                decimals = min(6, max(0, exponent - stepExponent))
                mantissa = value / pow(10, Double(exponent))
                text = String(format: "%.\(decimals)f", mantissa)
            }
            return "\(text)e\(exponent)"
        }
        let decimals = max(0, -stepExponent)
        return String(format: "%.\(decimals)f", value)
    }

    /// `m × 10^e` written plainly between 0.001 and 100000, else as `10⁻⁵` or `2×10⁻⁵`.
    static func decadeLabel(_ m: Int, _ e: Int) -> String {
        if (-3...5).contains(e) {
            return e < 0
                ? String(format: "%.\(-e)f", Double(m) * pow(10, Double(e)))
                : String(m * Int(pow(10, Double(e))))
        }
        let power = "10" + superscript(e)
        return m == 1 ? power : "\(m)×" + power
    }

    /// An integer in Unicode superscript digits.
    static func superscript(_ n: Int) -> String {
        let digits: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
        let body = String(abs(n)).compactMap { $0.wholeNumberValue.map { digits[$0] } }
        return (n < 0 ? "⁻" : "") + String(body)
    }
}
