import Foundation

/// A small, strict JSON parser (RFC 8259) that reads numbers with Swift's correctly rounded
/// `Double(_:)`, so every number rdopt writes reads back bit for bit (Foundation's
/// JSONSerialization on Linux can be 1–2 ulps off), and that names the offending literal when
/// a number does not fit a double. Values come back as a typed ``JSONValue`` (objects keep their
/// keys in file order; every number is `.number`), for ``JSONReader``. Escaped UTF-16
/// surrogate pairs (`"\ud83d\ude00"`) decode to the one scalar they encode; a lone surrogate is
/// an error, since no Unicode string can hold it.
struct JSONParser {
    enum Failure: Error {
        case syntax(String)
        case nonFinite(String)
    }

    /// The document's bytes.
    let bytes: [UInt8]
    /// The position of the next byte to read.
    var index = 0

    /// Parses a whole document.
    static func parse(_ data: Data) throws(Failure) -> JSONValue {
        var parser = JSONParser(bytes: [UInt8](data))
        parser.skipSpace()
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.index == parser.bytes.count else {
            throw .syntax("unexpected text after the JSON value at byte \(parser.index)")
        }
        return value
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    /// Skips JSON whitespace: space, tab, line feed and carriage return.
    private mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    private mutating func value(depth: Int) throws(Failure) -> JSONValue {
        guard depth < 512 else { throw .syntax("nesting deeper than 512 levels") }
        guard index < bytes.count else { throw .syntax("unexpected end of file (truncated?)") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        default: return .number(try number())
        }
    }

    private mutating func literal(_ word: String) throws(Failure) {
        let expected = Array(word.utf8)
        guard index + expected.count <= bytes.count,
            Array(bytes[index..<index + expected.count]) == expected
        else {
            throw .syntax("invalid literal at byte \(index)")
        }
        index += expected.count
    }

    private mutating func object(depth: Int) throws(Failure) -> JSONValue {
        index += 1
        var members: [(String, JSONValue)] = []
        var keys: Set<String> = []
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw .syntax(endOrExpected("a key in quotes"))
            }
            let key = try string()
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw .syntax(endOrExpected("':'"))
            }
            index += 1
            skipSpace()
            guard keys.insert(key).inserted else { throw .syntax("key \"\(key)\" appears twice") }
            members.append((key, try value(depth: depth + 1)))
            skipSpace()
            guard index < bytes.count else { throw .syntax("unexpected end of file (truncated?)") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(members)
            }
            throw .syntax("expected ',' or '}' at byte \(index)")
        }
    }

    private mutating func array(depth: Int) throws(Failure) -> JSONValue {
        index += 1
        var result: [JSONValue] = []
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(result)
        }
        while true {
            skipSpace()
            result.append(try value(depth: depth + 1))
            skipSpace()
            guard index < bytes.count else { throw .syntax("unexpected end of file (truncated?)") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(result)
            }
            throw .syntax("expected ',' or ']' at byte \(index)")
        }
    }

    private func endOrExpected(_ what: String) -> String {
        index >= bytes.count
            ? "unexpected end of file (truncated?)" : "expected \(what) at byte \(index)"
    }

    private mutating func string() throws(Failure) -> String {
        index += 1
        var scalars = String.UnicodeScalarView()
        var start = index
        var pending: [UInt8] = []
        while true {
            guard index < bytes.count else {
                throw .syntax("unexpected end of file inside a string (truncated?)")
            }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                pending += bytes[start..<index]
                index += 1
                scalars.append(contentsOf: String(decoding: pending, as: UTF8.self).unicodeScalars)
                return String(scalars)
            }
            guard byte >= 0x20 else {
                throw .syntax("control character inside a string at byte \(index)")
            }
            if byte == UInt8(ascii: "\\") {
                pending += bytes[start..<index]
                scalars.append(contentsOf: String(decoding: pending, as: UTF8.self).unicodeScalars)
                pending = []
                index += 1
                guard index < bytes.count else {
                    throw .syntax("unexpected end of file inside a string (truncated?)")
                }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "u"): scalars.append(try escapedScalar())
                default: throw .syntax("invalid escape at byte \(index - 1)")
                }
                start = index
                continue
            }
            index += 1
        }
    }

    /// The scalar of a `\\u` escape and its four hexadecimal digits (the `\\u` already read),
    /// joining a UTF-16 surrogate pair written as two escapes.
    private mutating func escapedScalar() throws(Failure) -> Unicode.Scalar {
        let start = index - 2
        let unit = try hexUnit()
        switch unit {
        case 0xD800...0xDBFF:
            guard index + 2 <= bytes.count, bytes[index] == UInt8(ascii: "\\"),
                bytes[index + 1] == UInt8(ascii: "u")
            else {
                throw .syntax(
                    "a lone high surrogate \\u\(String(unit, radix: 16)) at byte \(start) (no low surrogate follows)"
                )
            }
            index += 2
            let low = try hexUnit()
            guard (0xDC00...0xDFFF).contains(low) else {
                throw .syntax(
                    "a high surrogate \\u\(String(unit, radix: 16)) at byte \(start) followed by \\u\(String(low, radix: 16)), not a low surrogate"
                )
            }
            let code = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
            guard let scalar = Unicode.Scalar(code) else {
                throw .syntax("invalid surrogate pair at byte \(start)")
            }
            return scalar
        case 0xDC00...0xDFFF:
            throw .syntax("a lone low surrogate \\u\(String(unit, radix: 16)) at byte \(start)")
        default:
            guard let scalar = Unicode.Scalar(unit) else {
                throw .syntax("invalid \\u escape at byte \(start)")
            }
            return scalar
        }
    }

    /// Four hexadecimal digits of a `\\u` escape.
    private mutating func hexUnit() throws(Failure) -> UInt32 {
        guard index + 4 <= bytes.count,
            bytes[index..<index + 4].allSatisfy({
                (0x30...0x39).contains($0) || (0x41...0x46).contains($0 & 0xDF)
            }),
            let code = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
        else { throw .syntax("invalid \\u escape at byte \(index)") }
        index += 4
        return code
    }
}
