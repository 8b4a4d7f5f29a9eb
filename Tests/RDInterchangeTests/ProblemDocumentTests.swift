import Foundation
import RateDistortion
import Testing
import _TestSupport

@testable import RDInterchange

/// The problem file of docs/formats.md (and the certificate file) read by ``ProblemDocument`` and
/// ``CertificateDocument``.
@Suite("Problem and certificate documents")
struct ProblemDocumentTests {
    static func parse(_ text: String) throws(DocumentError) -> ProblemDocument {
        try ProblemDocument.parse(Data(text.utf8), file: "p.json")
    }

    static let example =
        #"{"source": {"points": [-1.0, 0.0, 1.0], "probabilities": [0.25, 0.5, 0.25]}, "codebook": [-1.0, 0.0, 1.0], "distortion": "squared-error", "target_distortion": 0.1}"#

    @Test("docs/formats.md's example reads with every key")
    func designExample() throws {
        let document = try Self.parse(
            """
            {
              "source": { "points": [-1.0, 0.0, 1.0], "probabilities": [0.25, 0.5, 0.25] },
              "codebook": [-1.0, 0.0, 1.0],
              "distortion": "squared-error",
              "target_distortion": 0.1,
              "fidelity": [ { "name": "tail", "members": [0, 2], "tolerance": 0.02,
                              "semantics": "per-element" } ],
              "gap_tolerance": 1e-9
            }
            """)
        let problem = document.problem
        #expect(problem.sourcePoints?.coordinates == [-1, 0, 1])
        #expect(problem.probabilities.values == [0.25, 0.5, 0.25])
        #expect(problem.codebook?.coordinates == [-1, 0, 1])
        #expect(problem.measure == .squaredError)
        #expect(problem.constraint == .targetDistortion(0.1))
        #expect(
            problem.fidelity == [
                FidelityClass(
                    name: "tail", members: [0, 2], tolerance: 0.02, semantics: .perElement)
            ])
        #expect(document.gapTolerance == 1e-9)
    }

    @Test(
        "vector points, a matrix without points, Hamming, absolute error, slope mode and class averages read"
    )
    func otherForms() throws {
        let vector = try Self.parse(
            #"{"source": {"points": [[0, 1], [2, 3]], "probabilities": [0.5, 0.5]}, "codebook": [[0, 0]], "distortion": "absolute-error", "slope": 2.5, "fidelity": [{"name": "a", "members": [1], "tolerance": 0.3, "semantics": "class-average"}]}"#
        ).problem
        #expect(vector.sourcePoints?.dimension == 2 && vector.sourcePoints?.count == 2)
        #expect(vector.measure == .absoluteError && vector.constraint == .slope(2.5))
        #expect(vector.fidelity.first?.semantics == .classAverage)
        let matrix = try Self.parse(
            #"{"source": {"probabilities": [0.5, 0.5]}, "distortion": {"matrix": [[0, 1, 2], [2, 1, 0]]}, "target_distortion": 0.5}"#
        ).problem
        #expect(matrix.sourcePoints == nil && matrix.codebook == nil && matrix.codewordCount == 3)
        #expect(matrix.measure == .matrix(try DistortionMatrix(rows: [[0, 1, 2], [2, 1, 0]])))
        let hamming = try Self.parse(
            #"{"source": {"points": [0, 1], "probabilities": [0.5, 0.5]}, "codebook": [0, 1], "distortion": "hamming", "target_distortion": 0.1, "fidelity": [{"members": [0], "tolerance": 0.05}]}"#
        ).problem
        #expect(hamming.measure == .hamming)
        // Per-element is the default semantics; the name defaults too.
        #expect(hamming.fidelity.first?.semantics == .perElement)
    }

    /// Every number of `a` within `relative` of the same number of `b` (points, codebook, constraint, tolerances).
    static func expectSameProblem(
        _ a: Problem, _ b: Problem, relative: Double,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        func close(_ x: [Double], _ y: [Double]) -> Bool {
            x.count == y.count && zip(x, y).allSatisfy { isClose($0, $1, relative: relative) }
        }
        #expect(
            a.sourcePoints?.dimension == b.sourcePoints?.dimension, sourceLocation: sourceLocation)
        #expect(
            close(a.sourcePoints?.coordinates ?? [], b.sourcePoints?.coordinates ?? []),
            sourceLocation: sourceLocation)
        #expect(
            close(a.codebook?.coordinates ?? [], b.codebook?.coordinates ?? []),
            sourceLocation: sourceLocation)
        #expect(
            close(a.probabilities.values, b.probabilities.values), sourceLocation: sourceLocation)
        switch (a.measure, b.measure) {
        case (.matrix(let x), .matrix(let y)):
            #expect(
                close(x.entries, y.entries) && x.columns == y.columns,
                sourceLocation: sourceLocation)
        default: #expect(a.measure == b.measure, sourceLocation: sourceLocation)
        }
        switch (a.constraint, b.constraint) {
        case (.targetDistortion(let x), .targetDistortion(let y)), (.slope(let x), .slope(let y)):
            #expect(isClose(x, y, relative: relative), sourceLocation: sourceLocation)
        default:
            Issue.record(
                "constraints differ: \(a.constraint), \(b.constraint)",
                sourceLocation: sourceLocation)
        }
        #expect(a.fidelity.count == b.fidelity.count, sourceLocation: sourceLocation)
        for (x, y) in zip(a.fidelity, b.fidelity) {
            #expect(
                x.name == y.name && x.members == y.members && x.semantics == y.semantics,
                sourceLocation: sourceLocation)
            #expect(
                isClose(x.tolerance, y.tolerance, relative: relative),
                sourceLocation: sourceLocation)
        }
    }

    static let roundTripProblems: [Problem] = RandomInstances.Kind.allCases.flatMap { kind in
        zip([UInt64(1), 2, 3, 4], FidelityMix.allCases).flatMap { seed, fidelity in
            [false, true].map {
                RandomInstances.tiny(seed: seed, kind: kind, fidelity: fidelity, slopeMode: $0)
            }
        }
    }

    @Test(
        "a problem written with shortest round-trip numbers reads back to the same problem (relative 1e-15)"
    )
    func roundTrip() throws {
        for problem in Self.roundTripProblems {
            let read = try Self.parse(ProblemText.json(problem, gapTolerance: 1e-10))
            // 1e-15: a few ulps, see the next test.
            Self.expectSameProblem(read.problem, problem, relative: 1e-15)
            #expect(read.gapTolerance == 1e-10)
        }
    }

    /// Known issue (reported to the lead): swift-corelibs-foundation's JSONSerialization returns an
    /// NSDecimalNumber for numbers with many digits, and its `doubleValue` is not correctly rounded:
    /// "0.15583252086711852" (Swift's shortest round-trip form of a double) reads as
    /// 0.15583252086711857, 2 ulps off; "22.364601762501085" as 22.36460176250109. So no file that
    /// rdopt writes (results, certificates) reads back bit for bit, and `rdopt verify` checks a
    /// certificate whose numbers moved by an ulp or two. Fix: in `JSONReader.number()`, parse
    /// `Double(decimal.stringValue)` when the value is an NSDecimalNumber.
    @Test("numbers read back bit for bit")
    func exactNumbers() throws {
        func numbers(_ problem: Problem) -> [Double] {
            var values =
                (problem.sourcePoints?.coordinates ?? []) + (problem.codebook?.coordinates ?? [])
                + problem.probabilities.values
            switch problem.constraint {
            case .targetDistortion(let value), .slope(let value): values.append(value)
            }
            if case .matrix(let matrix) = problem.measure { values += matrix.entries }
            return values + problem.fidelity.map(\.tolerance)
        }
        var total = 0
        var changed: [(written: Double, read: Double)] = []
        for problem in Self.roundTripProblems {
            let written = numbers(problem)
            let read = numbers(try Self.parse(ProblemText.json(problem)).problem)
            try #require(written.count == read.count)
            total += written.count
            changed += zip(written, read).filter { $0.0 != $0.1 }.map {
                (written: $0.0, read: $0.1)
            }
        }
        #expect(
            changed.isEmpty,
            "\(changed.count) of \(total) numbers changed, e.g. \(changed.prefix(3).map { "\($0.written) → \($0.read)" })"
        )

    }

    @Test(
        "the hash is the SHA-256 of the file's bytes, so a whitespace change makes another problem")
    func hash() throws {
        #expect(
            try Self.parse(Self.example).sha256
                == "cf1e3ba34dc47dd4c6dd5f48d28129d3751ca7c7d829bfa690ad196b9d865717")
        #expect(
            try Self.parse(Self.example + "\n").sha256
                == "dc51b88b1a1b51ea7a8769957b4e213f638bd0a6dc90955e6f6fec89a81a5b1b")
    }

    enum Expected: Sendable {
        case malformed
        case field(String)
        case invalid
    }

    struct BadCase: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        var expected: Expected
        var testDescription: String { name }
    }

    static let badCases: [BadCase] = [
        BadCase(name: "truncated", text: String(example.prefix(50)), expected: .malformed),
        BadCase(name: "empty", text: "", expected: .malformed),
        BadCase(
            name: "NaN", text: example.replacingOccurrences(of: "0.1}", with: "NaN}"),
            expected: .malformed),
        BadCase(name: "a top-level array", text: "[1, 2]", expected: .field("(top level)")),
        BadCase(
            name: "both target_distortion and slope",
            text: example.replacingOccurrences(of: "0.1}", with: "0.1, \"slope\": 1}"),
            expected: .field("target_distortion")),
        BadCase(
            name: "a string probability",
            text: example.replacingOccurrences(of: "0.25, 0.5", with: "\"0.25\", 0.5"),
            expected: .field("source.probabilities[0]")),
        BadCase(
            name: "a boolean point",
            text: example.replacingOccurrences(
                of: "[-1.0, 0.0, 1.0], \"prob", with: "[true, 0.0, 1.0], \"prob"),
            expected: .field("source.points[0]")),
        BadCase(
            name: "an unknown key in source",
            text: example.replacingOccurrences(of: "\"points\"", with: "\"pts\""),
            expected: .field("source.pts")),
        BadCase(
            name: "missing source", text: #"{"codebook": [0], "target_distortion": 0.1}"#,
            expected: .field("source")),
        BadCase(
            name: "a negative probability",
            text: example.replacingOccurrences(of: "0.25, 0.5, 0.25", with: "-0.25, 1.0, 0.25"),
            expected: .invalid),
        BadCase(
            name: "probabilities summing to 1.01",
            text: example.replacingOccurrences(of: "0.25, 0.5, 0.25", with: "0.26, 0.5, 0.25"),
            expected: .invalid),
        BadCase(
            name: "a member out of range",
            text: example.replacingOccurrences(
                of: "0.1}", with: "0.1, \"fidelity\": [{\"members\": [3], \"tolerance\": 1}]}"),
            expected: .invalid),
    ]

    @Test(
        "bad problem files throw a DocumentError of the right kind, naming the file",
        arguments: badCases)
    func rejects(_ testCase: BadCase) {
        do {
            _ = try Self.parse(testCase.text)
            Issue.record("accepted: \(testCase.text)")
        } catch {
            #expect(error.description.hasPrefix("p.json: "), "\(error)")
            switch (testCase.expected, error) {
            case (.malformed, .malformed): break
            case (.field(let key), .field(_, let found, _)): #expect(found == key, "\(error)")
            case (.invalid, .invalid): break
            default: Issue.record("expected \(testCase.expected), got \(error)")
            }
        }
    }

    @Test("an infeasible problem is a valid document: infeasibility is the solver's finding")
    func infeasibleParses() throws {
        let problem = try Self.parse(
            Self.example.replacingOccurrences(
                of: "\"codebook\": [-1.0, 0.0, 1.0]", with: "\"codebook\": [5.0]")
        ).problem
        #expect(throws: RateDistortionError.self) { try Solver().solve(problem) }
    }

    @Test("a missing file is unreadable")
    func missingFile() {
        #expect {
            _ = try ProblemDocument.load(path: "/nonexistent/problem.json")
        } throws: { error in
            if case DocumentError.unreadable = error { return true }
            return false
        }
    }

    @Test("a certificate document survives writing and reading exactly")
    func certificateRoundTrip() throws {
        let document = try Self.parse(
            """
            {"source": {"points": [-1.3, -0.2, 0.4, 1.1, 2.5], "probabilities": [0.1, 0.3, 0.25, 0.2, 0.15]},
             "codebook": [-1, 0, 1, 2], "distortion": "squared-error", "target_distortion": 0.2,
             "fidelity": [{"name": "pinned", "members": [0, 4], "tolerance": 0.25},
                          {"name": "left", "members": [0, 1], "tolerance": 0.08, "semantics": "class-average"}]}
            """)
        let solution = try Solver().solve(document.problem)
        let written = CertificateDocument(
            certificate: solution.certificate, problemSHA256: document.sha256)
        let read = try CertificateDocument.parse(
            Data(written.json.serialized().utf8), file: "c.json")
        #expect(read.problemSHA256 == document.sha256)
        #expect(read.certificate.prices.map(\.name) == solution.certificate.prices.map(\.name))
        #expect(
            isClose(
                read.certificate.lowerBoundNats, solution.certificate.lowerBoundNats,
                relative: 1e-15))
        #expect(
            read.certificate.isConfirmed(
                by: try read.certificate.recomputedLowerBound(for: document.problem)))
        #expect(read.certificate == solution.certificate)

    }
}

