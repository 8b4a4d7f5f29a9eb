import Foundation
import Testing
import _TestSupport

/// Hostile input reaches the CLI as `error: …` and exit 2, never a crash, a silent partial
/// read or an unbounded allocation: unreadable CSVs, out-of-range options, forged `.npy`
/// headers, `.rdq` files announcing huge outputs, and curves reaching past the feasible range.
@Suite("rdopt input limits")
struct InputLimitTests {
    /// A uniform scalar quantizer with step 0.5 over [-3, 3].
    static let quantizer = """
        {"format": "rdopt-quantizer", "version": 1, "dimension": 1, "distortion": "squared-error",
         "codebook": [-3, -2.5, -2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2, 2.5, 3],
         "probabilities": [0.01, 0.02, 0.05, 0.08, 0.12, 0.14, 0.16, 0.14, 0.12, 0.08, 0.05, 0.02, 0.01],
         "slope": 5.0, "important": null}
        """

    /// A CSV the reader must reject, the words its message must hold.
    struct BadCSV: Sendable, CustomTestStringConvertible {
        var name: String
        var bytes: [UInt8]
        var mentions: [String]
        var testDescription: String { name }
    }

    static let badCSVs: [BadCSV] = [
        BadCSV(
            name: "';'-separated", bytes: Array("a;b\n1;2\n3;4\n".utf8),
            mentions: ["bad.csv", "row 2", "commas"]),
        BadCSV(
            name: "';'-separated, header only", bytes: Array("a;b\n".utf8),
            mentions: ["bad.csv", "no samples", "header"]),
        BadCSV(
            name: "a NUL byte inside a field",
            bytes: Array("x\n1.0\n1.5".utf8) + [0] + Array("999\n".utf8),
            mentions: ["bad.csv", "row 3", "column 1", "NUL"]),
        BadCSV(
            name: "NUL bytes only", bytes: [0, 0, 0, 0], mentions: ["bad.csv", "row 1", "NUL"]),
    ]

    @Test("compress rejects an unreadable CSV: exit 2, no .rdq", arguments: badCSVs)
    func compressRejects(_ csv: BadCSV) throws {
        let folder = try ScratchFolder()
        try folder.write("q.json", Self.quantizer)
        try folder.write("bad.csv", data: Data(csv.bytes))
        let run = try Rdopt.run(
            ["compress", "bad.csv", "--quantizer", "q.json", "--output", "x.rdq"], in: folder)
        BadInputTests.expectRejected(run, mentions: csv.mentions)
        #expect(try folder.contents() == ["bad.csv", "q.json"])
    }

    @Test("design rejects the same CSVs: exit 2, no output", arguments: badCSVs)
    func designRejects(_ csv: BadCSV) throws {
        let folder = try ScratchFolder()
        try folder.write("bad.csv", data: Data(csv.bytes))
        let run = try Rdopt.run(
            ["design", "bad.csv", "--target-distortion", "0.1", "--output", "q.json", "--quiet"]
                + DesignCLITests.light, in: folder)
        BadInputTests.expectRejected(run, mentions: csv.mentions)
        #expect(try folder.contents() == ["bad.csv"])
    }

    @Test("a CSV with CR-only line endings compresses every sample, as its LF twin does")
    func carriageReturnsCompress() throws {
        let folder = try ScratchFolder()
        try folder.write("q.json", Self.quantizer)
        let values = (0..<50).map { Double($0 % 13) * 0.5 - 3 }
        let lines = ["x"] + values.map { "\($0)" }
        try folder.write("cr.csv", lines.joined(separator: "\r") + "\r")
        try folder.write("lf.csv", lines.joined(separator: "\n") + "\n")
        for name in ["cr", "lf"] {
            let run = try Rdopt.run(
                [
                    "compress", "\(name).csv", "--quantizer", "q.json", "--output", "\(name).rdq",
                    "--json",
                ],
                in: folder)
            #expect(run.status == 0, "stderr: \(run.standardError)")
            #expect(try Rdopt.jsonObject(run.standardOutput)["samples"] as? Int == 50)
        }
        #expect(try folder.read("cr.rdq") == folder.read("lf.rdq"))
    }

    @Test(
        "out-of-range option values exit 2 with a message naming the option",
        arguments: [
            (
                [
                    "design", "x.csv", "--target-distortion", "0.1", "--block",
                    "9223372036854775807",
                ], "--block"
            ),
            (
                ["design", "x.csv", "--target-distortion", "0.1", "--dimension", "5000"],
                "--dimension"
            ),
            (
                ["design", "x.csv", "--target-distortion", "0.1", "--codewords", "1000000000"],
                "--codewords"
            ),
            (
                [
                    "design", "x.csv", "--target-distortion", "0.1", "--stages",
                    "9223372036854775807",
                ], "--stages"
            ),
            (
                [
                    "compress", "x.csv", "--quantizer", "q.json", "--output", "x.rdq", "--block",
                    "9223372036854775807",
                ], "--block"
            ),
            (["demo", "--samples", "9223372036854775807"], "--samples"),
            (["demo", "--points", "1000000000"], "--points"),
            (["curve", "p.json", "--points", "1000000000"], "--points"),
            (["curve", "p.json", "--gap-tolerance", "0"], "--gap-tolerance"),
            (["solve", "p.json", "--max-iterations", "9223372036854775807"], "--max-iterations"),
            (
                ["decompress", "x.rdq", "--output", "y.f64", "--max-output-bytes", "0"],
                "--max-output-bytes"
            ),
        ])
    func optionRanges(_ arguments: [String], option: String) throws {
        let folder = try ScratchFolder()
        try folder.write("x.csv", "x\n0.5\n1.5\n-1\n")
        try folder.write("q.json", Self.quantizer)
        try folder.write("p.json", Problems.example)
        let before = try folder.contents()
        let run = try Rdopt.run(arguments, in: folder)
        #expect(run.status == 2, "exit \(run.status), stderr: \(run.standardError)")
        #expect(run.standardError.hasPrefix("error: "), "stderr: \(run.standardError)")
        #expect(run.standardError.contains(option), "stderr: \(run.standardError)")
        #expect(try folder.contents() == before, "files left behind")
    }

