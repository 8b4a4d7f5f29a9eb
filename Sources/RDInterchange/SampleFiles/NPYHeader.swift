/// The header of a `.npy` file (numpy's format, versions 1.0, 2.0 and 3.0).
///
/// Layout: the magic string `\x93NUMPY`, a major and a minor version byte, the header length
/// (2 bytes little-endian in version 1, 4 bytes in versions 2 and 3), then the header itself,
/// a Python dictionary literal such as `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }`
/// padded with spaces and ended by a newline. The data follows immediately.
package struct NPYHeader: Equatable {
    /// The dtype descriptor, e.g. `<f8`.
    var descriptor: String
    /// Whether the data is stored column-major.
    var isFortranOrder: Bool
    /// The array's shape.
    var shape: [Int]
    /// The byte offset where the data starts.
    var dataOffset: Int

    /// The magic string every `.npy` file starts with.
    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    /// The longest header read: 10,000 bytes, numpy's own default `max_header_size`
    /// (numpy writes about 128). A longer claim is an error before anything is read, so a
    /// forged length cannot make the reader allocate gigabytes.
    static let maximumLength = 10_000

    /// The header length a file claims, rejected past ``maximumLength``.
    /// - Throws: `.malformedNPYHeader` for a claim past the limit.
    static func checkedLength(_ length: Int, file: String) throws(DataInputError) -> Int {
        guard length <= maximumLength else {
            throw .malformedNPYHeader(
                file: file,
                reason:
                    "the header claims \(length) bytes; rdopt, like numpy, reads headers of at most \(maximumLength) bytes"
            )
        }
        return length
    }

    /// Parses the header at the start of `bytes`.
    ///
    /// - Throws: `.notNPYFile`, `.unsupportedNPYVersion`, `.malformedNPYHeader` (also for a
    ///   header longer than ``maximumLength``).
    static func parse(_ bytes: [UInt8], file: String) throws(DataInputError) -> NPYHeader {
        guard bytes.count >= 8, bytes.starts(with: magic) else { throw .notNPYFile(file: file) }
        let major = Int(bytes[6])
        let minor = Int(bytes[7])
        guard (1...3).contains(major), minor == 0 else {
            throw .unsupportedNPYVersion(file: file, major: major, minor: minor)
        }
        let lengthSize = major == 1 ? 2 : 4
        guard bytes.count >= 8 + lengthSize else {
            throw .malformedNPYHeader(file: file, reason: "the file ends inside the header length")
        }
        var length = 0
        for i in (0..<lengthSize).reversed() { length = length << 8 | Int(bytes[8 + i]) }
        length = try checkedLength(length, file: file)
        let start = 8 + lengthSize
        guard bytes.count >= start + length else {
            throw .malformedNPYHeader(
                file: file,
                reason:
                    "the header claims \(length) bytes but the file ends after \(bytes.count - start)"
            )
        }
        let text = String(decoding: bytes[start..<(start + length)], as: UTF8.self)
        var parser = PythonLiteralParser(text: text)
        let dictionary: [String: PythonLiteralParser.Value]
        do throws(PythonLiteralParser.Failure) {
            dictionary = try parser.parseDictionary()
        } catch {
            throw .malformedNPYHeader(file: file, reason: error.reason)
        }
        let descriptor: String
        switch dictionary["descr"] {
        case .string(let text)?: descriptor = text
        // A structured dtype, kept as written for the message that refuses it.
        case .list(let text)?: descriptor = text
        default:
            throw .malformedNPYHeader(
                file: file, reason: "the key 'descr' is missing or not a string")
        }
        guard case .bool(let fortran)? = dictionary["fortran_order"] else {
            throw .malformedNPYHeader(
                file: file, reason: "the key 'fortran_order' is missing or not True/False")
        }
        guard case .tuple(let shape)? = dictionary["shape"] else {
            throw .malformedNPYHeader(
                file: file, reason: "the key 'shape' is missing or not a tuple")
        }
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw .malformedNPYHeader(file: file, reason: "the shape has a negative size")
        }
        return NPYHeader(
            descriptor: descriptor, isFortranOrder: fortran, shape: shape,
            dataOffset: start + length)
    }

    /// A version 1.0 header for a C-order little-endian float64 array of this shape, padded so
    /// that the data starts at a multiple of 64 bytes.
    package static func encode(float64Shape shape: [Int]) -> [UInt8] {
        encode(shape: shape, valueType: .float64)
    }

    /// A version 1.0 header for a C-order little-endian array of this shape and value type
    /// (`<f8` or `<f4`), padded so that the data starts at a multiple of 64 bytes.
    package static func encode(shape: [Int], valueType: SampleLayout.ValueType) -> [UInt8] {
        let dims =
            shape.count == 1
            ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        let descriptor = valueType == .float32 ? "<f4" : "<f8"
        var text = "{'descr': '\(descriptor)', 'fortran_order': False, 'shape': \(dims), }"
        let unpadded = 10 + text.utf8.count + 1
        text += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        let length = text.utf8.count
        return magic + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + Array(text.utf8)
    }
}

