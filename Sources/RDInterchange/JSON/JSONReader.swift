import Foundation

/// Typed access to a parsed JSON document, with errors that name the file and the key path.
package struct JSONReader {
    let file: String
    let path: String
    let value: Any

    /// Parses `data` as JSON.
    /// - Throws: ``DocumentError/malformed(file:reason:)`` for invalid or truncated JSON.
    package static func parse(_ data: Data, file: String) throws(DocumentError) -> JSONReader {
        guard !data.isEmpty else { throw .malformed(file: file, reason: "the file is empty") }
        let value: Any
        do {
            value = try JSONParser.parse(data)
        } catch {
            switch error {
            case .nonFinite(let literal):
                throw .malformed(file: file, reason: "\(literal) is not a finite number (JSON numbers must fit a double; NaN and Infinity are not JSON)")
            case .syntax(let reason):
                throw .malformed(file: file, reason: "not valid JSON: \(reason)")
            }
        }
        return JSONReader(file: file, path: "", value: value)
    }

    func fail(_ reason: String) -> DocumentError { .field(file: file, key: path.isEmpty ? "(top level)" : path, reason: reason) }

    func child(_ key: String, _ value: Any) -> JSONReader {
        JSONReader(file: file, path: path.isEmpty ? key : "\(path).\(key)", value: value)
    }

    func element(_ index: Int, _ value: Any) -> JSONReader {
        JSONReader(file: file, path: "\(path)[\(index)]", value: value)
    }

    /// The object's members, rejecting keys outside `allowed` (a misspelt key must not be ignored silently).
    package func object(allowed: Set<String>) throws(DocumentError) -> [String: JSONReader] {
        guard let dictionary = value as? [String: Any] else { throw fail("must be a JSON object") }
        var members: [String: JSONReader] = [:]
        for (key, value) in dictionary {
            guard allowed.contains(key) else {
                throw .field(file: file, key: path.isEmpty ? key : "\(path).\(key)",
                             reason: "unknown key (allowed here: \(allowed.sorted().joined(separator: ", ")))")
            }
            members[key] = child(key, value)
        }
        return members
    }

    package var isNull: Bool { value is NSNull }

    func number() throws(DocumentError) -> Double {
        guard let double = value as? Double else { throw fail("must be a number") }
        guard double.isFinite else { throw fail("must be a finite number") }
        return double
    }

    package func integer() throws(DocumentError) -> Int {
        let double = try number()
        guard double == double.rounded(), abs(double) < 1e15 else { throw fail("must be an integer") }
        return Int(double)
    }

    package func string() throws(DocumentError) -> String {
        guard let string = value as? String else { throw fail("must be a string") }
        return string
    }

    func bool() throws(DocumentError) -> Bool {
        guard let flag = value as? Bool else { throw fail("must be true or false") }
        return flag
    }

    func array() throws(DocumentError) -> [JSONReader] {
        guard let array = value as? [Any] else { throw fail("must be an array") }
        return array.enumerated().map { element($0.offset, $0.element) }
    }

    func numbers() throws(DocumentError) -> [Double] {
        var result: [Double] = []
        for item in try array() { result.append(try item.number()) }
        return result
    }
}

