import Foundation
import Testing
import _TestSupport

#if canImport(FoundationXML)
import FoundationXML
#endif

/// `rdopt design` and `rdopt baseline` on small generated inputs (issue 4), run as the built
/// executable.
///
/// The design's cost is annealing on the distinct values (atoms) against the initial grid, and
/// the row kernel is slow in a debug build (3,000 distinct Gaussian values: about 3 minutes with
/// a 60-point grid and 4 stages). So the samples are read at a resolution of 0.1 (66 distinct
/// values, like a sensor's), with a 48-point grid and 8 stages: a few seconds a run.
///
/// Numbers read back with `JSONSerialization` are compared with a relative 1e-12: Foundation on
/// Linux parses 17-digit numbers through `NSDecimalNumber` and can land a few ulps off
/// (3.4000000000000004 reads as 3.4000000000000012).
@Suite("rdopt design and baseline")
struct DesignCLITests {
    static let count = 3000
    static let values = DataFiles.gaussian(count: count, resolution: 0.1)
    /// D, and the class |x| > 2.5 held to D' = D/10 per sample.
    static let target = 0.1
    static let rule = "abs>2.5"
    static let tolerance = 0.01
    static let importantValues = values.filter { abs($0) > 2.5 }
    /// Settings that keep a debug build fast (fewer stages than 8 can fail on this data; see the report).
    static let light = ["--stages", "8", "--codewords", "48"]

    /// `value ≤ bound` up to the reading error of `JSONSerialization` (relative 1e-12).
    static func atMost(_ value: Double, _ bound: Double) -> Bool {
        value <= bound + 1e-12 * max(abs(bound), 1e-300)
    }

    enum Format: String, CaseIterable, Sendable {
        case csv, npy, f64
        var fileName: String { "x.\(rawValue)" }
        func data(_ values: [Double]) -> Data {
            switch self {
            case .csv: DataFiles.csv(values)
            case .npy: DataFiles.npy(values)
            case .f64: DataFiles.float64(values)
            }
        }
    }

    static func folder(with format: Format) throws -> ScratchFolder {
        let folder = try ScratchFolder()
        try folder.write(format.fileName, data: format.data(values))
        return folder
    }

    /// The quantizer keys of docs/formats.md.
    static let quantizerKeys = [
        "format", "version", "dimension", "distortion", "codebook", "probabilities", "slope",
        "important", "training", "relaxation", "stages",
    ]
    static let trainingKeys = [
        "samples", "entropy_bits", "distortion", "important_count", "important_max_distortion",
        "important_violations",
    ]
    static let stageKeys = [
        "temperature", "mutual_information_bits", "output_entropy_bits", "conditional_entropy_bits",
        "distortion", "live_codewords", "iterations", "settled",
    ]

