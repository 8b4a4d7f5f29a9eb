import EntropyCoding
import Foundation
import Quantization
import RDInterchange
import RDPlot
import RateDistortion
import SampleCompression

/// The main job of `rdopt demo` on the embedded ``DemoSignal``: solve the convex program on
/// the empirical distribution (with a per-element fidelity class for the important samples),
/// trace R(D) with certified bounds, design a hard quantiser, run the baselines, and compress
/// and decompress the data; the result builds a ``RateDistortionReport``.
///
/// Library code: it never prints; progress goes through the closure passed to ``run(progress:)``.
public struct DemoPipeline: Sendable {
    /// The data.
    public var signal: DemoSignal
    /// The average distortion bound D (mean squared error).
    public var targetDistortion: Double
    /// The per-sample squared-error tolerance D' of important samples.
    public var importantTolerance: Double
    /// Points on the traced R(D) curve.
    public var curvePoints: Int
    /// The certified duality gap per solve, in nats.
    public var gapTolerance: Double
    /// Whether to run the ECSQ Lloyd baseline with its full (slower) search and to design the
    /// quantiser by deterministic annealing (otherwise the relaxation is rounded directly: quick
    /// reduced runs for tests).
    public var isThorough: Bool

    /// Creates the pipeline; the defaults are those of `rdopt demo`.
    public init(
        signal: DemoSignal = DemoSignal(), targetDistortion: Double = 0.1,
        importantTolerance: Double = 0.02,
        curvePoints: Int = 12, gapTolerance: Double = 1e-9, isThorough: Bool = true
    ) {
        self.signal = signal
        self.targetDistortion = targetDistortion
        self.importantTolerance = importantTolerance
        self.curvePoints = curvePoints
        self.gapTolerance = gapTolerance
        self.isThorough = isThorough
    }

    /// Runs every step.
    ///
    /// - Parameter progress: Called with a short description of the step under way (and curve
    ///   points as they are solved).
    /// - Returns: Everything the report and the output folder need.
    /// - Throws: `RateDistortionError` (infeasible settings), `QuantizationError`,
    ///   `CompressionError` (SampleCompression), or ``DemoError/roundTripMismatch``.
    /// - Complexity: dominated by the curve: `curvePoints` solves on a few hundred atoms.
    public func run(progress: @escaping (String) -> Void = { _ in }) throws -> DemoOutcome {
        var timings: [(String, Double)] = []
        let clock = ContinuousClock()
        var mark = clock.now
        func lap(_ name: String) {
            let now = clock.now
            let elapsed = now - mark
            timings.append(
                (
                    name,
                    Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds)
                        * 1e-18
                ))
            mark = now
        }

        progress("generating \(signal.count) samples")
        let samples = signal.samples()
        let flags = samples.isImportant ?? []
        let training = try TrainingSamples(scalars: samples.values, importance: flags)
        let source = try EmpiricalSource(training)
        lap("data")

        progress("solving the convex program on \(source.atomCount) atoms")
        let atoms = source.points
        let important = source.isImportant.indices.filter { source.isImportant[$0] }
        let problem = try Problem(
            sourcePoints: try PointSet(scalars: atoms),
            probabilities: try ProbabilityVector(source.probabilities),
            codebook: try PointSet(scalars: atoms), measure: .squaredError,
            constraint: .targetDistortion(targetDistortion),
            fidelity: important.isEmpty
                ? []
                : [
                    FidelityClass(
                        name: "important", members: important, tolerance: importantTolerance)
                ])
        let solver = Solver(criteria: SolverCriteria(gapTolerance: gapTolerance))
        let solution = try solver.solve(problem)
        lap("solve")

        // The curve around the target: its points are certified like the main solve, with a pass
        // budget so that the demo stays quick (a point that runs out reports gap-not-reached).
        let tracer = RateDistortionCurve(
            solver: Solver(
                criteria: SolverCriteria(gapTolerance: gapTolerance, maxIterations: 2_000)))
        let range = try tracer.distortionRange(of: problem)
        let upper = min(range.upperBound, targetDistortion * 8)
        let lower = max(range.lowerBound, targetDistortion / 2)
        let grid = RateDistortionCurve.grid(
            lower...max(upper, lower * 2), count: max(curvePoints, 2))
        let curve = try tracer.trace(problem, at: grid) { done, total in
            progress("R(D) curve: point \(done)/\(total)")
        }
        lap("curve")

