import ArgumentParser
import EntropyCoding
import Foundation
import Quantization
import RDInterchange
import RDPlot
import RDWorkflows
import SampleCompression

extension BaselineResult.Method: ExpressibleByArgument {}

/// `rdopt baseline DATA --target-distortion D [--method ecsq|uniform|lloyd-max]`: a classical
/// quantiser on the same data, measured on every sample (docs/quantiser-design.md, docs/formats.md).
struct Baseline: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract:
            "Design a baseline quantiser (entropy-constrained Lloyd, uniform threshold, Lloyd–Max).",
        discussion: """
            Example:
              rdopt baseline examples/tails.csv --target-distortion 0.03 --method ecsq --output ecsq.json
            """)

    @Argument(
        help:
            "The data file (.csv, .npy, .f64, .f32), or a weighted source (.json: points and probabilities)."
    )
    var data: String

    @OptionGroup var target: TargetOptions

    @Option(help: "ecsq, uniform or lloyd-max.")
    var method: BaselineResult.Method = .entropyConstrainedLloyd

    @OptionGroup var layout: SampleLayoutOptions

    @Option(
        help: ArgumentHelp(
            "Write the baseline as a quantizer JSON file (as rdopt design --output), for rdopt compress.",
            discussion:
                "Its training figures are measured by applying the written rule to every sample."))
    var output: String?

    @Option(
        help:
            "Random seed for the initialisations of entropy-constrained Lloyd (default 1; --method ecsq only)."
    )
    var seed: UInt64?

    @OptionGroup var console: ConsoleOptions

    func validate() throws {
        // The other methods are deterministic: a seed there would be accepted and do nothing.
        if seed != nil, method != .entropyConstrainedLloyd {
            throw ValidationError(
                "--seed applies only to --method ecsq (got --method \(method.rawValue))")
        }
    }

    func run() throws {
        let (samples, _) = try DesignInput.load(path: data, layout: layout, importance: nil)
        let clock = ContinuousClock()
        let start = clock.now
        let progress = ProgressLine(quiet: console.quiet)
        progress.update("\(method.rawValue) on \(samples.count) samples")
        let result = try reportingQuantizationErrors { () throws -> BaselineResult in
            switch method {
            case .entropyConstrainedLloyd:
                var rng = SplitMix64(seed: seed ?? 1)
                return try EntropyConstrainedLloyd().design(
                    for: samples, targetDistortion: target.targetDistortion, using: &rng,
                    progress: { progress.update("ecsq: \($0)") })
            case .uniformThreshold:
                return try UniformThresholdQuantizer().design(
                    for: samples, targetDistortion: target.targetDistortion)
            case .lloydMax:
                return try LloydMax().design(
                    for: samples, targetDistortion: target.targetDistortion)
            }
        }
        progress.finish()
        let seconds = (clock.now - start) / .seconds(1)
        if let output { try writeQuantizer(result, samples: samples, to: output) }
        if console.json {
            let document: JSONValue = .object([
                ("method", .string(result.method.rawValue)),
                ("entropy_bits", .finite(result.entropyBits)),
                ("distortion", .finite(result.distortion)),
                ("codewords", .integer(result.codewordCount)),
                (
                    "points",
                    .array(
                        result.hull.map {
                            .object([
                                ("distortion", .finite($0.distortion)),
                                ("entropy_bits", .finite($0.entropyBits)),
                            ])
                        })
                ),
            ])
            try Terminal.print(document.serialized())
        } else {
            let rows: [(String, String)] = [
                ("method", result.method.rawValue),
                ("samples", "\(samples.count) (dimension \(samples.dimension))"),
                ("entropy H(Y)", "\(Format.fixed(result.entropyBits, 4)) bits per sample"),
                (
                    "distortion",
                    "\(Format.general(result.distortion, 6)) (target \(Format.general(target.targetDistortion, 6)))"
                ),
                ("codewords", "\(result.codewordCount)"),
                ("hull points", "\(result.hull.count)"),
                ("time", "\(Format.fixed(seconds, 3)) s"),
            ]
            try Terminal.print("rdopt baseline\n" + Format.table(rows))
        }
    }
}

extension Baseline {
    /// The baseline's rule as a quantizer document, with its figures measured on the samples.
    func writeQuantizer(_ result: BaselineResult, samples: TrainingSamples, to path: String) throws
    {
        let document = try reportingQuantizationErrors { () throws -> QuantizerDocument in
            try QuantizerDocument(baseline: result, measuredOn: samples)
        }
        let outputs = OutputSet()
        try outputs.stage(document.json.serialized() + "\n", to: path)
        try outputs.commitOutputs()
    }
}