    @Test(
        "design with an importance rule writes a quantizer that parses, meets D and has no violations",
        arguments: Format.allCases)
    func designWithRule(format: Format) throws {
        let folder = try Self.folder(with: format)
        let run = try Rdopt.run(
            [
                "design", format.fileName, "--target-distortion", "\(Self.target)", "--important",
                Self.rule,
                "--tolerance", "\(Self.tolerance)", "--output", "q.json", "--quiet",
            ] + Self.light, in: folder)
        #expect(run.status == 0, "stderr: \(run.standardError)")
        #expect(run.standardError.isEmpty, "stderr: \(run.standardError)")
        let quantizer = try Rdopt.jsonObject(try folder.read("q.json"))
        #expect(quantizer["format"] as? String == "rdopt-quantizer")
        #expect(quantizer["version"] as? Int == 1)
        #expect(quantizer["dimension"] as? Int == 1)
        let codebook = try #require(quantizer["codebook"] as? [Double])
        let probabilities = try #require(quantizer["probabilities"] as? [Double])
        #expect(!codebook.isEmpty && codebook.count == probabilities.count)
        // The probabilities are a law: sum 1 up to printing (1e-9).
        #expect(abs(probabilities.reduce(0, +) - 1) <= 1e-9)
        let important = try #require(quantizer["important"] as? [String: Any])
        #expect(important["rule"] as? String == Self.rule)
        #expect(important["tolerance"] as? Double == Self.tolerance)
        let training = try #require(quantizer["training"] as? [String: Any])
        #expect(training["samples"] as? Int == Self.count)
        #expect(training["important_count"] as? Int == Self.importantValues.count)
        #expect(!Self.importantValues.isEmpty)
        #expect(training["important_violations"] as? Int == 0)
        // Measured on every sample: D̂ ≤ D and every important sample within D'.
        #expect(Self.atMost(try #require(training["distortion"] as? Double), Self.target))
        #expect(
            Self.atMost(
                try #require(training["important_max_distortion"] as? Double), Self.tolerance))
        #expect((quantizer["stages"] as? [Any])?.count == 8)
        #expect(run.standardOutput.contains("0 violations"), "stdout:\n\(run.standardOutput)")
    }

    /// The check does not trust the design's own count: compress applies the quantizer's rule to
    /// the data, and the reconstruction is compared with the samples here.
    @Test("the designed quantizer compresses the data with every important sample within D'")
    func designedQuantizerRoundTrip() throws {
        let folder = try Self.folder(with: .f64)
        let design = try Rdopt.run(
            [
                "design", "x.f64", "--target-distortion", "\(Self.target)", "--important",
                Self.rule,
                "--tolerance", "\(Self.tolerance)", "--output", "q.json", "--quiet",
            ] + Self.light, in: folder)
        #expect(design.status == 0, "stderr: \(design.standardError)")
        let compress = try Rdopt.run(
            ["compress", "x.f64", "--quantizer", "q.json", "--output", "x.rdq", "--quiet"],
            in: folder)
        #expect(compress.status == 0, "stderr: \(compress.standardError)")
        let decompress = try Rdopt.run(
            ["decompress", "x.rdq", "--output", "y.f64", "--quiet"], in: folder)
        #expect(decompress.status == 0, "stderr: \(decompress.standardError)")
        let y = DataFiles.readFloat64(
            try Data(contentsOf: folder.url.appendingPathComponent("y.f64")))
        try #require(y.count == Self.count)
        var total = 0.0
        var worstImportant = 0.0
        for (x, r) in zip(Self.values, y) {
            total += (x - r) * (x - r)
            if abs(x) > 2.5 { worstImportant = max(worstImportant, (x - r) * (x - r)) }
        }
        // Summed in another order than the design's: relative 1e-12. The reconstruction is the
        // codebook value itself (raw float64), so each important sample is exact.
        #expect(Self.atMost(total / Double(Self.count), Self.target))
        #expect(worstImportant <= Self.tolerance)
    }

    @Test("design --json prints the quantizer document (the --output file) and nothing else")
    func designJSON() throws {
        let folder = try Self.folder(with: .csv)
        let run = try Rdopt.run(
            [
                "design", "x.csv", "--target-distortion", "\(Self.target)", "--important",
                Self.rule,
                "--json", "--output", "q.json",
            ] + Self.light, in: folder)
        #expect(run.status == 0, "stderr: \(run.standardError)")
        let printed = try Rdopt.jsonObject(run.standardOutput)
        for key in Self.quantizerKeys { #expect(printed[key] != nil, "missing \(key)") }
        let training = try #require(printed["training"] as? [String: Any])
        for key in Self.trainingKeys { #expect(training[key] != nil, "missing training.\(key)") }
        let stages = try #require(printed["stages"] as? [[String: Any]])
        #expect(stages.count == 8)
        for key in Self.stageKeys { #expect(stages.first?[key] != nil, "missing stages[0].\(key)") }
        #expect(stages.first?["temperature"] as? Double == 1)
        // A stage that did not settle ended at the default cap of 1000 iterations
        // (QuantizerDesigner.defaultStageIterationCap).
        for stage in stages where stage["settled"] as? Bool == false {
            #expect(stage["iterations"] as? Int == 1000)
        }
        // The default tolerance is D/10.
        #expect(
            (printed["important"] as? [String: Any])?["tolerance"] as? Double == Self.target / 10)
        // The τ = 1 program on the same atoms: a certified bound at most its rate (printing: 1e-12 bits).
        let relaxation = try #require(printed["relaxation"] as? [String: Any])
        let rate = try #require(relaxation["rate_bits"] as? Double)
        let bound = try #require(relaxation["lower_bound_bits"] as? Double)
        #expect(bound > 0 && bound <= rate + 1e-12)
        // The bound ladder: certified bounds below the designed H(Y), which is the training entropy.
        let ladder = try #require(printed["ladder"] as? [[String: Any]])
        let bits = ladder.compactMap { $0["bits"] as? Double }
        #expect(bits.count == ladder.count && bits.count >= 2)
        #expect(ladder.first?["certified_bound"] as? Bool == true)
        #expect(ladder.last?["certified_bound"] as? Bool == false)
        #expect(bits.last == training["entropy_bits"] as? Double)
        #expect(try folder.read("q.json") == run.standardOutput)
        #expect(run.standardError.isEmpty, "stderr: \(run.standardError)")
    }

    @Test(
        "design without an importance rule writes null for it; --no-relaxation writes null for the relaxation"
    )
    func designWithoutClassOrRelaxation() throws {
        let folder = try Self.folder(with: .npy)
        let run = try Rdopt.run(
            [
                "design", "x.npy", "--target-distortion", "\(Self.target)", "--no-relaxation",
                "--json",
            ]
                + Self.light, in: folder)
        #expect(run.status == 0, "stderr: \(run.standardError)")
        let printed = try Rdopt.jsonObject(run.standardOutput)
        #expect(printed["important"] is NSNull)
        // docs/formats.md lists the key; without a relaxation it is written as null or left out.
        #expect(printed["relaxation"] == nil || printed["relaxation"] is NSNull)
        let training = try #require(printed["training"] as? [String: Any])
        #expect(training["important_count"] as? Int == 0)
        #expect(Self.atMost(try #require(training["distortion"] as? Double), Self.target))
    }

    @Test("design --anneal-after-relaxation anneals after even a relaxation out of budget")
    func annealAfterRelaxation() throws {
        let folder = try Self.folder(with: .csv)
        let run = try Rdopt.run(
            [
                "design", "x.csv", "--target-distortion", "\(Self.target)", "--quiet",
                "--relaxation-seconds", "0.004", "--anneal-after-relaxation",
            ] + Self.light, in: folder)
        #expect(run.status == 0, "stderr: \(run.standardError)")
        #expect(!run.standardOutput.contains("beside the relaxation"), "\(run.standardOutput)")
        #expect(run.standardOutput.contains("annealing (8 stages)"))
    }

    @Test("design's human summary prints the time of each step", arguments: [false, true])
    func designSummaryTimes(relaxation: Bool) throws {
        let folder = try Self.folder(with: .csv)
        let run = try Rdopt.run(
            ["design", "x.csv", "--target-distortion", "\(Self.target)", "--quiet"]
                + (relaxation ? [] : ["--no-relaxation"]) + Self.light, in: folder)
        #expect(run.status == 0, "stderr: \(run.standardError)")
        let text = run.standardOutput
        let steps =
            [
                "source and grid", "annealing (8 stages)", "hard rule (slope on samples)",
                "hard Lloyd polish",
                "repair and measurement", "interval programme (beside the steps above)",
            ]
            + (relaxation ? ["relaxation (τ = 1, certified)"] : [])
        for needle in [
            "entropy H(Y)", "distortion", "stages (τ", "interval programme  H(Y)", "deployed",
            "bound ladder", "best interval quantiser",
        ] + steps {
            #expect(text.contains(needle), "missing '\(needle)' in:\n\(text)")
        }
        // Each step has a line of its own ending in seconds: "  annealing (4 stages)   0.123 s".
        let lines = text.split(separator: "\n")
        for step in steps {
            let line = lines.first { $0.hasPrefix("  \(step) ") }
            #expect(line?.hasSuffix(" s") == true, "no time for '\(step)' in:\n\(text)")
        }
        if !relaxation {
            #expect(!text.contains("relaxation (τ = 1"), "--no-relaxation still timed a relaxation")
        }
        #expect(run.standardError.isEmpty, "stderr: \(run.standardError)")
    }

    @Test("design takes the importance flag from a CSV column")
    func designImportantColumn() throws {
        let folder = try ScratchFolder()
        let text =
            "x,flag\n"
            + Self.values.map { "\($0),\(abs($0) > 2.5 ? 1 : 0)" }.joined(separator: "\n") + "\n"
        try folder.write("x.csv", text)
        let run = try Rdopt.run(
            [
                "design", "x.csv", "--target-distortion", "\(Self.target)", "--important-column",
                "flag",
                "--tolerance", "\(Self.tolerance)", "--json",
            ] + Self.light, in: folder)
        #expect(run.status == 0, "stderr: \(run.standardError)")
        let training = try #require(
            try Rdopt.jsonObject(run.standardOutput)["training"] as? [String: Any])
        #expect(training["samples"] as? Int == Self.count)
        #expect(training["important_count"] as? Int == Self.importantValues.count)
        #expect(training["important_violations"] as? Int == 0)
        #expect(
            Self.atMost(
                try #require(training["important_max_distortion"] as? Double), Self.tolerance))
    }

    /// Design can always meet a tolerance, even 0: it adds a codeword on any important sample
    /// that no codeword serves (so there is no "tolerance no codeword can meet" for design; for a
    /// given quantizer, `compress` rejects it).
    @Test("design meets a tolerance of 0 exactly by adding codewords")
    func designZeroTolerance() throws {
        let folder = try Self.folder(with: .csv)
        let run = try Rdopt.run(
            [
                "design", "x.csv", "--target-distortion", "\(Self.target)", "--important",
                Self.rule,
                "--tolerance", "0", "--json",
            ] + Self.light, in: folder)
        #expect(run.status == 0, "stderr: \(run.standardError)")
        let printed = try Rdopt.jsonObject(run.standardOutput)
        let training = try #require(printed["training"] as? [String: Any])
        #expect(training["important_violations"] as? Int == 0)
        #expect(training["important_max_distortion"] as? Double == 0)
        // Every distinct important value is a codeword (up to the reading error).
        let codebook = try #require(printed["codebook"] as? [Double])
        for x in Set(Self.importantValues) {
            #expect(codebook.contains { abs($0 - x) <= 1e-12 * abs(x) }, "no codeword at \(x)")
        }
    }

    /// A tolerance of 0 is out of the initial grid's reach: the design adds each important
    /// sample's value to the grid, so that the τ = 1 program is feasible and certifies a bound.
    @Test(
        "tolerance 0: the grid gains a codeword at every important sample it cannot serve, and the relaxation is certified"
    )
    func designServesEveryImportantSampleOnTheGrid() throws {
        let folder = try Self.folder(with: .csv)
        let run = try Rdopt.run(
            [
                "design", "x.csv", "--target-distortion", "\(Self.target)", "--important",
                Self.rule, "--tolerance", "0",
            ] + Self.light, in: folder)
        #expect(run.status == 0, "stderr: \(run.standardError)")
        let lines = run.standardOutput.split(separator: "\n").map(String.init)
        let codewords = try #require(lines.first { $0.contains("initial grid") })
        #expect(
            codewords.contains("of them at important samples the grid could not serve"),
            "\(codewords)")
        let relaxation = try #require(lines.first { $0.contains("relaxation τ = 1") })
        #expect(relaxation.contains("certified bound"), "\(relaxation)")
    }

    @Test(
        "a grid too coarse for the target is refined where it serves worst, and the relaxation certifies a bound"
    )
    func designRefinesCoarseGrid() throws {
        let folder = try Self.folder(with: .csv)
        let run = try Rdopt.run(
            [
                "design", "x.csv", "--target-distortion", "\(Self.target)", "--codewords", "2",
            ] + ["--stages", "8"], in: folder)
        #expect(run.status == 0, "stderr: \(run.standardError)")
        let line = run.standardOutput.split(separator: "\n").first {
            $0.contains("relaxation τ = 1")
        }
        let text = try #require(
            line.map(String.init), "no relaxation line in:\n\(run.standardOutput)")
        #expect(text.contains("certified bound"), "\(text)")
        #expect(
            run.standardOutput.contains(
                "at samples it served worst, so that it can reach D on average"),
            "\(run.standardOutput)")
    }

