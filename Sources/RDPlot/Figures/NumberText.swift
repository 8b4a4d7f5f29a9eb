import Foundation

/// Number formatting for labels in plots and reports.
public enum NumberText {
    /// A value with `significant` significant digits, plain between 1e-3 and 1e6, else
    /// scientific (`3.1e-10`); non-finite values as `—`.
    ///
    /// - Parameters:
    ///   - value: The number.
    ///   - significant: Significant digits, 1–17 (default 4).
    public static func format(_ value: Double, significant: Int = 4) -> String {
        guard value.isFinite else { return "—" }
        if value == 0 { return "0" }
        let digits = min(max(significant, 1), 17)
        let magnitude = abs(value)
        if magnitude >= 1e6 || magnitude < 1e-3 {
            return String(format: "%.\(digits - 1)e", value).replacingOccurrences(
                of: "e+", with: "e"
            )
            .replacingOccurrences(of: "e-0", with: "e-").replacingOccurrences(of: "e0", with: "e")
        }
        let exponent = Int(log10(magnitude).rounded(.down))
        let decimals = max(0, digits - 1 - exponent)
        return String(format: "%.\(decimals)f", value)
    }

    /// A difference with an explicit sign and no trailing zeros: `+0.0231`, `−0.002`, `±0`.
    public static func signed(_ value: Double, significant: Int = 3) -> String {
        guard value.isFinite else { return "—" }
        if value == 0 { return "±0" }
        var text = format(abs(value), significant: significant)
        if text.contains("."), !text.contains("e") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return (value > 0 ? "+" : "−") + text
    }
}
