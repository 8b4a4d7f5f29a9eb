import Foundation
import Testing
import _TestSupport

@Suite("rdopt solve, verify and curve")
struct SolveVerifyCurveTests {
    @Test("the rdopt executable is found next to the tests")
    func executableIsFound() throws {
        let executable = try #require(Rdopt.executable, "looked at \(Rdopt.candidates.map(\.path))")
        print("rdopt CLI tests use \(executable.path)")
    }

    @Test("solve prints a human summary that contains the rate in bits and nats")
    func solveHuman() throws {
        let folder = try ScratchFolder()
        try folder.write("problem.json", Problems.example)
        let json = try Rdopt.jsonObject(
            try Rdopt.run(["solve", "problem.json", "--json"], in: folder).standardOutput)
        let bits = try #require(json["rate_bits"] as? Double)
        let nats = try #require(json["rate_nats"] as? Double)
        let run = try Rdopt.run(["solve", "problem.json"], in: folder)
        #expect(run.status == 0)
        #expect(run.standardOutput.contains("rate"))
        #expect(
            run.standardOutput.contains(String(format: "%.10f", bits)),
            "no rate \(bits) bits in:\n\(run.standardOutput)")
        #expect(
            run.standardOutput.contains(String(format: "%.10f", nats)),
            "no rate \(nats) nats in:\n\(run.standardOutput)")
        #expect(run.standardOutput.contains("optimal"))
        #expect(run.standardError.isEmpty, "stderr: \(run.standardError)")
    }

    @Test(
        "solve --json prints one JSON document and nothing else on stdout",
        arguments: [Problems.example, Problems.vector, Problems.matrixSlope])
    func solveJSON(problem: String) throws {
        let folder = try ScratchFolder()
        try folder.write("problem.json", problem)
        let run = try Rdopt.run(["solve", "problem.json", "--json", "--encoder"], in: folder)
        #expect(run.status == 0, "stderr: \(run.standardError)")
        let json = try Rdopt.jsonObject(run.standardOutput)
        #expect(json["status"] as? String == "optimal")
        for key in [
            "rate_nats", "rate_bits", "lower_bound_nats", "lower_bound_bits", "gap_nats",
            "distortion", "slope",
            "output_probabilities", "encoder", "fidelity", "iterations", "seconds",
        ] {
            #expect(json[key] != nil, "missing \(key)")
        }
        let rate = try #require(json["rate_nats"] as? Double)
        let bound = try #require(json["lower_bound_nats"] as? Double)
        // Every comparison of numbers from the file: rounding in printing only (1e-12 nats).
        #expect(rate >= bound - 1e-12)
        #expect(rate - bound <= 1e-9)
        #expect(run.standardError.isEmpty, "stderr: \(run.standardError)")
    }

    @Test(
        "solve --output and --certificate write their files; the output file is the --json document"
    )
    func solveFiles() throws {
        let folder = try ScratchFolder()
        try folder.write("problem.json", Problems.example)
        let run = try Rdopt.run(
            [
                "solve", "problem.json", "--json", "--output", "result.json", "--certificate",
                "cert.json",
            ], in: folder)
        #expect(run.status == 0, "stderr: \(run.standardError)")
        #expect(folder.contains("result.json") && folder.contains("cert.json"))
        let printed = try Rdopt.jsonObject(run.standardOutput)
        let written = try Rdopt.jsonObject(try folder.read("result.json"))
        #expect(printed["rate_nats"] as? Double == written["rate_nats"] as? Double)
        let certificate = try Rdopt.jsonObject(try folder.read("cert.json"))
        #expect(certificate["format"] as? String == "rdopt-certificate")
        #expect(certificate["version"] as? Int == 1)
        #expect((certificate["problem_sha256"] as? String)?.count == 64)
        #expect(
            certificate["lower_bound_nats"] as? Double == printed["lower_bound_nats"] as? Double)
    }

    /// Writes `problem.json` and its certificate `cert.json` into a fresh folder.
    static func certified(_ problem: String = Problems.example) throws -> ScratchFolder {
        let folder = try ScratchFolder()
        try folder.write("problem.json", problem)
        let run = try Rdopt.run(
            ["solve", "problem.json", "--certificate", "cert.json"], in: folder)
        try #require(run.status == 0, "stderr: \(run.standardError)")
        return folder
    }

    @Test(
        "verify exits 0 on the right certificate",
        arguments: [Problems.example, Problems.vector, Problems.matrixSlope])
    func verifyConfirms(problem: String) throws {
        let folder = try Self.certified(problem)
        let run = try Rdopt.run(["verify", "problem.json", "cert.json"], in: folder)
        #expect(run.status == 0, "stdout: \(run.standardOutput) stderr: \(run.standardError)")
        #expect(run.standardOutput.contains("confirmed"))
        let json = try Rdopt.jsonObject(
            try Rdopt.run(["verify", "problem.json", "cert.json", "--json"], in: folder)
                .standardOutput)
        #expect(json["confirmed"] as? Bool == true)
    }

    @Test("verify exits 1 when the claimed lower bound is raised by 0.1 nats")
    func verifyRefutes() throws {
        let folder = try Self.certified()
        var certificate = try Rdopt.jsonObject(try folder.read("cert.json"))
        certificate["lower_bound_nats"] =
            try #require(certificate["lower_bound_nats"] as? Double) + 0.1
        try Data(JSONSerialization.data(withJSONObject: certificate)).write(
            to: folder.url.appendingPathComponent("tampered.json"))
        let run = try Rdopt.run(["verify", "problem.json", "tampered.json"], in: folder)
        #expect(run.status == 1, "stdout: \(run.standardOutput) stderr: \(run.standardError)")
        #expect(run.standardOutput.contains("REFUTED"))
    }

    @Test("verify exits 2 on a certificate made for another problem (hash mismatch)")
    func verifyOtherProblem() throws {
        let folder = try Self.certified()
        try folder.write("other.json", Problems.otherTarget)
        let run = try Rdopt.run(["verify", "other.json", "cert.json"], in: folder)
        #expect(run.status == 2)
        #expect(run.standardError.hasPrefix("error: "))
        #expect(
            run.standardError.contains("another problem") || run.standardError.contains("sha256"),
            "stderr: \(run.standardError)")
        // Even a whitespace change makes it another file.
        try folder.write("reformatted.json", Problems.example + "\n")
        #expect(try Rdopt.run(["verify", "reformatted.json", "cert.json"], in: folder).status == 2)
    }

    @Test(
        "verify exits 2 on malformed files",
        arguments: [
            "truncated certificate", "not a certificate", "malformed problem", "missing file",
        ])
    func verifyMalformed(what: String) throws {
        let folder = try Self.certified()
        let certificate = try folder.read("cert.json")
        var arguments = ["verify", "problem.json", "bad.json"]
        switch what {
        case "truncated certificate":
            try folder.write("bad.json", String(certificate.prefix(certificate.count / 2)))
        case "not a certificate":
            try folder.write("bad.json", #"{"format": "rdopt-quantizer", "version": 1}"#)
        case "malformed problem":
            try folder.write("bad.json", String(Problems.example.dropLast(20)))
            arguments = ["verify", "bad.json", "cert.json"]
        default: arguments = ["verify", "problem.json", "missing.json"]
        }
        let run = try Rdopt.run(arguments, in: folder)
        #expect(run.status == 2, "stderr: \(run.standardError)")
        #expect(run.standardError.hasPrefix("error: "), "stderr: \(run.standardError)")
    }

    @Test(
        "curve --points 5 --output writes the CSV header and 5 rows, R non-increasing, a price per class"
    )
    func curveCSV() throws {
        let folder = try ScratchFolder()
        try folder.write("problem.json", Problems.example)
        let run = try Rdopt.run(
            ["curve", "problem.json", "--points", "5", "--output", "c.csv"], in: folder)
        #expect(run.status == 0, "stderr: \(run.standardError)")
        let lines = try folder.read("c.csv").split(separator: "\n", omittingEmptySubsequences: true)
        try #require(lines.count == 6, "\(lines)")
        #expect(
            lines[0]
                == "distortion,rate_bits,lower_bound_bits,gap_bits,slope,price:tail,status,smallest_feasible_distortion"
        )
        var previous: (distortion: Double, rate: Double)?
        for line in lines.dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(
                String.init)
            try #require(fields.count == 8, "\(line)")
            #expect(fields[6] == "optimal" && fields[7].isEmpty, "\(line)")
            let distortion = try #require(Double(fields[0]))
            let rate = try #require(Double(fields[1]))
            let bound = try #require(Double(fields[2]))
            let gap = try #require(Double(fields[3]))
            #expect(fields[4] == "inf" || Double(fields[4]) != nil)
            #expect(fields[5] == "inf" || (Double(fields[5]) ?? -1) >= 0, "\(line)")
            #expect(rate >= bound - 1e-12 && gap <= 1e-9 / 0.693)
            if let previous {
                #expect(distortion > previous.distortion)
                #expect(rate <= previous.rate + 1e-9)
            }
            previous = (distortion, rate)
        }
    }

    @Test("curve --json prints one JSON document with the requested points")
    func curveJSON() throws {
        let folder = try ScratchFolder()
        try folder.write("problem.json", Problems.example)
        let run = try Rdopt.run(["curve", "problem.json", "--points", "4", "--json"], in: folder)
        #expect(run.status == 0, "stderr: \(run.standardError)")
        let points = try #require(
            try Rdopt.jsonObject(run.standardOutput)["points"] as? [[String: Any]])
        #expect(points.count == 4)
        for point in points {
            let prices = try #require(point["class_prices"] as? [String: Any])
            #expect(Array(prices.keys) == ["tail"])
        }
    }

    @Test("solve --max-iterations 1 reports gap-not-reached with a valid bound, exit 0")
    func iterationLimit() throws {
        let grid = (0...40).map { -4 + 0.2 * Double($0) }
        let density = grid.map { Foundation.exp(-$0 * $0 / 2) }
        let total = density.reduce(0, +)
        let folder = try ScratchFolder()
        try folder.write(
            "grid.json",
            """
            {"source": {"points": \(grid), "probabilities": \(density.map { $0 / total })}, "codebook": \(grid),
             "distortion": "squared-error", "target_distortion": 0.2}
            """)
        let optimum = try Rdopt.jsonObject(
            try Rdopt.run(["solve", "grid.json", "--json"], in: folder).standardOutput)
        let run = try Rdopt.run(
            [
                "solve", "grid.json", "--json", "--max-iterations", "1", "--gap-tolerance", "1e-14",
                "--certificate", "cert.json",
            ], in: folder)
        #expect(run.status == 0, "stderr: \(run.standardError)")
        let early = try Rdopt.jsonObject(run.standardOutput)
        #expect(early["status"] as? String == "gap-not-reached")
        let bound = try #require(early["lower_bound_nats"] as? Double)
        let best = try #require(optimum["rate_nats"] as? Double)
        #expect(bound <= best + 1e-12)
        // The early certificate proves exactly what it claims.
        #expect(try Rdopt.run(["verify", "grid.json", "cert.json"], in: folder).status == 0)
        let human = try Rdopt.run(["solve", "grid.json", "--max-iterations", "1"], in: folder)
        #expect(human.standardOutput.contains("gap-not-reached"))
    }

    @Test("probabilities within 1e-6 of summing to 1 are accepted")
    func probabilitySumTolerance() throws {
        let folder = try ScratchFolder()
        try folder.write(
            "problem.json",
            #"{"source": {"points": [0, 1], "probabilities": [0.5, 0.5000009]}, "codebook": [0, 1], "distortion": "hamming", "target_distortion": 0.1}"#
        )
        let run = try Rdopt.run(["solve", "problem.json", "--output", "out.json"], in: folder)
        #expect(run.status == 0, "stderr: \(run.standardError)")
        #expect(folder.contains("out.json"))
    }
}

