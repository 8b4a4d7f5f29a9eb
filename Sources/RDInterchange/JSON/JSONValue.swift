import Foundation

/// A JSON document with ordered object keys, so that every file rdopt writes lists its keys in
/// the order of docs/formats.md. Non-finite numbers are written as `null` (JSON has no NaN or ∞).
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case integer(Int)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        a.serialized(pretty: false) == b.serialized(pretty: false)
    }

    /// A number, or `null` when it is not finite.
    public static func finite(_ value: Double) -> JSONValue {
        value.isFinite ? .number(value) : .null
    }

    /// An array of numbers.
    public static func numbers(_ values: [Double]) -> JSONValue {
        .array(values.map { .finite($0) })
    }

    /// The document as text.
    /// - Parameter pretty: indent nested containers by two spaces (arrays of numbers stay on one line).
    public func serialized(pretty: Bool = true) -> String {
        var output = ""
        write(into: &output, indent: pretty ? 0 : nil)
        return output
    }

    private func write(into output: inout String, indent: Int?) {
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .integer(let value): output += String(value)
        case .number(let value):
            if !value.isFinite {
                output += "null"
            } else if value == value.rounded(), abs(value) < 1e15 {
                output += String(format: "%.1f", value)
            } else {
                output += "\(value)"
            }
        case .string(let value): output += Self.quoted(value)
        case .array(let values):
            let isFlat = values.allSatisfy {
                if case .array = $0 { return false }
                if case .object = $0 { return false }
                return true
            }
            if values.isEmpty || isFlat || indent == nil {
                output += "["
                for (index, value) in values.enumerated() {
                    if index > 0 { output += indent == nil ? "," : ", " }
                    value.write(into: &output, indent: nil)
                }
                output += "]"
            } else {
                let inner = (indent ?? 0) + 2
                output += "[\n"
                for (index, value) in values.enumerated() {
                    output += String(repeating: " ", count: inner)
                    value.write(into: &output, indent: inner)
                    output += index + 1 < values.count ? ",\n" : "\n"
                }
                output += String(repeating: " ", count: indent ?? 0) + "]"
            }
        case .object(let members):
            guard let indent else {
                output += "{"
                for (index, (key, value)) in members.enumerated() {
                    if index > 0 { output += "," }
                    output += Self.quoted(key) + ":"
                    value.write(into: &output, indent: nil)
                }
                output += "}"
                return
            }
            if members.isEmpty {
                output += "{}"
                return
            }
            output += "{\n"
            for (index, (key, value)) in members.enumerated() {
                output += String(repeating: " ", count: indent + 2) + Self.quoted(key) + ": "
                value.write(into: &output, indent: indent + 2)
                output += index + 1 < members.count ? ",\n" : "\n"
            }
            output += String(repeating: " ", count: indent) + "}"
        }
    }

    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case let c where c.value < 0x20: result += String(format: "\\u%04x", c.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