/// The JSON parser behind every document: typed values, escapes and surrogate pairs.
@Suite("JSON parser")
struct JSONParserTests {
    private func parse(_ text: String) throws -> JSONValue {
        try JSONParser.parse(Data(text.utf8))
    }

    @Test("an escaped surrogate pair decodes to the one scalar it encodes")
    func surrogatePairDecodes() throws {
        #expect(try parse(#""\ud83d\ude00""#) == .string("😀"))
        #expect(try parse(#""a\uD834\uDD1Eb""#) == .string("a𝄞b"))
        #expect(try parse(#""\u00e9\u4e2d""#) == .string("é中"))
    }

    @Test("a lone or reversed surrogate is an error that names it, never U+FFFD")
    func loneSurrogatesAreRejected() {
        for text in [
            #""\ud83d""#, #""\ud83dx""#, #""\ude00""#, #""\ud83d\u0041""#, #""\ude00\ud83d""#,
        ] {
            #expect(throws: JSONParser.Failure.self, "\(text)") { try parse(text) }
        }
    }

    @Test("values come back typed, object keys in file order")
    func typedValues() throws {
        let value = try parse(#"{"b": [1, 2.5e-3, true, null], "a": "x"}"#)
        guard case .object(let pairs) = value else {
            Issue.record("not an object")
            return
        }
        #expect(pairs.map(\.0) == ["b", "a"])
        #expect(pairs[0].1 == .array([.number(1), .number(0.0025), .bool(true), .null]))
        #expect(pairs[1].1 == .string("x"))
    }

    @Test("malformed escapes, duplicate keys and non-finite numbers are errors")
    func malformedInputIsRejected() {
        for text in [#""\u12G4""#, #""\u12""#, #"{"a": 1, "a": 2}"#, "NaN", "[1e999]", #""\x""#] {
            #expect(throws: JSONParser.Failure.self, "\(text)") { try parse(text) }
        }
    }
}
