import EntropyCoding
import Foundation
import Quantization
import RDInterchange
import RDPlot
import RateDistortion
import SampleCompression

/// The results of ``DemoPipeline/run(progress:)``: what the report shows and the files the
/// demo writes.
public struct DemoOutcome: Sendable {
    /// The settings that produced it.
    public var pipeline: DemoPipeline
    /// The generated data with importance flags.
    public var samples: SampleSet
    /// The convex program on the empirical distribution.
    public var problem: Problem
    /// Its certified solution at the target.
    public var solution: Solution
    /// The traced curve.
    public var curve: [CurvePoint]
    /// The designed hard quantiser, measured on the data.
    var design: RelaxationRounding.Measurement
    /// The certified bound on every interval quantiser of the data (full runs only).
    public var intervalBound: Double?
    /// The quantiser file.
    public var document: QuantizerDocument
    /// The baselines, named.
    public var baselines: [(name: String, result: BaselineResult)]
    /// The compressed file.
    public var compressed: [UInt8]
    /// Its figures.
    public var compression: SampleCompression.Summary
    /// Seconds per step.
    public var timings: [(step: String, seconds: Double)]

    init(
        pipeline: DemoPipeline, samples: SampleSet, problem: Problem, solution: Solution,
        curve: [CurvePoint],
        design: RelaxationRounding.Measurement, intervalBound: Double?, document: QuantizerDocument,
        baselines: [(String, BaselineResult)], compressed: [UInt8],
        compression: SampleCompression.Summary,
        timings: [(String, Double)]
    ) {
        self.pipeline = pipeline
        self.samples = samples
        self.problem = problem
        self.solution = solution
        self.curve = curve
        self.design = design
        self.intervalBound = intervalBound
        self.document = document
        self.baselines = baselines.map { (name: $0.0, result: $0.1) }
        self.compressed = compressed
        self.compression = compression
        self.timings = timings.map { (step: $0.0, seconds: $0.1) }
    }

    /// The designed quantiser's figures.
    public var designed: RateDistortionReport.MeasuredQuantizer {
        RateDistortionReport.MeasuredQuantizer(
            name: "designed hard rule", entropyBits: design.entropyBits,
            distortion: design.distortion,
            codewords: Set(design.indices).count, violations: design.violations,
            importantMaxDistortion: design.importantMaxDistortion)
    }

    /// The report's content.
    ///
    /// - Parameter command: The command line that reproduces it.
    public func report(command: String) -> RateDistortionReport {
        let signal = pipeline.signal
        let values = samples.values
        let importantCount = samples.importantCount
        let spread = (values.min() ?? 0)...(values.max() ?? 0)
        let tolerance = pipeline.importantTolerance * (1 + 1e-6) + 1e-12
        let violations = solution.fidelity.reduce(0) { count, report in
            count + report.members.filter { solution.rowDistortions[$0] > tolerance }.count
        }
        let prices = solution.fidelity.map { report in
            FidelityPriceSet(
                name: report.name,
                prices: zip(report.members, report.prices).map {
                    PlotPoint(problemPoint($0.0), $0.1)
                })
        }
        var report = RateDistortionReport(
            title: "rdopt demo — heavy-tailed sensor signal",
            subtitle:
                "Certified rate–distortion optimisation, quantiser design and compression on embedded data",
            dataDescription: [
                "\(signal.count) samples of an AR(1) process (φ = \(signal.autoregression)) driven by Student-t "
                    + "innovations (ν = \(signal.degreesOfFreedom)), unit variance, read out at a sensor resolution "
                    + "of \(NumberText.format(signal.resolution, significant: 4)); seed \(signal.seed). "
                    + "Values span \(NumberText.format(spread.lowerBound, significant: 4)) to "
                    + "\(NumberText.format(spread.upperBound, significant: 4)) over \(problem.sourceCount) distinct values.",
                "\(importantCount) samples (\(NumberText.format(100 * Double(importantCount) / Double(max(signal.count, 1)), significant: 3)) %) "
                    + "are important (\(signal.importanceRule)): each must be reconstructed with squared error at most "
                    + "\(NumberText.format(pipeline.importantTolerance, significant: 4)); the average bound is "
                    + "D = \(NumberText.format(pipeline.targetDistortion, significant: 4)).",
            ],
            targetDistortion: pipeline.targetDistortion,
            importantTolerance: pipeline.importantTolerance,
            relaxation: RateDistortionReport.Relaxation(
                rateBits: solution.rateBits, lowerBoundBits: solution.lowerBoundBits,
                distortion: solution.distortion,
                slope: solution.slope, violations: violations),
            curve: curve.compactMap(RateDistortionCurvePoint.init),
            designed: designed,
            designNote: document.stages.isEmpty
                ? "Reduced run: the hard rule j(x) = argmin −log q_j + s·(x − y_j)² uses the relaxation's output law q "
                    + "and a slope found by bisection so that the average bound holds (no annealing)."
                : "The better of two designs is deployed: the interval programme (the best scalar quantiser with "
                    + "interval cells meeting every bound, with a certified bound on all such quantisers) and "
                    + "deterministic annealing from τ = 1 (the convex program) towards a hard encoder, with codebook "
                    + "refinement and pruning; the final rule j(x) = argmin −log q_j + s·(x − y_j)² has its slope tuned "
                    + "on the data so that the average bound holds, and important samples only take codewords within "
                    + "their tolerance.",
            stages: document.stages.map {
                AnnealingStage(
                    temperature: $0.temperature, mutualInformationBits: $0.mutualInformationBits,
                    outputEntropyBits: $0.outputEntropyBits,
                    conditionalEntropyBits: $0.conditionalEntropyBits,
                    distortion: $0.distortion, liveCodewords: $0.liveCodewords)
            },
            map: QuantizerMapData(
                quantizer: design.quantizer, values: values, indices: design.indices,
                importantRegions: signal.importanceRule.regions(within: spread)),
            prices: prices,
            baselines: baselines.map {
                RateDistortionReport.MeasuredQuantizer($0.result, name: $0.name)
            },
            compression: RateDistortionReport.Compression(
                samples: compression.samples, bytes: compression.bytes,
                bitsPerSample: compression.bitsPerSample,
                distortion: compression.distortion, isRoundTripExact: true),
            settings: [
                ReportRow("samples", "\(signal.count)"), ReportRow("seed", "\(signal.seed)"),
                ReportRow("importance rule", signal.importanceRule.description),
                ReportRow("target distortion D", "\(pipeline.targetDistortion)"),
                ReportRow("important tolerance D′", "\(pipeline.importantTolerance)"),
                ReportRow("curve points", "\(pipeline.curvePoints)"),
                ReportRow("duality gap per solve", "\(pipeline.gapTolerance) nats"),
                ReportRow(
                    "codebook of the convex program",
                    "the \(problem.sourceCount) distinct data values"),
                ReportRow("distortion", "squared error"),
            ],
            command: command,
            footer: "Generated by rdopt. Timings: "
                + timings.map { "\($0.step) \(NumberText.format($0.seconds, significant: 2)) s" }
                .joined(separator: ", "))
        report.intervalBoundBits = intervalBound
        return report
    }

