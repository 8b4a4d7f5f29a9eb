import Foundation
import Testing
import _TestSupport

/// `--important dev>T`: samples far from the data's mean, the centre recorded by `design` and
/// used again by `compress --quantizer`, refused where a stream cannot know the mean.
@Suite("rdopt --important dev>T")
struct DeviationRuleCLITests {
    /// Gaussian values (resolution 0.1, as DesignCLITests) around 10.
    static let values = DataFiles.gaussian(count: 3000, resolution: 0.1).map { $0 + 10 }
    static let mean = values.reduce(0, +) / Double(values.count)

    @Test("design marks |x − mean| > T, records the centre, and compress reuses it")
    func designRecordsTheCentre() throws {
        let folder = try ScratchFolder()
        try folder.write("x.f64", data: DataFiles.float64(Self.values))
        let design = try Rdopt.run(
            [
                "design", "x.f64", "--target-distortion", "0.1", "--important", "dev>2.5",
                "--output", "q.json", "--quiet", "--stages", "8", "--codewords", "48",
            ], in: folder)
        #expect(design.status == 0, "stderr: \(design.standardError)")
        let quantizer = try Rdopt.jsonObject(try folder.read("q.json"))
        let important = try #require(quantizer["important"] as? [String: Any])
        let rule = try #require(important["rule"] as? String)
        #expect(rule.hasPrefix("dev>2.5@"))
        let centre = try #require(Double(rule.dropFirst("dev>2.5@".count)))
        #expect(abs(centre - Self.mean) <= 1e-9 * abs(Self.mean))
        let training = try #require(quantizer["training"] as? [String: Any])
        let expected = Self.values.filter { abs($0 - centre) > 2.5 }.count
        #expect(expected > 0 && expected < Self.values.count / 10)
        #expect(training["important_count"] as? Int == expected)
        #expect(training["important_violations"] as? Int == 0)
        // The quantizer's own rule (with its centre) marks the same samples when compressing.
        let compress = try Rdopt.run(
            ["compress", "x.f64", "--quantizer", "q.json", "--output", "x.rdq", "--json"],
            in: folder)
        #expect(compress.status == 0, "stderr: \(compress.standardError)")
        let report = try Rdopt.jsonObject(compress.standardOutput)
        #expect(report["important_count"] as? Int == expected)
    }

    @Test("compress --quantizer with dev>T and no centre: exit 2, asking for dev>T@m")
    func streamNeedsTheCentre() throws {
        let folder = try ScratchFolder()
        try folder.write("x.f64", data: DataFiles.float64(Self.values))
        let design = try Rdopt.run(
            [
                "design", "x.f64", "--target-distortion", "0.1", "--output", "q.json", "--quiet",
                "--stages", "8", "--codewords", "48",
            ], in: folder)
        #expect(design.status == 0, "stderr: \(design.standardError)")
        let compress = try Rdopt.run(
            [
                "compress", "x.f64", "--quantizer", "q.json", "--important", "dev>2.5",
                "--output", "x.rdq",
            ], in: folder)
        #expect(compress.status == 2)
        #expect(compress.standardError.contains("dev>2.5@m"), "stderr: \(compress.standardError)")
        #expect(
            !FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("x.rdq").path)
        )
    }
}
