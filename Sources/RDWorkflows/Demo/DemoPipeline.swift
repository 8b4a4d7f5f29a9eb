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
        var laps = StepClock()

        progress("generating \(signal.count) samples")
        let samples = signal.samples()
        let training = try TrainingSamples(
            scalars: samples.values, importance: samples.isImportant ?? [])
        let source = try EmpiricalSource(training)
        laps.lap("data")

        progress("solving the convex program on \(source.atomCount) atoms")
        let problem = try self.problem(on: source)
        let solution = try Solver(criteria: SolverCriteria(gapTolerance: gapTolerance)).solve(
            problem)
        laps.lap("solve")

        let curve = try self.curve(of: problem, progress: progress)
        laps.lap("curve")

        progress("designing the quantiser")
        let designed = try design(
            training: training, samples: samples, solution: solution, atoms: source.points)
        laps.lap("design")

        progress("baselines: ECSQ Lloyd, uniform, Lloyd–Max")
        let baselines = try self.baselines(on: training)
        laps.lap("baselines")

        progress("compressing and decompressing")
        let document = quantizerDocument(designed, samples: samples, solution: solution)
        let (bytes, summary) = try SampleCompression.compress(samples, with: document)
        let decoded = try SampleDecompression.reconstruction(of: bytes, file: "demo.rdq")
        let expected = designed.measurement.indices.map {
            designed.measurement.quantizer.codebook[$0]
        }
        guard decoded.values == expected else { throw DemoError.roundTripMismatch }
        laps.lap("compression")

        return DemoOutcome(
            pipeline: self, samples: samples, problem: problem, solution: solution, curve: curve,
            design: designed.measurement, intervalBound: designed.intervalBound,
            dataBound: designed.dataBound,
            document: document, baselines: baselines,
            compressed: bytes, compression: summary,
            timings: laps.laps.map { ($0.step, $0.seconds) })
    }

    /// The convex program on the source's atoms, the atoms as codebook, with the important atoms
    /// as a per-element class.
    func problem(on source: EmpiricalSource) throws -> Problem {
        let atoms = source.points
        let important = source.isImportant.indices.filter { source.isImportant[$0] }
        return try Problem(
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
    }

    /// The curve around the target: its points are certified like the main solve, with a pass
    /// budget so that the demo stays quick (a point that runs out reports gap-not-reached).
    func curve(of problem: Problem, progress: @escaping (String) -> Void) throws
        -> [CurvePoint]
    {
        let tracer = RateDistortionCurve(
            solver: Solver(
                criteria: SolverCriteria(gapTolerance: gapTolerance, maxIterations: 2_000)))
        let range = try tracer.distortionRange(of: problem)
        let upper = min(range.upperBound, targetDistortion * 8)
        let lower = max(range.lowerBound, targetDistortion / 2)
        let grid = RateDistortionCurve.grid(
            lower...max(upper, lower * 2), count: max(curvePoints, 2))
        return try tracer.trace(problem, at: grid) { done, total in
            progress("R(D) curve: point \(done)/\(total)")
        }
    }

    /// What the design step hands on: the deployed quantiser measured on the samples, the
    /// annealing path and the certified bound on interval quantisers (thorough runs only).
    struct Designed {
        var measurement: RelaxationRounding.Measurement
        var stages: [AnnealingStage] = []
        var intervalBound: Double?
        /// The certified bound on R(D) of the samples over every reconstruction.
        var dataBound: Double?
    }

    /// The full design (rdopt design: the interval programme beside annealing) on thorough runs;
    /// the relaxation is not recomputed (it was solved above). Reduced runs round the relaxation.
    func design(
        training: TrainingSamples, samples: SampleSet, solution: Solution, atoms: [Double]
    ) throws -> Designed {
        guard isThorough else {
            return Designed(
                measurement: try RelaxationRounding().round(
                    solution, codebook: atoms, samples: samples, targetDistortion: targetDistortion,
                    importantTolerance: importantTolerance))
        }
        var designer = QuantizerDesigner(computesRelaxation: false)
        designer.computesDataBound = true
        let report = try designer.design(
            for: training, targetDistortion: targetDistortion,
            importantTolerance: importantTolerance)
        let indices = report.quantizer.encode(
            contentsOf: samples.values, isImportant: samples.isImportant
        ).indices
        let measurement = RelaxationRounding.Measurement(
            quantizer: report.quantizer, indices: indices,
            entropyBits: report.training.entropyBits,
            distortion: report.training.distortion,
            violations: report.training.importantViolations,
            importantMaxDistortion: report.training.importantMaxDistortion)
        let stages = report.stages.map(AnnealingStage.init)
        return Designed(
            measurement: measurement, stages: stages,
            intervalBound: report.interval?.lowerBoundBits,
            dataBound: report.dataBound?.lowerBoundBits)
    }

    /// Entropy-constrained Lloyd (a quicker search on reduced runs), the uniform threshold
    /// quantiser and Lloyd–Max, on the same samples.
    func baselines(on training: TrainingSamples) throws -> [(String, BaselineResult)] {
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
        return [("ECSQ Lloyd", ecsq), ("uniform threshold", uniform), ("Lloyd–Max", lloydMax)]
    }

    /// The quantizer file of the design, as `rdopt design --output` would write it.
    func quantizerDocument(_ designed: Designed, samples: SampleSet, solution: Solution)
        -> QuantizerDocument
    {
        let design = designed.measurement
        return QuantizerDocument(
            quantizer: design.quantizer, importanceRule: signal.importanceRule.description,
            training: QuantizerDocument.Training(
                samples: samples.count, entropyBits: design.entropyBits,
                distortion: design.distortion,
                importantCount: (samples.isImportant ?? []).filter { $0 }.count,
                importantMaxDistortion: design.importantMaxDistortion,
                importantViolations: design.violations),
            relaxation: (solution.rateBits, solution.lowerBoundBits),
            stages: designed.stages.map {
                QuantizerDocument.Stage(
                    temperature: $0.temperature, mutualInformationBits: $0.mutualInformationBits,
                    outputEntropyBits: $0.outputEntropyBits,
                    conditionalEntropyBits: $0.conditionalEntropyBits,
                    distortion: $0.distortion, liveCodewords: $0.liveCodewords ?? 0)
            })
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
