import Foundation
import Testing

@testable import RDInterchange

/// The JSON number scanner: exactly RFC 8259's grammar, correctly rounded values.
@Suite("JSON numbers")
struct JSONNumberTests {
    /// Parses `text` as a one-element array and returns its number.
    static func number(_ text: String) throws -> Double {
        guard case .array(let items) = try JSONParser.parse(Data("[\(text)]".utf8)),
            items.count == 1, case .number(let value) = items[0]
        else { throw JSONParser.Failure.syntax("not one number") }
        return value
    }

    /// Valid literals and their exact values (compared bit for bit: no tolerance).
    static let valid: [(String, Double)] = [
        ("0", 0), ("-0", -0.0), ("-0.0", -0.0), ("1", 1), ("-1", -1), ("10", 10),
        ("0.5", 0.5), ("1.5e-3", 0.0015), ("1E2", 100), ("1e+2", 100), ("12.25E-1", 1.225),
        ("0.1", 0.1), ("0.30000000000000004", 0.30000000000000004),
        ("123456789012345678901234567890", 1.2345678901234568e29),
        ("9007199254740993", 9007199254740992),  // 2^53 + 1 rounds to even
        ("1e308", 1e308), ("1.7976931348623157e308", .greatestFiniteMagnitude),
        ("-1.7976931348623157e308", -.greatestFiniteMagnitude),
        ("2.2250738585072014e-308", .leastNormalMagnitude),
        ("4.9406564584124654e-324", .leastNonzeroMagnitude),
        ("5e-324", .leastNonzeroMagnitude),
        ("2.225073858507201e-308", Double.leastNormalMagnitude.nextDown),
        ("1e-400", 0), ("0.000001", 1e-6), ("1e22", 1e22), ("1e23", 1e23),
        ("0.1e1", 1),
    ]

    @Test("valid numbers read exactly", arguments: valid.map(\.0))
    func readsExactly(text: String) throws {
        let expected = try #require(Self.valid.first { $0.0 == text }?.1)
        let value = try Self.number(text)
        #expect(value.bitPattern == expected.bitPattern, "\(text) read as \(value)")
        #expect(value.bitPattern == Double(text)?.bitPattern, "\(text): differs from strtod")
    }

    @Test(
        "text outside RFC 8259's number grammar is a syntax error",
        arguments: [
            "01", "-01", "00", "+1", ".5", "-.5", "1.", "1.e5", "1e", "1e+", "-", "--1", "0x1F",
            "1.5.3", "12abc", "1e5e", "0b1", "inf", "nan", "1_000", "١",
        ])
    func rejectsSyntax(text: String) {
        #expect(throws: JSONParser.Failure.self) { try Self.number(text) }
        do {
            _ = try Self.number(text)
        } catch {
            guard case JSONParser.Failure.syntax = error else {
                Issue.record("\(text): expected a syntax error, got \(error)")
                return
            }
        }
    }

    @Test(
        "NaN, Infinity and literals too large for a double are non-finite errors, not ∞",
        arguments: ["NaN", "Infinity", "-Infinity", "1e400", "-1e400", "1.8e308", "1e999999999999"]
    )
    func rejectsNonFinite(text: String) {
        do {
            let value = try Self.number(text)
            Issue.record("\(text) read as \(value)")
        } catch {
            guard case JSONParser.Failure.nonFinite = error else {
                Issue.record("\(text): expected a non-finite error, got \(error)")
                return
            }
        }
    }

    @Test("numbers end at a delimiter: arrays, objects and whitespace")
    func delimiters() throws {
        let value = try JSONParser.parse(Data(#"{"a": [1,-2.5e1 ,0]}"#.utf8))
        #expect(value == .object([("a", .array([.number(1), .number(-25), .number(0)]))]))
    }
}