        progress("designing the quantiser")
        // The full design (rdopt design: the interval programme beside annealing); the relaxation
        // is not recomputed (it was solved above). The reduced run rounds the relaxation instead.
        var stages: [AnnealingStage] = []
        var intervalBound: Double?
        let design: RelaxationRounding.Measurement
        if isThorough {
            let report = try QuantizerDesigner(computesRelaxation: false).design(
                for: training, targetDistortion: targetDistortion,
                importantTolerance: importantTolerance)
            let indices = report.quantizer.encode(
                contentsOf: samples.values, isImportant: samples.isImportant
            ).indices
            design = RelaxationRounding.Measurement(
                quantizer: report.quantizer, indices: indices,
                entropyBits: report.training.entropyBits,
                distortion: report.training.distortion,
                violations: report.training.importantViolations,
                importantMaxDistortion: report.training.importantMaxDistortion)
            stages = report.stages.map {
                AnnealingStage(
                    temperature: $0.temperature, mutualInformationBits: $0.mutualInformationBits,
                    outputEntropyBits: $0.outputEntropyBits,
                    conditionalEntropyBits: $0.conditionalEntropyBits,
                    distortion: $0.distortion, liveCodewords: $0.liveCodewords)
            }
            intervalBound = report.interval?.lowerBoundBits
        } else {
            design = try RelaxationRounding().round(
                solution, codebook: atoms, samples: samples, targetDistortion: targetDistortion,
                importantTolerance: importantTolerance)
        }
        lap("design")

        progress("baselines: ECSQ Lloyd, uniform, Lloyd–Max")
        var rng = SplitMix64(seed: signal.seed ^ 0xB5)
        let ecsqSearch =
            isThorough
            ? EntropyConstrainedLloyd()
            : EntropyConstrainedLloyd(
                stepFactors: [0.75, 1, 1.25], gridPhases: 2, randomInitialisations: 1,
                bisectionSteps: 8,
                refinementPoints: 6)
        let ecsq = try ecsqSearch.design(
            for: training, targetDistortion: targetDistortion, using: &rng)
        let uniform = try UniformThresholdQuantizer().design(
            for: training, targetDistortion: targetDistortion)
        let lloydMax = try LloydMax().design(for: training, targetDistortion: targetDistortion)
        lap("baselines")

        progress("compressing and decompressing")
        let document = QuantizerDocument(
            quantizer: design.quantizer, importanceRule: signal.importanceRule.description,
            training: QuantizerDocument.Training(
                samples: samples.count, entropyBits: design.entropyBits,
                distortion: design.distortion,
                importantCount: flags.filter { $0 }.count,
                importantMaxDistortion: design.importantMaxDistortion,
                importantViolations: design.violations),
            relaxation: (solution.rateBits, solution.lowerBoundBits),
            stages: stages.map {
                QuantizerDocument.Stage(
                    temperature: $0.temperature, mutualInformationBits: $0.mutualInformationBits,
                    outputEntropyBits: $0.outputEntropyBits,
                    conditionalEntropyBits: $0.conditionalEntropyBits,
                    distortion: $0.distortion, liveCodewords: $0.liveCodewords ?? 0)
            })
        let (bytes, summary) = try SampleCompression.compress(samples, with: document)
        let decoded = try SampleDecompression.reconstruction(of: bytes, file: "demo.rdq")
        let expected = design.indices.map { design.quantizer.codebook[$0] }
        guard decoded.values == expected else { throw DemoError.roundTripMismatch }
        lap("compression")

        return DemoOutcome(
            pipeline: self, samples: samples, problem: problem, solution: solution, curve: curve,
            design: design, intervalBound: intervalBound, document: document,
            baselines: [
                ("ECSQ Lloyd", ecsq), ("uniform threshold", uniform), ("Lloyd–Max", lloydMax),
            ],
            compressed: bytes, compression: summary, timings: timings)
    }
}

/// What can stop the demo besides the libraries' own errors.
public enum DemoError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The decompressed samples differ from the encoded reconstruction.
    case roundTripMismatch

    /// A one-line message.
    public var description: String {
        switch self {
        case .roundTripMismatch: "the decompressed data differ from the encoded reconstruction"
        }
    }
}
