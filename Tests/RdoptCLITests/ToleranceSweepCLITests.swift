import Foundation
import Testing
import _TestSupport

/// `rdopt tolerance-sweep` on a small generated input, run as the built executable.
///
/// The samples are read at a resolution of 0.1 (as in ``DesignCLITests``: annealing on 3,000
/// distinct values takes minutes in a debug build) and each design uses a 48-point grid and 4
/// stages, so a sweep of three tolerances takes seconds.
@Suite("rdopt tolerance-sweep")
struct ToleranceSweepCLITests {
    static let values = DataFiles.gaussian(count: 3000, resolution: 0.1)
    /// D, and the class |x| > 2.
    static let target = 0.05
    static let rule = "abs>2"
    /// Three tolerances from D/100 to D, given out of order (the sweep sorts them).
    static let tolerances = [0.0005, 0.005, 0.05]
    static let light = ["--stages", "4", "--codewords", "48"]

    static func folder() throws -> ScratchFolder {
        let folder = try ScratchFolder()
        try folder.write("x.f64", data: DataFiles.float64(values))
        return folder
    }

    /// `value ≤ bound` up to a relative 1e-12 (the figures are printed and read back).
    static func atMost(_ value: Double, _ bound: Double) -> Bool {
        value <= bound + 1e-12 * max(abs(bound), 1e-300)
    }

    /// A CSV row of the sweep, by column name.
    struct Row {
        var fields: [String: String]

        /// The field `name` as a number (nil when empty or absent).
        func number(_ name: String) -> Double? { fields[name].flatMap { Double($0) } }
    }