/// A parser for the small subset of Python literals that `.npy` headers use: a dictionary with
/// string keys and values that are strings, `True`/`False`, tuples of non-negative integers,
/// or lists (a structured dtype's fields, kept as text).
struct PythonLiteralParser {
    /// A parsed value.
    enum Value: Equatable {
        case string(String)
        case bool(Bool)
        case tuple([Int])
        /// A list such as `[('a', '<f8'), ('b', '<i4')]`, its text as written.
        case list(String)
    }

    /// Why the text is not such a dictionary.
    struct Failure: Error {
        var reason: String
    }

    private let characters: [Character]
    private var index = 0

    init(text: String) { characters = Array(text) }

    /// Parses `{ key: value, ... }` followed only by whitespace.
    mutating func parseDictionary() throws(Failure) -> [String: Value] {
        try expect("{")
        var result: [String: Value] = [:]
        skipSpace()
        while peek() != "}" {
            guard case .string(let key) = try parseValue() else {
                throw Failure(reason: "a key is not a string")
            }
            try expect(":")
            result[key] = try parseValue()
            skipSpace()
            if peek() == "," {
                index += 1
                skipSpace()
            } else if peek() != "}" {
                throw Failure(reason: "expected ',' or '}' at character \(index + 1)")
            }
        }
        index += 1
        skipSpace()
        guard index == characters.count else {
            throw Failure(reason: "unexpected text after the dictionary")
        }
        return result
    }

    private mutating func parseValue() throws(Failure) -> Value {
        skipSpace()
        guard let c = peek() else { throw Failure(reason: "the header ends too early") }
        switch c {
        case "'", "\"":
            index += 1
            var text = ""
            while let d = peek(), d != c {
                text.append(d)
                index += 1
            }
            guard peek() == c else { throw Failure(reason: "an unterminated string") }
            index += 1
            return .string(text)
        case "[":
            return .list(try bracketedText())
        case "(":
            index += 1
            var sizes: [Int] = []
            skipSpace()
            while peek() != ")" {
                var digits = ""
                while let d = peek(), d.isASCII, d.isNumber {
                    digits.append(d)
                    index += 1
                }
                if peek() == "L" { index += 1 }  // Python 2 long integers
                guard let size = Int(digits) else {
                    throw Failure(reason: "the shape holds a non-integer")
                }
                sizes.append(size)
                skipSpace()
                if peek() == "," {
                    index += 1
                    skipSpace()
                } else if peek() != ")" {
                    throw Failure(reason: "expected ',' or ')' in the shape")
                }
            }
            index += 1
            return .tuple(sizes)
        default:
            var word = ""
            while let d = peek(), d.isLetter {
                word.append(d)
                index += 1
            }
            switch word {
            case "True": return .bool(true)
            case "False": return .bool(false)
            default: throw Failure(reason: "unexpected value '\(word.isEmpty ? String(c) : word)'")
            }
        }
    }

    /// The text from the `[` at the current index to its matching `]`, both included:
    /// brackets and parentheses nest, and quoted strings are skipped whole.
    private mutating func bracketedText() throws(Failure) -> String {
        let start = index
        var depth = 0
        repeat {
            guard let c = peek() else { throw Failure(reason: "an unterminated list") }
            index += 1
            switch c {
            case "[", "(": depth += 1
            case "]", ")": depth -= 1
            case "'", "\"":
                while let d = peek(), d != c { index += 1 }
                guard peek() == c else { throw Failure(reason: "an unterminated string") }
                index += 1
            default: break
            }
        } while depth > 0
        return String(characters[start..<index])
    }

    private mutating func expect(_ c: Character) throws(Failure) {
        skipSpace()
        guard peek() == c else {
            throw Failure(reason: "expected '\(c)' at character \(index + 1)")
        }
        index += 1
    }

    private mutating func skipSpace() {
        while let c = peek(), c.isWhitespace { index += 1 }
    }

    private func peek() -> Character? { index < characters.count ? characters[index] : nil }
}
