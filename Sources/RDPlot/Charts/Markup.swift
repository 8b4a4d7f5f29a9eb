/// Helpers shared by the SVG and HTML writers: escaping and compact number formatting.
enum Markup {
    /// Escapes text for XML/HTML content and attribute values (`&`, `<`, `>`, `"`, `'`), and drops
    /// control characters that XML 1.0 does not allow.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            default:
                // XML 1.0 forbids C0 controls, and U+FFFE/U+FFFF.
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    continue
                }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// A pixel coordinate with at most two decimals: `12`, `12.5`, `-3.25`.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded(), abs(rounded) < 1e12 { return String(Int64(rounded)) }
        return rounded.description
    }
}

/// Builds SVG (or any XML) text element by element.
struct SVGWriter {
    /// The text written so far.
    private(set) var text = ""
    private var depth = 0

    /// Writes `<name attributes>` and indents what follows.
    mutating func open(_ name: String, _ attributes: [(String, String)] = []) {
        line("<\(name)\(Self.format(attributes))>")
        depth += 1
    }

    /// Writes `</name>`.
    mutating func close(_ name: String) {
        depth -= 1
        line("</\(name)>")
    }

    /// Writes an empty element `<name attributes/>`, or one with escaped text content.
    mutating func element(
        _ name: String, _ attributes: [(String, String)] = [], text content: String? = nil
    ) {
        if let content {
            line("<\(name)\(Self.format(attributes))>\(Markup.escape(content))</\(name)>")
        } else {
            line("<\(name)\(Self.format(attributes))/>")
        }
    }

    /// Writes a line of raw markup (the caller guarantees it is well-formed).
    mutating func raw(_ markup: String) { line(markup) }

    private mutating func line(_ s: String) {
        text += String(repeating: "  ", count: max(depth, 0))
        text += s
        text += "\n"
    }

    private static func format(_ attributes: [(String, String)]) -> String {
        attributes.map { " \($0.0)=\"\(Markup.escape($0.1))\"" }.joined()
    }
}