    @Test("design --report writes a self-contained HTML report")
    func designReport() throws {
        let folder = try Self.folder(with: .csv)
        let run = try Rdopt.run(
            [
                "design", "x.csv", "--target-distortion", "\(Self.target)", "--important",
                Self.rule,
                "--report", "report.html", "--quiet",
            ] + Self.light, in: folder)
        #expect(run.status == 0, "stderr: \(run.standardError)")
        let html = try folder.read("report.html")
        #expect(html.contains("<svg"))
        #expect(html.contains("rdopt design"))
        // The command to reproduce the report pastes into a shell as it ran: the rule quoted.
        #expect(
            html.contains("--important &#39;abs&gt;2.5&#39;"),
            "the rule is not shell-quoted in the report's command")
        #expect(XMLParser(data: Data(html.utf8)).parse(), "not well-formed")
        // Self-contained: nothing fetched from elsewhere.
        let lower = html.lowercased()
        for needle in ["http:", "https:", "<script src", "<link", "url("] {
            #expect(!lower.contains(needle), "report refers to '\(needle)'")
        }
        #expect(try folder.contents() == ["report.html", "x.csv"])
    }

    @Test(
        "baseline --json prints the method, its point and hull, meeting D",
        arguments: ["ecsq", "uniform", "lloyd-max"])
    func baselineJSON(method: String) throws {
        let folder = try Self.folder(with: .npy)
        let run = try Rdopt.run(
            [
                "baseline", "x.npy", "--target-distortion", "\(Self.target)", "--method", method,
                "--json",
            ], in: folder)
        #expect(run.status == 0, "stderr: \(run.standardError)")
        let printed = try Rdopt.jsonObject(run.standardOutput)
        for key in ["method", "entropy_bits", "distortion", "codewords", "points"] {
            #expect(printed[key] != nil, "missing \(key)")
        }
        #expect(printed["method"] as? String == method)
        #expect(Self.atMost(try #require(printed["distortion"] as? Double), Self.target))
        #expect(try #require(printed["codewords"] as? Int) >= 2)
        let points = try #require(printed["points"] as? [[String: Any]])
        #expect(!points.isEmpty)
        #expect(points.allSatisfy { $0["distortion"] is Double && $0["entropy_bits"] is Double })
        #expect(run.standardError.isEmpty, "stderr: \(run.standardError)")
    }

    @Test(
        "baseline --output writes a quantizer whose measured figures are the baseline's, and it compresses",
        arguments: ["ecsq", "uniform", "lloyd-max"])
    func baselineOutputCompresses(method: String) throws {
        let folder = try Self.folder(with: .f64)
        let run = try Rdopt.run(
            [
                "baseline", "x.f64", "--target-distortion", "\(Self.target)", "--method", method,
                "--json", "--output", "b.json",
            ], in: folder)
        #expect(run.status == 0, "stderr: \(run.standardError)")
        let printed = try Rdopt.jsonObject(run.standardOutput)
        let training = try #require(
            try Rdopt.jsonObject(try folder.read("b.json"))["training"] as? [String: Any])
        // The written rule reproduces the baseline's cells (up to exact ties): same H(Y) and D.
        let bits = try #require(training["entropy_bits"] as? Double)
        let distortion = try #require(training["distortion"] as? Double)
        #expect(abs(bits - (try #require(printed["entropy_bits"] as? Double))) <= 1e-3)
        #expect(
            abs(distortion - (try #require(printed["distortion"] as? Double))) <= 1e-3 * Self.target
        )
        let compress = try Rdopt.run(
            ["compress", "x.f64", "--quantizer", "b.json", "--output", "b.rdq", "--quiet"],
            in: folder)
        #expect(compress.status == 0, "stderr: \(compress.standardError)")
        let decompress = try Rdopt.run(
            ["decompress", "b.rdq", "--output", "y.f64", "--quiet"], in: folder)
        #expect(decompress.status == 0, "stderr: \(decompress.standardError)")
    }

    @Test("baseline prints a human summary with its time", arguments: Format.allCases)
    func baselineHuman(format: Format) throws {
        let folder = try Self.folder(with: format)
        let run = try Rdopt.run(
            [
                "baseline", format.fileName, "--target-distortion", "\(Self.target)", "--method",
                "uniform",
            ], in: folder)
        #expect(run.status == 0, "stderr: \(run.standardError)")
        for needle in ["uniform", "samples", "\(Self.count)", "entropy H(Y)", "time"] {
            #expect(
                run.standardOutput.contains(needle),
                "missing '\(needle)' in:\n\(run.standardOutput)")
        }
    }

    // MARK: Bad input

    struct BadCase: Sendable, CustomTestStringConvertible {
        var name: String
        var file: String
        var contents: Data
        var arguments: [String] = []
        /// Every one of these must appear in the message.
        var mentions: [String]
        var testDescription: String { name }
    }

    static let ok = DataFiles.csv([0.5, -1.5, 2.5, 0.25])

    static let badCases: [BadCase] = [
        BadCase(
            name: "NaN in a CSV", file: "bad.csv", contents: Data("x\n0.5\nnan\n1.0\n".utf8),
            mentions: ["bad.csv", "row 3", "not finite"]),
        BadCase(
            name: "NaN in a .f64 file", file: "bad.f64",
            contents: DataFiles.float64([0.5, 1, .nan, 2]),
            mentions: ["bad.f64", "sample 2", "not finite"]),
        BadCase(
            name: "infinity in a .npy file", file: "bad.npy",
            contents: DataFiles.npy([0.5, .infinity, 2]),
            mentions: ["bad.npy", "sample 1", "not finite"]),
        BadCase(
            name: "an empty CSV", file: "bad.csv", contents: Data(),
            mentions: ["bad.csv", "no samples"]),
        BadCase(
            name: "a CSV with a header and no rows", file: "bad.csv", contents: Data("x\n".utf8),
            mentions: ["bad.csv", "no samples"]),
        BadCase(
            name: "an empty .f64 file", file: "bad.f64", contents: Data(),
            mentions: ["bad.f64", "no samples"]),
        BadCase(
            name: "a ragged CSV", file: "bad.csv", contents: Data("a,b\n1,2\n3\n4,5\n".utf8),
            mentions: ["bad.csv", "row 3", "1 field", "expected 2"]),
        BadCase(
            name: "a non-numeric CSV field", file: "bad.csv", contents: Data("x\n1\nabc\n".utf8),
            mentions: ["bad.csv", "row 3", "'abc'", "not a number"]),
        BadCase(
            name: "a truncated .f64 file", file: "bad.f64",
            contents: DataFiles.float64([1, 2]).dropLast(3),
            mentions: ["bad.f64"]),
    ]

    static let badOptionCases: [BadCase] = [
        BadCase(
            name: "an importance rule without an operator", file: "ok.csv", contents: ok,
            arguments: ["--important", "2.5"], mentions: ["importance rule", "'2.5'"]),
        BadCase(
            name: "an importance rule with a non-numeric threshold", file: "ok.csv", contents: ok,
            arguments: ["--important", "abs>two"],
            mentions: ["importance rule", "abs>two", "not a number"]),
        BadCase(
            name: "an importance rule with an infinite threshold", file: "ok.csv", contents: ok,
            arguments: ["--important", ">inf"], mentions: ["importance rule", "finite"]),
        BadCase(
            name: "an importance rule with no threshold", file: "ok.csv", contents: ok,
            arguments: ["--important", "abs>"], mentions: ["importance rule", "missing"]),
        BadCase(
            name: "an importance column the CSV lacks", file: "ok.csv", contents: ok,
            arguments: ["--important-column", "flag"], mentions: ["ok.csv", "flag"]),
        BadCase(
            name: "an importance column in a .f64 file", file: "ok.f64",
            contents: DataFiles.float64([0.5, 1, 2]),
            arguments: ["--important-column", "flag"], mentions: ["ok.f64", "flag", ".csv"]),
    ]

    @Test(
        "design rejects bad data and options: `error: …`, exit 2, no output file",
        arguments: badCases + badOptionCases)
    func designRejects(_ testCase: BadCase) throws {
        let folder = try ScratchFolder()
        try folder.write(testCase.file, data: testCase.contents)
        let run = try Rdopt.run(
            [
                "design", testCase.file, "--target-distortion", "0.1", "--output", "q.json",
                "--report", "r.html", "--quiet",
            ] + Self.light + testCase.arguments, in: folder)
        BadInputTests.expectRejected(run, mentions: testCase.mentions)
        #expect(try folder.contents() == [testCase.file], "files left behind")
    }

    /// Option values that fail ArgumentParser's validation exit with 2 as well: `error: …`, then
    /// ArgumentParser's usage line.
    @Test(
        "design rejects out-of-range option values with exit 2 and no output file",
        arguments: zip(
            [
                ["--target-distortion", "0.1", "--important", "abs>2.5", "--tolerance=-0.1"],
                ["--target-distortion", "0"],
                ["--target-distortion", "0.1", "--codewords", "0"],
                [
                    "--target-distortion", "0.1", "--important", "abs>2.5", "--important-column",
                    "flag",
                ],
                ["--target-distortion", "0.1", "--codewords", "9", "--initial-codebook", "x.csv"],
            ],
            [
                "--tolerance", "--target-distortion", "--codewords", "--important-column",
                "--initial-codebook",
            ]))
    func designRejectsOptions(_ arguments: [String], naming option: String) throws {
        let folder = try Self.folder(with: .csv)
        let run = try Rdopt.run(
            ["design", "x.csv", "--output", "q.json", "--report", "r.html"] + arguments, in: folder)
        #expect(run.status == 2, "exit \(run.status), stderr: \(run.standardError)")
        #expect(run.standardError.hasPrefix("error: "), "stderr: \(run.standardError)")
        #expect(
            run.standardError.contains(option),
            "stderr does not name \(option): \(run.standardError)")
        #expect(run.standardOutput.isEmpty)
        #expect(try folder.contents() == ["x.csv"], "files left behind")
    }

    @Test(
        "design --initial-codebook starts from a quantizer JSON or a CSV of codewords; a wrong dimension is bad input"
    )
    func initialCodebook() throws {
        let folder = try Self.folder(with: .f64)
        let first = try Rdopt.run(
            [
                "design", "x.f64", "--target-distortion", "\(Self.target)", "--output", "q.json",
                "--quiet",
            ] + Self.light, in: folder)
        #expect(first.status == 0, "stderr: \(first.standardError)")
        _ = try folder.write(
            "codebook.csv", (0..<24).map { "\(-3 + 0.25 * Double($0))" }.joined(separator: "\n"))
        _ = try folder.write("pairs.csv", "a,b\n0,1\n1,2\n")
        for start in ["q.json", "codebook.csv"] {
            let run = try Rdopt.run(
                [
                    "design", "x.f64", "--target-distortion", "\(Self.target)",
                    "--initial-codebook", start, "--stages", "8", "--json", "--quiet",
                ], in: folder)
            #expect(run.status == 0, "\(start): \(run.standardError)")
            let training = try #require(
                try Rdopt.jsonObject(run.standardOutput)["training"] as? [String: Any])
            #expect(Self.atMost(try #require(training["distortion"] as? Double), Self.target))
        }
        let summary = try Rdopt.run(
            [
                "design", "x.f64", "--target-distortion", "\(Self.target)", "--initial-codebook",
                "codebook.csv", "--stages", "8", "--quiet",
            ], in: folder)
        #expect(
            summary.standardOutput.contains("initial codebook (given) 24"),
            "\(summary.standardOutput)")
        let wrong = try Rdopt.run(
            [
                "design", "x.f64", "--target-distortion", "\(Self.target)", "--initial-codebook",
                "pairs.csv", "--output", "r.json",
            ], in: folder)
        #expect(wrong.status == 2, "stderr: \(wrong.standardError)")
        #expect(wrong.standardError.contains("dimension 2"), "stderr: \(wrong.standardError)")
        #expect(!folder.contains("r.json"))
    }

    @Test("design and baseline take a weighted source document (points, probabilities, important)")
    func weightedSource() throws {
        let folder = try ScratchFolder()
        let points = (0..<61).map { -3 + 0.1 * Double($0) }
        let weights = points.map { Foundation.exp(-$0 * $0 / 2) }
        let total = weights.reduce(0, +)
        let important = points.indices.filter { abs(points[$0]) > 2.5 }
        try folder.write(
            "source.json",
            """
            {"source": {"points": \(points), "probabilities": \(weights.map { $0 / total })},
             "important": \(important)}
            """)
        let run = try Rdopt.run(
            [
                "design", "source.json", "--target-distortion", "0.05", "--tolerance", "0.002",
                "--output", "q.json", "--stages", "8", "--quiet",
            ], in: folder)
        #expect(run.status == 0, "stderr: \(run.standardError)")
        #expect(
            run.standardOutput.contains("61 weighted by their probabilities"),
            "\(run.standardOutput)")
        let quantizer = try Rdopt.jsonObject(try folder.read("q.json"))
        let training = try #require(quantizer["training"] as? [String: Any])
        #expect(training["important_count"] as? Int == important.count)
        #expect(training["important_violations"] as? Int == 0)
        #expect(Self.atMost(try #require(training["distortion"] as? Double), 0.05))
        let baseline = try Rdopt.run(
            ["baseline", "source.json", "--target-distortion", "0.05", "--json"], in: folder)
        #expect(baseline.status == 0, "stderr: \(baseline.standardError)")
    }

    @Test(
        "a bad source document or option is bad input (exit 2), naming the fault",
        arguments: [
            (#"{"source": {"points": [0, 1], "probabilities": [1, 0]}}"#, [String](), "entry 1"),
            (
                #"{"source": {"points": [0, 1], "probabilities": [0.5, 0.5]}, "important": [2]}"#,
                [], "point index"
            ),
            (#"{"source": {"points": [0, 1], "probabilities": [0.5]}}"#, [], "2 points"),
            (
                #"{"source": {"points": [0, 1], "probabilities": [0.5, 0.5]}}"#, ["--block", "2"],
                "--block"
            ),
            (
                #"{"source": {"points": [0, 1], "probabilities": [0.5, 0.5]}, "important": [1]}"#,
                ["--important", "abs>0.5"], "--important"
            ),
        ])
    func badSourceDocument(_ text: String, _ options: [String], mentions: String) throws {
        let folder = try ScratchFolder()
        try folder.write("source.json", text)
        let run = try Rdopt.run(
            ["design", "source.json", "--target-distortion", "0.05", "--output", "q.json"]
                + options, in: folder)
        #expect(run.status == 2, "stderr: \(run.standardError)")
        #expect(run.standardError.hasPrefix("error: "), "stderr: \(run.standardError)")
        #expect(run.standardError.contains(mentions), "stderr: \(run.standardError)")
        #expect(!folder.contains("q.json"))
    }

    @Test("design --semantics class-average holds the important samples' mean within D′")
    func classAverageSemantics() throws {
        let folder = try Self.folder(with: .csv)
        let run = try Rdopt.run(
            [
                "design", "x.csv", "--target-distortion", "\(Self.target)", "--important",
                Self.rule, "--tolerance", "\(Self.tolerance)", "--semantics", "class-average",
                "--no-relaxation", "--quiet",
            ] + Self.light, in: folder)
        #expect(run.status == 0, "stderr: \(run.standardError)")
        let line = try #require(
            run.standardOutput.split(separator: "\n").first { $0.contains("class average") })
        #expect(line.contains("each held to T ="), "\(line)")
        let bad = try Rdopt.run(
            ["design", "x.csv", "--target-distortion", "0.1", "--semantics", "average"],
            in: folder)
        #expect(
            bad.status == 2 && bad.standardError.contains("--semantics"), "\(bad.standardError)")
    }

    @Test("baseline rejects bad data the same way", arguments: badCases)
    func baselineRejects(_ testCase: BadCase) throws {
        let folder = try ScratchFolder()
        try folder.write(testCase.file, data: testCase.contents)
        let run = try Rdopt.run(
            ["baseline", testCase.file, "--target-distortion", "0.1", "--json"]
                + testCase.arguments, in: folder)
        BadInputTests.expectRejected(run, mentions: testCase.mentions)
        #expect(try folder.contents() == [testCase.file], "files left behind")
    }
}
