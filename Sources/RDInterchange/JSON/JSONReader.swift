import Foundation

/// Typed access to a parsed JSON document, with errors that name the file and the key path.
package struct JSONReader {
    let file: String
    let path: String
    let value: JSONValue

    /// Parses `data` as JSON.
    /// - Throws: ``DocumentError/malformed(file:reason:)`` for invalid or truncated JSON.
    package static func parse(_ data: Data, file: String) throws(DocumentError) -> JSONReader {
        guard !data.isEmpty else { throw .malformed(file: file, reason: "the file is empty") }
        let value: JSONValue
        do {
            value = try JSONParser.parse(data)
        } catch {
            switch error {
            case .nonFinite(let literal):
                throw .malformed(
                    file: file,
                    reason:
                        "\(literal) is not a finite number (JSON numbers must fit a double; NaN and Infinity are not JSON)"
                )
            case .syntax(let reason):
                throw .malformed(file: file, reason: "not valid JSON: \(reason)")
            }
        }
        return JSONReader(file: file, path: "", value: value)
    }

    func fail(_ reason: String) -> DocumentError {
        .field(file: file, key: path.isEmpty ? "(top level)" : path, reason: reason)
    }

    func child(_ key: String, _ value: JSONValue) -> JSONReader {
        JSONReader(file: file, path: path.isEmpty ? key : "\(path).\(key)", value: value)
    }

    func element(_ index: Int, _ value: JSONValue) -> JSONReader {
        JSONReader(file: file, path: "\(path)[\(index)]", value: value)
    }

    /// The object's members, rejecting keys outside `allowed` (a misspelt key must not be ignored silently).
    package func object(allowed: Set<String>) throws(DocumentError) -> [String: JSONReader] {
        guard case .object(let pairs) = value else { throw fail("must be a JSON object") }
        var members: [String: JSONReader] = [:]
        for (key, value) in pairs {
            guard allowed.contains(key) else {
                throw .field(
                    file: file, key: path.isEmpty ? key : "\(path).\(key)",
                    reason:
                        "unknown key (allowed here: \(allowed.sorted().joined(separator: ", ")))")
            }
            members[key] = child(key, value)
        }
        return members
    }

    package var isNull: Bool {
        if case .null = value { return true }
        return false
    }

    func number() throws(DocumentError) -> Double {
        let double: Double
        switch value {
        case .number(let number): double = number
        case .integer(let integer): double = Double(integer)
        default: throw fail("must be a number")
        }
        guard double.isFinite else { throw fail("must be a finite number") }
        return double
    }

    package func integer() throws(DocumentError) -> Int {
        let double = try number()
        guard double == double.rounded(), abs(double) < 1e15 else {
            throw fail("must be an integer")
        }
        return Int(double)
    }

    package func string() throws(DocumentError) -> String {
        guard case .string(let string) = value else { throw fail("must be a string") }
        return string
    }

    func bool() throws(DocumentError) -> Bool {
        guard case .bool(let flag) = value else { throw fail("must be true or false") }
        return flag
    }

    func array() throws(DocumentError) -> [JSONReader] {
        guard case .array(let array) = value else { throw fail("must be an array") }
        return array.enumerated().map { element($0.offset, $0.element) }
    }

    /// Whether the value is an array (a vector, where a scalar could stand).
    var isArray: Bool {
        if case .array = value { return true }
        return false
    }

    /// Whether the value is a number.
    var isNumber: Bool {
        switch value {
        case .number, .integer: true
        default: false
        }
    }

    func numbers() throws(DocumentError) -> [Double] {
        var result: [Double] = []
        for item in try array() { result.append(try item.number()) }
        return result
    }
}
