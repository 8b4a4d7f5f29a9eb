import Foundation
import Testing
import _TestSupport

@testable import RDInterchange

/// Input that cannot be read whole is an error, never a partial read or a huge allocation:
/// CSV line endings and control characters, `.npy` header lengths, JSON document sizes.
@Suite("hostile input")
struct HostileInputTests {
    let folder: ScratchFolder
    init() throws { folder = try ScratchFolder() }

    /// The samples of `bytes` read as `name`, or the error.
    func read(_ name: String, _ bytes: [UInt8]) throws -> Result<SampleSet, DataInputError> {
        let url = try folder.file(name, bytes: bytes)
        do { return .success(try SampleSet(contentsOf: url)) } catch { return .failure(error) }
    }

    /// The path of `name` in the scratch folder, as messages print it.
    func path(_ name: String) -> String { folder.url.appendingPathComponent(name).path }

    @Test(
        "lone CR line endings (old Mac files) read the same samples as LF and CRLF",
        arguments: ["\r", "\r\n"])
    func carriageReturns(ending: String) throws {
        let lines = ["x,y", "1.5,2", "-3,4e-2", "", "5,6"]
        let expected = try read("lf.csv", Array(lines.joined(separator: "\n").utf8)).get()
        let other = try read("other.csv", Array(lines.joined(separator: ending).utf8)).get()
        #expect(other == expected)
        #expect(expected.values == [1.5, 2, -3, 0.04, 5, 6])
    }

    @Test("a CR-only file counts rows like any other: the error names row 3")
    func carriageReturnRows() throws {
        let result = try read("cr.csv", Array("x\r1\rabc\r".utf8))
        #expect(
            result
                == .failure(
                    .nonNumericField(
                        file: path("cr.csv"), at: .field(line: 3, column: 1), field: "abc")))
    }

    @Test(
        "a NUL byte anywhere in a row is an error naming row and column, never a number cut short",
        arguments: [
            ("x\n1.0\n1.5\0999\n", 3, 1), ("x,y\n1,2\n3,\04\n", 3, 2), ("\0\0\0\0", 1, 1),
            ("1,2\n\0\n", 2, 1),
        ])
    func nulBytes(text: String, line: Int, column: Int) throws {
        let result = try read("nul.csv", Array(text.utf8))
        #expect(
            result
                == .failure(
                    .controlCharacter(
                        file: path("nul.csv"), at: .field(line: line, column: column), byte: 0)))
    }

    @Test("';'-separated rows are not numbers, and the message says commas are expected")
    func semicolons() throws {
        let result = try read("semi.csv", Array("a;b\n1;2\n".utf8))
        guard case .failure(let error) = result else {
            Issue.record("read a ';'-separated file")
            return
        }
        #expect(
            error
                == .nonNumericField(
                    file: path("semi.csv"), at: .field(line: 2, column: 1), field: "1;2"))
        #expect(error.description.contains("separated by commas"))
    }

    @Test("a header with no data row is its own error, not an empty data set")
    func headerOnly() throws {
        let result = try read("head.csv", Array("a;b\n".utf8))
        #expect(result == .failure(.headerOnly(file: path("head.csv"), line: 1, header: ["a;b"])))
    }

    @Test("a blank CSV is still empty data", arguments: ["", "\n\n", "\r\r", "  \n"])
    func blank(text: String) throws {
        #expect(
            try read("blank.csv", Array(text.utf8)) == .failure(.emptyData(file: path("blank.csv")))
        )
    }

    @Test(
        "a .npy header longer than 10,000 bytes is refused before it is read",
        arguments: [(1, 10_001), (2, 1 << 31), (3, Int(UInt32.max))] as [(UInt8, Int)])
    func npyHeaderLength(major: UInt8, length: Int) throws {
        var bytes = NPYHeader.magic + [major, 0]
        let size = major == 1 ? 2 : 4
        bytes += (0..<size).map { UInt8(truncatingIfNeeded: length >> (8 * $0)) }
        bytes += Array("{'descr': '<f8'".utf8)
        let result = try read("big.npy", bytes)
        guard case .failure(.malformedNPYHeader(let file, let reason)) = result else {
            Issue.record("expected a malformed header, got \(result)")
            return
        }
        #expect(file == path("big.npy"))
        #expect(reason.contains("\(length)") && reason.contains("10000"))
    }

    @Test("a JSON document past the limit is refused by its size, before it is read")
    func jsonSize() throws {
        let url = try folder.file("big.json", text: "[1, 2, 3]")
        #expect(throws: Never.self) { try JSONFile.read(path: url.path, maximum: 9) }
        do {
            _ = try JSONFile.read(path: url.path, maximum: 8)
            Issue.record("read a document past the limit")
        } catch {
            guard case .tooLarge(let file, let byteCount, let maximum) = error else {
                Issue.record("expected tooLarge, got \(error)")
                return
            }
            #expect(file == url.path && byteCount == 9 && maximum == 8)
        }
    }
}