@Suite("rdopt bound")
struct BoundCLITests {
    /// `bound` writes a problem and a certificate that `verify` confirms; a certificate whose
    /// claim is raised is refuted.
    @Test("bound's problem and certificate pass verify; a raised claim fails")
    func boundVerifies() throws {
        let folder = try ScratchFolder()
        var generator = SplitMix64(seed: 5)
        let values = (0..<2_000).map { _ in String(generator.nextGaussian()) }
        try folder.write("x.csv", "x\n" + values.joined(separator: "\n") + "\n")
        let run = try Rdopt.run(
            [
                "bound", "x.csv", "--target-distortion", "0.05", "--problem-output", "p.json",
                "--certificate", "c.json", "--json",
            ], in: folder)
        #expect(run.status == 0, "stderr: \(run.standardError)")
        let json = try Rdopt.jsonObject(run.standardOutput)
        let lower = try #require(json["lower_bound_bits"] as? Double)
        let upper = try #require(json["upper_bound_bits"] as? Double)
        #expect(lower <= upper && upper - lower <= 0.01)
        #expect(try Rdopt.run(["verify", "p.json", "c.json"], in: folder).status == 0)
        let certificate = try folder.read("c.json")
        #expect(certificate.contains("\"reconstructions\": \"real-line\""))
        // Claim the bound for the grid alone over the real line: refuted.
        let grid = try #require(json["grid_lower_bound_bits"] as? Double)
        let claimed = try #require(
            certificate.split(separator: "\n").first { $0.contains("lower_bound_nats") })
        let raised = certificate.replacingOccurrences(
            of: String(claimed),
            with: "  \"lower_bound_nats\": \(grid * 0.6931471805599453 + 1e-3),")
        try folder.write("raised.json", raised)
        #expect(try Rdopt.run(["verify", "p.json", "raised.json"], in: folder).status != 0)
    }

    @Test("bound refuses vectors, a certificate without its problem, and absurd options")
    func boundRefusesBadInput() throws {
        let folder = try ScratchFolder()
        try folder.write("x.csv", "x\n1\n2\n3\n")
        for arguments in [
            ["bound", "x.csv", "--target-distortion", "0.1", "--certificate", "c.json"],
            ["bound", "x.csv", "--target-distortion", "0.1", "--codewords", "3"],
            ["bound", "x.csv", "--target-distortion", "-1"],
            ["bound", "x.csv", "--target-distortion", "0.1", "--dimension", "3"],
            [
                "bound", "x.csv", "--target-distortion", "0.1", "--important", ">2", "--tolerance",
                "nan",
            ],
            [
                "bound", "x.csv", "--target-distortion", "0.1", "--important", ">2",
                "--tolerance=-1",
            ],
        ] {
            let run = try Rdopt.run(arguments, in: folder)
            #expect(run.status == 2, "\(arguments): \(run.status) \(run.standardError)")
            #expect(run.standardError.contains("error"))
        }
    }
}
