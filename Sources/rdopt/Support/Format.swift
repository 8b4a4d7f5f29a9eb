import Foundation

/// Number formatting for human output.
enum Format {
    /// `value` with `digits` decimals, or "∞" / "−∞".
    static func fixed(_ value: Double, _ digits: Int) -> String {
        if value == .infinity { return "∞" }
        if value == -.infinity { return "−∞" }
        let text = String(format: "%.\(digits)f", value)
        // A tiny negative value rounds to "-0.0000": print it as the zero it shows.
        if text.hasPrefix("-") && text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) {
            return String(text.dropFirst())
        }
        return text
    }

    /// `value` in scientific notation with `digits` significant decimals.
    static func scientific(_ value: Double, _ digits: Int = 2) -> String {
        if !value.isFinite { return fixed(value, 0) }
        return String(format: "%.\(digits)e", value)
    }

    /// Shortest general form (`%g` with `digits` significant digits).
    static func general(_ value: Double, _ digits: Int = 6) -> String {
        if !value.isFinite { return fixed(value, 0) }
        return String(format: "%.\(digits)g", value)
    }

    /// A number for a CSV field: full precision, or "inf" when it is not finite (an infinite
    /// slope or price).
    static func csv(_ value: Double) -> String {
        value.isFinite ? "\(value)" : "inf"
    }

    /// `text` right-aligned in a column of `width` characters (longer text is left as it is).
    static func rightAligned(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }

    /// Left-aligned two-column rows.
    static func table(_ rows: [(String, String)], indent: Int = 2) -> String {
        let width = rows.map { $0.0.count }.max() ?? 0
        return rows.map {
            String(repeating: " ", count: indent)
                + $0.0.padding(toLength: width + 2, withPad: " ", startingAt: 0) + $0.1
        }
        .joined(separator: "\n")
    }
}
