import ArgumentParser
import Foundation
import RDInterchange
import RDPlot
import RDWorkflows
import RateDistortion
import SampleCompression

/// `rdopt demo`: the main job on embedded default data, written up as a self-contained report.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the main job on embedded default data and write an HTML report.",
        discussion: """
            Generates a heavy-tailed sensor-like signal (seeded), solves the convex program with a fidelity \
            class for its important samples, traces R(D) with certified bounds, designs a quantiser, runs the \
            baselines, compresses and decompresses the data, and writes DIR/index.html with the figures, \
            the data, the quantiser and the compressed file.

            Example:
              rdopt demo --output-dir rdopt-demo
            """)

    @Option(help: "Folder for the report and its files.")
    var outputDir: String = "rdopt-demo"

    @Option(
        help: "Number of samples; below 20,000 the run is reduced (quick baselines, no annealing).")
    var samples: Int = DemoSignal().count

    @Option(help: "Seed of the data generator.")
    var seed: UInt64 = DemoSignal().seed

    @Option(help: "Points on the R(D) curve.")
    var points: Int = DemoPipeline().curvePoints

    @OptionGroup var progressOptions: ProgressOptions

    /// The most samples the demo generates (80 MB of values; the pipeline holds a few copies).
    static let maximumSamples = 10_000_000

    /// Rejects a sample or point count out of range, naming the option and the range.
    func validate() throws {
        guard (100...Self.maximumSamples).contains(samples) else {
            throw ValidationError(
                "--samples must be between 100 and \(Self.maximumSamples) (got \(samples))")
        }
        guard (2...Curve.maximumPoints).contains(points) else {
            throw ValidationError(
                "--points must be between 2 and \(Curve.maximumPoints) (got \(points))")
        }
    }

    func run() throws {
        let start = ContinuousClock.now
        let progress = ProgressLine(quiet: progressOptions.quiet)
        let pipeline = DemoPipeline(
            signal: DemoSignal(count: samples, seed: seed), curvePoints: points,
            isThorough: samples >= 20_000)
        let outcome = try reportingErrors {
            try pipeline.run { step in progress.update("rdopt demo: \(step)") }
        }
        progress.update("rdopt demo: writing the report")
        let folder = URL(fileURLWithPath: outputDir)
        let written = try reportingErrors { try outcome.write(to: folder, command: command) }
        progress.finish()
        let elapsed = ContinuousClock.now - start
        try Terminal.print(summary(outcome, report: written[0].path, seconds: elapsed))
    }

    /// The command line that reproduces this run.
    var command: String {
        var parts = ["rdopt", "demo", "--output-dir", shellQuoted(outputDir)]
        if samples != DemoSignal().count { parts += ["--samples", "\(samples)"] }
        if seed != DemoSignal().seed { parts += ["--seed", "\(seed)"] }
        if points != DemoPipeline().curvePoints { parts += ["--points", "\(points)"] }
        return parts.joined(separator: " ")
    }

    private func summary(_ outcome: DemoOutcome, report: String, seconds: Duration) -> String {
        let s = outcome.solution
        let d = outcome.designed
        let c = outcome.compression
        let signal = outcome.pipeline.signal
        func bits(_ x: Double) -> String { Format.fixed(x, 4) }
        var lines = [
            "rdopt demo: \(signal.count) samples of a heavy-tailed AR(1) sensor signal, "
                + "\(outcome.samples.importantCount) important (\(signal.importanceRule)), "
                + "D = \(outcome.pipeline.targetDistortion), D′ = \(outcome.pipeline.importantTolerance)",
            "",
            "  optimal rate R(D)        \(bits(s.rateBits)) bits/sample  (convex program on \(outcome.problem.sourceCount) atoms)",
            "  certified lower bound    \(bits(s.lowerBoundBits)) bits/sample  (gap \(Format.scientific(s.gapNats / Double.ln2, 1)) bit)",
        ]
        if let data = outcome.dataBound {
            // The bottom rung: R(D) of the exact samples over every reconstruction.
            lines.insert(
                "  R(D) of the samples      \(bits(data)) bits/sample at least (certified, every reconstruction, exact samples)",
                at: 2)
        }
        if let interval = outcome.intervalBound {
            lines.append(
                "  interval quantisers      \(bits(interval)) bits/sample at least (certified, every interval quantiser meeting the bounds)"
            )
        }
        lines += [
            "  designed hard rule H(Y)  \(bits(d.entropyBits)) bits/sample  D = \(Format.general(d.distortion, 5)), "
                + "\(d.codewords) codewords, \(d.violations ?? 0) important samples outside D′",
            "  bits written             \(bits(c.bitsPerSample)) bits/sample  (\(c.bytes) bytes, round trip exact)",
            "  (bounds for quantisers that code each sample alone; coders that use the correlation of this AR(1) signal are not bound by them)",
        ]
        for (name, result) in outcome.baselines {
            lines.append(
                "  " + (name + " H(Y)").padding(toLength: 24, withPad: " ", startingAt: 0)
                    + " \(bits(result.entropyBits)) bits/sample  D = \(Format.general(result.distortion, 5)), "
                    + "\(result.codewordCount) codewords (important samples not enforced)")
        }
        let total =
            Double(seconds.components.seconds) + Double(seconds.components.attoseconds) * 1e-18
        lines += ["", "Report: \(report)  (\(Format.fixed(total, 1)) s)"]
        return lines.joined(separator: "\n")
    }
}
