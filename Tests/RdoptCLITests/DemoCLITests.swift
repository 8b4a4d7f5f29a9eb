import Foundation
import Testing
import _TestSupport

#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite("rdopt demo and curve --plot")
struct DemoCLITests {
    /// Whether `text` parses as XML (Foundation's parser).
    static func isWellFormedXML(_ text: String) -> Bool {
        XMLParser(data: Data(text.utf8)).parse()
    }

    @Test("demo on reduced settings writes a self-contained report and prints its figures")
    func demoEndToEnd() throws {
        let folder = try ScratchFolder()
        let run = try Rdopt.run(
            ["demo", "--output-dir", "out", "--samples", "3000", "--points", "5", "--quiet"],
            in: folder)
        #expect(run.status == 0, "stderr: \(run.standardError)")
        #expect(run.standardError.isEmpty, "stderr: \(run.standardError)")
        for needle in [
            "certified lower bound", "designed hard rule", "bits written", "ECSQ Lloyd",
            "Lloyd–Max", "Report: ",
        ] {
            #expect(
                run.standardOutput.contains(needle), "missing \(needle) in:\n\(run.standardOutput)")
        }
        #expect(run.standardOutput.contains("out/index.html"))
        let html = try folder.read("out/index.html")
        #expect(Self.isWellFormedXML(html))
        #expect(!html.lowercased().contains("http:") && !html.lowercased().contains("https:"))
        #expect(html.contains("rdopt demo --output-dir out --samples 3000 --points 5"))
        for svg in ["rd-curve", "fidelity-prices", "quantizer-map", "bit-accounting"] {
            #expect(Self.isWellFormedXML(try folder.read("out/\(svg).svg")), "\(svg).svg")
        }
        // The data and quantiser it wrote work with the other commands.
        let decompress = try Rdopt.run(
            ["decompress", "out/data.rdq", "--output", "back.csv"], in: folder)
        #expect(decompress.status == 0, "stderr: \(decompress.standardError)")
    }

    @Test("curve --plot writes the real R–D plot")
    func curvePlot() throws {
        let folder = try ScratchFolder()
        try folder.write("problem.json", Problems.example)
        let run = try Rdopt.run(
            ["curve", "problem.json", "--points", "8", "--plot", "curve.svg", "--quiet"], in: folder
        )
        #expect(run.status == 0, "stderr: \(run.standardError)")
        let svg = try folder.read("curve.svg")
        #expect(Self.isWellFormedXML(svg))
        #expect(svg.contains("certified lower bound"))
        #expect(svg.contains("<polyline") || svg.contains("<path"))
        #expect(svg.contains("rate (bits per sample)"))
    }
}
