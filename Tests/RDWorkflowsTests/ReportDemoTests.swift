import Foundation
import Quantization
import RDInterchange
import RDPlot
import RateDistortion
import SampleCompression
import Testing
import _TestSupport

@testable import RDWorkflows

/// The demo pipeline and the report it builds, on reduced settings (a few thousand samples).
@Suite("Demo report")
struct ReportDemoTests {
    static let pipeline = DemoPipeline(
        signal: DemoSignal(count: 4000), curvePoints: 6, gapTolerance: 1e-7, isThorough: false)
    static let outcome: Result<DemoOutcome, any Error> = Result { try pipeline.run() }

    @Test("signal is deterministic heavy tailed and on the sensor grid")
    func signalIsDeterministicHeavyTailedAndOnTheSensorGrid() {
        let a = DemoSignal(count: 5000).samples()
        let b = DemoSignal(count: 5000).samples()
        #expect(a == b)
        #expect(DemoSignal(count: 5000, seed: 7).samples() != a)
        let resolution = DemoSignal().resolution
        #expect(a.values.allSatisfy { ($0 / resolution).rounded() * resolution == $0 })
        let n = Double(a.count)
        let mean = a.values.reduce(0, +) / n
        let variance = a.values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
        let kurtosis = a.values.reduce(0) { $0 + pow($1 - mean, 4) } / n / (variance * variance)
        #expect(
            abs(variance - 1) < 0.5,
            "unit variance within sampling error of a heavy tail: \(variance)")
        #expect(kurtosis > 3.5, "heavier tails than a Gaussian: \(kurtosis)")
        #expect(a.importantCount > 0 && a.importantCount < a.count / 10)
    }

    /// The full-size demo's convex program (the default signal, 251 atoms) closes its gap: a
    /// change of the solver's coarse-to-fine start once left it at 3.3e-4 bit, and only the
    /// full-size program showed it.
    @Test("the default demo's convex program certifies its gap")
    func defaultProgramCertifies() throws {
        let pipeline = DemoPipeline()
        let samples = pipeline.signal.samples()
        let training = try TrainingSamples(
            scalars: samples.values, importance: samples.isImportant ?? [])
        let problem = try pipeline.problem(on: try EmpiricalSource(training))
        let solution = try Solver(criteria: SolverCriteria(gapTolerance: pipeline.gapTolerance))
            .solve(problem)
        #expect(solution.status == .optimal)
        #expect(solution.gapNats <= pipeline.gapTolerance)
    }

    @Test("pipeline meets its bounds and round trips") func pipelineMeetsItsBoundsAndRoundTrips()
        throws
    {
        let outcome = try Self.outcome.get()
        let target = Self.pipeline.targetDistortion
        // The certificate: lower bound ≤ rate, gap within the tolerance (nats → bits, with slack 1e-9).
        #expect(outcome.solution.lowerBoundBits <= outcome.solution.rateBits + 1e-12)
        #expect(outcome.solution.gapNats <= 1e-7 + 1e-9)
        let designed = outcome.designed
        #expect(designed.distortion <= target * (1 + 1e-9))
        #expect(designed.violations == 0)
        // No hard quantiser beats the certified bound on its own data.
        #expect(designed.entropyBits >= outcome.solution.lowerBoundBits - 1e-9)
        for (_, baseline) in outcome.baselines {
            #expect(baseline.distortion <= target * (1 + 1e-9))
            #expect(baseline.entropyBits >= outcome.solution.lowerBoundBits - 1e-9)
        }
        #expect(outcome.compression.samples == 4000)
        #expect(outcome.compression.bitsPerSample >= designed.entropyBits - 1e-9)
    }

    @Test("every figure is valid SVG with marks inside the plot area")
    func everyFigureIsValidSVGWithMarksInsideThePlotArea() throws {
        let figures = try Self.outcome.get().report(command: "rdopt demo").figures()
        #expect(
            Set(figures.map(\.name)) == [
                "rd-curve", "fidelity-prices", "quantizer-map", "bit-accounting",
            ])
        for named in figures {
            let inspector = SVGInspector.inspect(named.figure.svg())
            #expect(inspector.isWellFormed, "\(named.name): \(inspector.parseError ?? "")")
            #expect(!inspector.panels.isEmpty)
            for panel in inspector.panels {
                #expect(panel.plotArea != nil && panel.hasXAxis && panel.hasYAxis, "\(named.name)")
                #expect(panel.marks > 0, "\(named.name): a panel drew nothing")
                #expect(panel.tickLabels >= 2, "\(named.name)")
            }
            #expect(inspector.strays.isEmpty, "\(named.name): \(inspector.strays.prefix(5))")
        }
    }

    @Test("report is self contained and complete") func reportIsSelfContainedAndComplete() throws {
        let html = try Self.outcome.get().report(command: "rdopt demo --output-dir x").htmlReport()
            .html()
        #expect(SVGInspector.inspect(html).isWellFormed)
        let lower = html.lowercased()
        for forbidden in [
            "http:", "https:", "src=", "<script", "<link", "@import", "@font-face", "<img",
        ] {
            #expect(!lower.contains(forbidden), "references outside itself: \(forbidden)")
        }
        for match in lower.ranges(of: "href=\"") {
            #expect(lower[match.upperBound...].hasPrefix("#"))
        }
        for match in lower.ranges(of: "url(") { #expect(lower[match.upperBound...].hasPrefix("#")) }
        for needle in [
            "certified lower bound", "duality gap", "important samples outside tolerance",
            "baseline: ECSQ Lloyd",
            "baseline: uniform threshold", "baseline: Lloyd–Max", "bits written",
            "rdopt demo --output-dir x",
        ] {
            #expect(html.contains(needle), "missing: \(needle)")
        }
        #expect(html.components(separatedBy: "<figure>").count - 1 == 4)
    }

    @Test("writes the output folder") func writesTheOutputFolder() throws {
        let folder = try ScratchFolder()
        let written = try Self.outcome.get().write(to: folder.url, command: "rdopt demo")
        #expect(written.first?.lastPathComponent == "index.html")
        let names = try folder.contents()
        for name in [
            "index.html", "rd-curve.svg", "fidelity-prices.svg", "quantizer-map.svg",
            "bit-accounting.svg",
            "data.csv", "quantizer.json", "data.rdq", "curve.csv",
        ] {
            #expect(names.contains(name), "missing \(name)")
        }
        #expect(!names.contains { $0.hasSuffix(".tmp") })
        let quantizer = try QuantizerDocument.load(
            path: folder.url.appendingPathComponent("quantizer.json").path)
        #expect(quantizer.quantizer.dimension == 1)
    }

    @Test("minimal report has no empty sections") func minimalReportHasNoEmptySections() {
        let report = RateDistortionReport(title: "only a title")
        #expect(report.figures().isEmpty)
        let html = report.htmlReport().html()
        #expect(SVGInspector.inspect(html).isWellFormed)
        #expect(!html.contains("<figure>"))
    }
}