    @Test(
        "a tiny --target-distortion coarsens the initial grid instead of crashing",
        arguments: ["1e-300", "1e-20"])
    func tinyTarget(target: String) throws {
        let folder = try ScratchFolder()
        try folder.write("x.csv", "x\n0.5\n1.5\n-1\n2\n")
        let run = try Rdopt.run(
            [
                "design", "x.csv", "--target-distortion", target, "--stages", "2",
                "--no-relaxation", "--quiet",
            ],
            in: folder)
        #expect([0, 1].contains(run.status), "exit \(run.status), stderr: \(run.standardError)")
    }

    @Test("a .npy file declaring a 2 GiB header is refused at once, naming the claim")
    func npyHeader() throws {
        let folder = try ScratchFolder()
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [2, 0, 0, 0, 0, 0x80]
        bytes += Array("{'descr'".utf8)
        try folder.write("big.npy", data: Data(bytes))
        let run = try Rdopt.run(["design", "big.npy", "--target-distortion", "0.1"], in: folder)
        BadInputTests.expectRejected(run, mentions: ["big.npy", "2147483648", "10000"])
    }

    @Test("decompress refuses an output over --max-output-bytes, and writes it when raised")
    func outputLimit() throws {
        let folder = try ScratchFolder()
        try folder.write("q.json", Self.quantizer)
        try folder.write(
            "x.csv", "x\n" + (0..<100).map { "\(Double($0 % 7) - 3)" }.joined(separator: "\n"))
        let compress = try Rdopt.run(
            ["compress", "x.csv", "--quantizer", "q.json", "--output", "x.rdq"], in: folder)
        #expect(compress.status == 0, "stderr: \(compress.standardError)")
        let refused = try Rdopt.run(
            ["decompress", "x.rdq", "--output", "y.f64", "--max-output-bytes", "799"], in: folder)
        BadInputTests.expectRejected(refused, mentions: ["x.rdq", "800", "--max-output-bytes"])
        #expect(!folder.contains("y.f64"))
        let written = try Rdopt.run(
            ["decompress", "x.rdq", "--output", "y.f64", "--max-output-bytes", "800"], in: folder)
        #expect(written.status == 0, "stderr: \(written.standardError)")
    }

    /// Points 0, 1, 2 with weights 1/4, 1/4, 1/2 against codewords 0 and 1: D_min = 0.5.
    static let twoCodewords = """
        {"source": {"points": [0, 1, 2], "probabilities": [0.25, 0.25, 0.5]}, "codebook": [0, 1],
         "distortion": "squared-error", "target_distortion": 0.6}
        """

    @Test("curve across an infeasible range: the feasible points, the others marked, exit 0")
    func curveInfeasible() throws {
        let folder = try ScratchFolder()
        try folder.write("p.json", Self.twoCodewords)
        let run = try Rdopt.run(
            [
                "curve", "p.json", "--from", "0.1", "--to", "0.9", "--points", "5", "--output",
                "c.csv", "--json",
            ],
            in: folder)
        #expect(run.status == 0, "stderr: \(run.standardError)")
        #expect(run.standardError.contains("2 of 5 points are infeasible"), "\(run.standardError)")
        let points = try #require(
            try Rdopt.jsonObject(run.standardOutput)["points"] as? [[String: Any]])
        #expect(
            points.map { $0["status"] as? String } == [
                "infeasible", "infeasible", "optimal", "optimal", "optimal",
            ])
        #expect(
            points.prefix(2).allSatisfy { ($0["smallest_feasible_distortion"] as? Double) == 0.5 })
        #expect(points.prefix(2).allSatisfy { $0["rate_bits"] is NSNull })
        let lines = try folder.read("c.csv").split(separator: "\n").map(String.init)
        #expect(
            lines.first
                == "distortion,rate_bits,lower_bound_bits,gap_bits,slope,status,smallest_feasible_distortion"
        )
        #expect(lines[1] == "0.1,,,,,infeasible,0.5")
        #expect(lines[3].hasPrefix("0.5,") && lines[3].hasSuffix(",optimal,"))
    }

    @Test("curve with every point infeasible is bad input naming --to and the smallest distortion")
    func curveAllInfeasible() throws {
        let folder = try ScratchFolder()
        try folder.write("p.json", Self.twoCodewords)
        let run = try Rdopt.run(
            [
                "curve", "p.json", "--from", "0.1", "--to", "0.3", "--points", "3", "--output",
                "c.csv",
            ],
            in: folder)
        BadInputTests.expectRejected(run, mentions: ["p.json", "--to", "0.3", "0.5"])
        #expect(!folder.contains("c.csv"))
    }
}