    /// Parses the sweep's CSV: a header, then one row per line.
    static func rows(_ text: String) throws -> (header: [String], rows: [Row]) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        let header = try #require(lines.first).split(separator: ",").map(String.init)
        let rows = lines.dropFirst().map { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(
                String.init)
            return Row(fields: Dictionary(uniqueKeysWithValues: zip(header, fields)))
        }
        return (header, rows)
    }

    @Test(
        "a sweep of three tolerances meets each one and certifies a bound that falls as it grows")
    func sweepMeetsEveryTolerance() throws {
        let folder = try Self.folder()
        let list = [Self.tolerances[1], Self.tolerances[2], Self.tolerances[0]]
        let run = try Rdopt.run(
            [
                "tolerance-sweep", "x.f64", "--target-distortion", "\(Self.target)",
                "--important", Self.rule, "--tolerances",
                list.map { "\($0)" }.joined(separator: ","), "--output", "sweep.csv", "--json",
            ] + Self.light, in: folder)
        #expect(run.status == 0, "stderr: \(run.standardError)")
        #expect(run.standardError.isEmpty, "stderr: \(run.standardError)")
        let (header, rows) = try Self.rows(try folder.read("sweep.csv"))
        #expect(
            header == [
                "tolerance", "entropy_bits", "distortion", "important_max_distortion",
                "important_violations", "relaxation_lower_bound_bits", "relaxation_optimal",
                "relaxation_price_bits", "measured_price_bits", "deployed", "seconds",
            ])
        try #require(rows.count == Self.tolerances.count)
        // Increasing, and exactly the values given (printed in full precision).
        #expect(rows.map { $0.number("tolerance") } == Self.tolerances)
        for (index, row) in rows.enumerated() {
            let tolerance = try #require(row.number("tolerance"))
            let bits = try #require(row.number("entropy_bits"))
            #expect(row.fields["important_violations"] == "0", "row \(index)")
            #expect(
                Self.atMost(try #require(row.number("important_max_distortion")), tolerance),
                "row \(index)")
            #expect(Self.atMost(try #require(row.number("distortion")), Self.target))
            // A certified bound on the τ = 1 program is below what any design reaches (1e-9 bits).
            let bound = try #require(row.number("relaxation_lower_bound_bits"), "row \(index)")
            #expect(bound <= bits + 1e-9, "row \(index): bound \(bound) above H(Y) \(bits)")
            #expect(try #require(row.number("relaxation_price_bits")) >= 0, "row \(index)")
            // The measured price needs a previous point.
            #expect((row.number("measured_price_bits") == nil) == (index == 0), "row \(index)")
        }
        // A larger tolerance relaxes the program: its bound does not rise (1e-9 bits), where
        // both relaxations closed their gap.
        for (a, b) in zip(rows, rows.dropFirst())
        where a.fields["relaxation_optimal"] == "true" && b.fields["relaxation_optimal"] == "true" {
            let tighter = try #require(a.number("relaxation_lower_bound_bits"))
            let looser = try #require(b.number("relaxation_lower_bound_bits"))
            #expect(looser <= tighter + 1e-9, "bound rose from \(tighter) to \(looser)")
        }
        // --json prints the same sweep.
        let printed = try Rdopt.jsonObject(run.standardOutput)
        #expect(printed["target_distortion"] as? Double == Self.target)
        let points = try #require(printed["points"] as? [[String: Any]])
        #expect(points.map { $0["tolerance"] as? Double } == Self.tolerances)
        #expect(points.first?["measured_price_bits"] is NSNull)
        #expect((points.last?["measured_price_bits"] as? Double) != nil)
    }

    @Test("the sweep's table has a line per tolerance and explains both prices")
    func sweepTable() throws {
        let folder = try Self.folder()
        let run = try Rdopt.run(
            [
                "tolerance-sweep", "x.f64", "--target-distortion", "\(Self.target)",
                "--important", Self.rule, "--from", "0.005", "--to", "0.05", "--points", "2",
                "--quiet",
            ] + Self.light, in: folder)
        #expect(run.status == 0, "stderr: \(run.standardError)")
        let lines = run.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.contains("tolerance D′") && $0.contains("measured price") })
        #expect(lines.filter { $0.hasPrefix("         0.005  ") }.count == 1, "\(lines)")
        #expect(lines.filter { $0.hasPrefix("          0.05  ") }.count == 1, "\(lines)")
        #expect(lines.contains { $0.contains("relaxation price: the τ = 1 relaxation's dual") })
        #expect(lines.contains { $0.contains("difference quotient of designs") })
    }

    /// A case of bad input: the options after the data file and what the message names.
    struct BadCase: Sendable, CustomTestStringConvertible {
        var name: String
        var options: [String]
        var mentions: String
        var testDescription: String { name }
    }

    static let badCases: [BadCase] = [
        BadCase(
            name: "no importance option", options: ["--target-distortion", "0.05"],
            mentions: "--important"),
        BadCase(
            name: "no sample marked important",
            options: ["--target-distortion", "0.05", "--important", "abs>100"],
            mentions: "no sample is marked important"),
        BadCase(
            name: "a negative tolerance",
            options: [
                "--target-distortion", "0.05", "--important", "abs>2", "--tolerances", "0.01,-1",
            ],
            mentions: "-1"),
        BadCase(
            name: "a zero tolerance",
            options: [
                "--target-distortion", "0.05", "--important", "abs>2", "--tolerances", "0,1",
            ],
            mentions: "positive"),
        BadCase(
            name: "one point",
            options: ["--target-distortion", "0.05", "--important", "abs>2", "--points", "1"],
            mentions: "--points"),
        BadCase(
            name: "101 points",
            options: ["--target-distortion", "0.05", "--important", "abs>2", "--points", "101"],
            mentions: "--points"),
        BadCase(
            name: "--from above --to",
            options: [
                "--target-distortion", "0.05", "--important", "abs>2", "--from", "0.1", "--to",
                "0.01",
            ], mentions: "--from"),
        BadCase(
            name: "both --tolerances and --from",
            options: [
                "--target-distortion", "0.05", "--important", "abs>2", "--tolerances",
                "0.01,0.02", "--from", "0.001",
            ], mentions: "not both"),
    ]

    @Test("bad input: exit 2, error: on stderr, no output file", arguments: badCases)
    func badInput(_ bad: BadCase) throws {
        let folder = try Self.folder()
        let run = try Rdopt.run(
            ["tolerance-sweep", "x.f64"] + bad.options + ["--output", "sweep.csv", "--quiet"],
            in: folder)
        #expect(run.status == 2, "stderr: \(run.standardError)")
        #expect(run.standardError.hasPrefix("error: "), "stderr: \(run.standardError)")
        #expect(run.standardError.contains(bad.mentions), "stderr: \(run.standardError)")
        #expect(run.standardOutput.isEmpty)
        #expect(try folder.contents() == ["x.f64"])
    }
}