    private func problemPoint(_ atom: Int) -> Double {
        problem.sourcePoints.map { $0.coordinates[atom] } ?? Double(atom)
    }

    /// Writes the output folder: `index.html`, the figures as SVG, the data (`data.csv`,
    /// columns `x,important`), the quantiser (`quantizer.json`), the compressed file
    /// (`data.rdq`) and the curve (`curve.csv`). The files appear together or not at all
    /// (an `OutputSet`): if one cannot be written, the folder keeps what it held before.
    ///
    /// - Parameters:
    ///   - folder: Created if missing.
    ///   - command: The command that reproduces the report.
    /// - Returns: The files written, report first.
    /// - Throws: `DataInputError.unwritableFile`.
    @discardableResult
    public func write(to folder: URL, command: String) throws(DataInputError) -> [URL] {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw .unwritableFile(file: folder.path, reason: SampleSet.reason(error))
        }
        let content = report(command: command)
        let figures = content.figures()
        var written: [URL] = []
        let outputs = OutputSet()
        let index = folder.appendingPathComponent("index.html")
        try content.htmlReport(figures: figures).write(to: index, in: outputs)
        written.append(index)
        for figure in figures {
            let url = folder.appendingPathComponent("\(figure.name).svg")
            try figure.figure.write(to: url, in: outputs)
            written.append(url)
        }
        var csv = "x,important\n"
        csv.reserveCapacity(samples.count * 12)
        let flags = samples.isImportant
        for i in 0..<samples.count {
            csv += "\(samples.values[i]),\(flags?[i] == true ? 1 : 0)\n"
        }
        var curveCSV = "distortion,rate_bits,lower_bound_bits,gap_bits,slope\n"
        for p in curve {
            curveCSV +=
                "\(p.distortion),\(p.rateNats / Double.ln2),\(p.lowerBoundNats / Double.ln2),"
                + "\(p.gapNats / Double.ln2),\(p.slope.isFinite ? "\(p.slope)" : "inf")\n"
        }
        let files: [(String, [UInt8])] = [
            ("data.csv", Array(csv.utf8)),
            ("quantizer.json", Array(document.json.serialized().utf8)),
            ("data.rdq", compressed), ("curve.csv", Array(curveCSV.utf8)),
        ]
        for (name, bytes) in files {
            let url = folder.appendingPathComponent(name)
            try AtomicFile.write(bytes, to: url, in: outputs)
            written.append(url)
        }
        do { try outputs.commit() } catch { throw AtomicFile.unwritable(folder, error) }
        return written
    }
}
