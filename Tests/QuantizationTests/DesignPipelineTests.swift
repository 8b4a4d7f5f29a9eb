import Foundation
import Quantization
import Testing
import _TestSupport

/// The design pipeline of docs/quantiser-design.md on generated data with fixed seeds.
struct DesignPipelineTests {
    /// A lighter schedule for debug-build tests; the figures script uses the defaults.
    static let designer = QuantizerDesigner(
        stageCount: 12, maximumIterationsPerStage: 30, computesRelaxation: false,
        sourceOptions: .init(maximumExactAtoms: 512, histogramAtoms: 512))

    @Test(
        "the designed rule meets D on every sample and is close to ECSQ-Lloyd and ½log2(σ²/D)",
        arguments: [("gaussian", 0.1), ("gaussian", 0.03), ("laplace", 0.1)])
    func quality(source: String, target: Double) throws {
        let values =
            source == "gaussian"
            ? SeededSamples.gaussian(10_000, seed: 3) : SeededSamples.laplace(10_000, seed: 3)
        let samples = try TrainingSamples(scalars: values)
        let report = try Self.designer.design(for: samples, targetDistortion: target)
        var rng = SplitMix64(seed: 7)
        let ecsq = try EntropyConstrainedLloyd().design(
            for: samples, targetDistortion: target, using: &rng)
        let bound = 0.5 * log2(samples.variancePerDimension / target)
        #expect(report.training.distortion <= target)
        // Tolerances: issue 4 item 5 (0.005 bit above ECSQ-Lloyd, 0.30 bit above the Shannon bound).
        #expect(report.training.entropyBits <= ecsq.entropyBits + 0.005)
        #expect(report.training.entropyBits <= bound + 0.30)
        // Re-measuring the returned rule on the samples reproduces the reported figures exactly.
        let encoding = report.quantizer.encode(contentsOf: samples.values)
        var counts = [Int](repeating: 0, count: report.quantizer.count)
        for j in encoding.indices { counts[j] += 1 }
        #expect(counts.allSatisfy { $0 > 0 })
    }

    @Test("every stage holds the average bound; τ runs from 1 to τ_min")
    func stagesHoldTheBound() throws {
        let samples = try TrainingSamples(scalars: SeededSamples.gaussian(5_000, seed: 4))
        let report = try Self.designer.design(for: samples, targetDistortion: 0.1)
        #expect(report.stages.count == 12)
        #expect(report.stages.first?.temperature == 1)
        #expect(abs((report.stages.last?.temperature ?? 0) - 1e-3) <= 1e-12)
        for stage in report.stages {
            // Relative 1e-9: the slope's root-finding tolerance.
            #expect(stage.distortion <= 0.1 * (1 + 1e-9))
        }
    }

    @Test(
        "important samples |x| > 2.5 with tolerance D/10: zero violations",
        arguments: [0.3, 0.1, 0.03])
    func importantSamplesHaveNoViolations(target: Double) throws {
        let values = SeededSamples.gaussian(10_000, seed: 5)
        let samples = try TrainingSamples(scalars: values, importance: values.map { abs($0) > 2.5 })
        let report = try Self.designer.design(
            for: samples, targetDistortion: target, importantTolerance: target / 10)
        #expect(report.training.importantCount == samples.importantCount)
        #expect(report.training.importantViolations == 0)
        #expect(report.training.importantMaxDistortion <= target / 10)
        #expect(report.training.distortion <= target)
        let encoding = report.quantizer.encode(
            contentsOf: samples.values, isImportant: samples.importance)
        #expect(encoding.violations.isEmpty)
    }

    @Test(
        "a correlated 2-D Gaussian needs fewer bits per dimension than a pair of scalar quantisers")
    func correlatedPairBeatsScalars() throws {
        var rng = SplitMix64(seed: 11)
        let rho = 0.9
        var values: [Double] = []
        for _ in 0..<4_000 {
            let a = rng.nextGaussian()
            let b = rng.nextGaussian()
            values += [a, rho * a + (1 - rho * rho).squareRoot() * b]
        }
        let target = 0.1
        let pairs = try TrainingSamples(values: values, dimension: 2)
        let report = try QuantizerDesigner(
            stageCount: 8, maximumIterationsPerStage: 20, computesRelaxation: false,
            sourceOptions: .init(maximumExactAtoms: 256, histogramAtoms: 256)
        )
        .design(for: pairs, targetDistortion: target)
        #expect(report.training.distortion <= target)
        var scalarBits = 0.0
        for c in 0..<2 {
            let column = try TrainingSamples(
                scalars: stride(from: c, to: values.count, by: 2).map { values[$0] })
            var seed = SplitMix64(seed: 7)
            scalarBits += try EntropyConstrainedLloyd().design(
                for: column, targetDistortion: target, using: &seed
            ).entropyBits
        }
        #expect(report.training.entropyBits / 2 < scalarBits / 2)
    }

    @Test(
        "one annealing stage on 2-D clusters still meets D: a polish round that loses it is undone")
    func oneStageOnClusters() throws {
        // Four clusters at (±10, ±10), σ = 3: at τ = 1 the hard rule's slope is low, and hard
        // Lloyd used to pull its cells onto 4 codewords that no slope brings back to D = 4.
        let values = SeededSamples.fourClusters(1_000, centre: 10, spread: 3, seed: 5)
        let samples = try TrainingSamples(values: values, dimension: 2)
        let report = try QuantizerDesigner(
            stageCount: 1, maximumIterationsPerStage: 20, initialCodewords: 100,
            computesRelaxation: false,
            sourceOptions: .init(maximumExactAtoms: 256, histogramAtoms: 256)
        )
        .design(for: samples, targetDistortion: 4)
        #expect(report.training.distortion <= 4)
        #expect(report.quantizer.count > 4)
    }

    @Test("a single distinct value gets one codeword and zero distortion")
    func singleValue() throws {
        let samples = try TrainingSamples(scalars: [Double](repeating: 2.5, count: 100))
        let report = try Self.designer.design(for: samples, targetDistortion: 0.1)
        #expect(report.quantizer.count == 1)
        #expect(report.training.entropyBits == 0)
        #expect(report.training.distortion <= 0.1)
    }

    @Test("a zero tolerance is met exactly by adding codewords")
    func zeroTolerance() throws {
        let values = SeededSamples.gaussian(2_000, seed: 6)
        let samples = try TrainingSamples(scalars: values, importance: values.map { $0 > 2.8 })
        let report = try Self.designer.design(
            for: samples, targetDistortion: 0.1, importantTolerance: 0)
        #expect(report.training.importantViolations == 0)
        #expect(report.training.importantMaxDistortion == 0)
    }

    @Test(
        "a given initial codebook: 2-D, it is the start (codewords only leave or move), the target holds, important samples are served"
    )
    func givenInitialCodebook() throws {
        var rng = SplitMix64(seed: 9)
        let values = (0..<2_000).map { _ in rng.nextGaussian() }
        let importance = (0..<1_000).map { i in
            max(abs(values[2 * i]), abs(values[2 * i + 1])) > 2.6
        }
        let samples = try TrainingSamples(values: values, dimension: 2, importance: importance)
        // A 7 × 7 grid with spacing 0.5.
        let axis = (0..<7).map { -1.5 + 0.5 * Double($0) }
        let grid = axis.flatMap { a in axis.flatMap { b in [a, b] } }
        var designer = Self.designer
        designer.initialCodebook = try TrainingSamples(values: grid, dimension: 2)
        let report = try designer.design(
            for: samples, targetDistortion: 0.1, importantTolerance: 0.02)
        #expect(report.initialCodebookIsGiven)
        #expect(report.initialCodewords == 49 + report.importantGridCodewords)
        #expect(report.importantGridCodewords > 0, "far important samples need their own codewords")
        #expect(report.training.distortion <= 0.1)
        #expect(report.training.importantViolations == 0)
        // A codebook of the wrong dimension is refused.
        designer.initialCodebook = try TrainingSamples(scalars: [0, 1])
        #expect(throws: QuantizationError.initialCodebookDimension(expected: 2, actual: 1)) {
            try designer.design(for: samples, targetDistortion: 0.1)
        }
    }

    @Test(
        "a weighted source designs as its samples repeated by integer weights (H within 1e-9 bit, D 1e-12 relative)",
        arguments: [false, true])
    func weightedSourceEqualsRepeatedSamples(withClass: Bool) throws {
        var rng = SplitMix64(seed: 21)
        let points = (0..<400).map { _ in (rng.nextGaussian() * 20).rounded() / 20 }
        let multiplicities = (0..<400).map { _ in Int.random(in: 1...5, using: &rng) }
        let repeated = zip(points, multiplicities).flatMap { Array(repeating: $0, count: $1) }
        let weighted = try TrainingSamples(
            scalars: points, importance: withClass ? points.map { abs($0) > 2 } : nil,
            weights: multiplicities.map(Double.init))
        let expanded = try TrainingSamples(
            scalars: repeated, importance: withClass ? repeated.map { abs($0) > 2 } : nil)
        let tolerance = withClass ? 0.005 : nil
        let a = try Self.designer.design(
            for: weighted, targetDistortion: 0.05, importantTolerance: tolerance)
        let b = try Self.designer.design(
            for: expanded, targetDistortion: 0.05, importantTolerance: tolerance)
        #expect(a.quantizer.count == b.quantizer.count)
        #expect(abs(a.training.entropyBits - b.training.entropyBits) <= 1e-9)
        #expect(abs(a.training.distortion - b.training.distortion) <= 1e-12 * b.training.distortion)
        #expect(a.training.distortion <= 0.05)
        #expect(a.training.importantViolations == 0)
        // The baselines see the same weights.
        var rngA = SplitMix64(seed: 1)
        var rngB = SplitMix64(seed: 1)
        let lloydA = try EntropyConstrainedLloyd().design(
            for: weighted, targetDistortion: 0.05, using: &rngA)
        let lloydB = try EntropyConstrainedLloyd().design(
            for: expanded, targetDistortion: 0.05, using: &rngB)
        #expect(abs(lloydA.entropyBits - lloydB.entropyBits) <= 1e-9)
    }

    @Test("weights must be positive, finite and one per sample")
    func badWeights() throws {
        #expect(throws: QuantizationError.invalidWeight(sample: 1, value: 0)) {
            try TrainingSamples(scalars: [0, 1], weights: [1, 0])
        }
        #expect(throws: QuantizationError.weightCountMismatch(expected: 2, actual: 1)) {
            try TrainingSamples(scalars: [0, 1], weights: [1])
        }
        let samples = try TrainingSamples(scalars: [0, 1, 2], weights: [1e300, 1e300, 2e300])
        #expect(samples.weights == [0.75, 0.75, 1.5])
    }

    @Test(
        "a class-average bound: the important mean within D′, the overall target met, no more bits than holding each sample to D′"
    )
    func classAverageBound() throws {
        let values = SeededSamples.gaussian(1_000, seed: 17).map { ($0 * 10).rounded() / 10 }
        let samples = try TrainingSamples(scalars: values, importance: values.map { abs($0) > 2 })
        // The interval programme alone keeps the ten designs of the search fast in a debug build.
        var designer = Self.designer
        designer.anneals = false
        let perSample = try designer.design(
            for: samples, targetDistortion: 0.05, importantTolerance: 0.004)
        designer.computesRelaxation = true
        designer.relaxationTimeLimit = 3
        let tolerance = 0.004
        let average = try designer.design(
            for: samples, targetDistortion: 0.05, classAverageTolerance: tolerance)
        let rule = try #require(average.classAverage)
        #expect(average.training.importantMeanDistortion <= tolerance)
        #expect(average.training.distortion <= 0.05)
        #expect(rule.ruleTolerance >= tolerance && rule.designsTried >= 2)
        #expect(average.quantizer.importantTolerance == rule.ruleTolerance)
        #expect(average.training.entropyBits <= perSample.training.entropyBits)
        // The certified bound is the relaxation with the class-average constraint.
        let relaxation = try #require(average.relaxation)
        #expect(relaxation.lowerBoundBits <= average.training.entropyBits)
        #expect(relaxation.lowerBoundBits <= relaxation.rateBits + 1e-12)
    }

    @Test("bad targets and tolerances are rejected")
    func badInput() throws {
        let samples = try TrainingSamples(scalars: [0, 1, 2])
        #expect(throws: QuantizationError.invalidTargetDistortion(-1)) {
            try Self.designer.design(for: samples, targetDistortion: -1)
        }
        #expect(throws: QuantizationError.self) {
            try Self.designer.design(for: samples, targetDistortion: 0.1, importantTolerance: .nan)
        }
    }

    @Test(
        "annealing runs once, beside a scalar relaxation or after it, never beside a vector one",
        arguments: [1, 2])
    func annealingBesideTheRelaxation(dimension: Int) throws {
        let values = SeededSamples.gaussian(2_000 * dimension, seed: 8)
        let samples = try TrainingSamples(values: values, dimension: dimension)
        var designer = Self.designer
        designer.computesRelaxation = true
        // Annealing waits 1 ms, a quarter of the budget: on scalars it may then start beside
        // the relaxation (which decides is a race AnnealingStartTests covers).
        designer.relaxationTimeLimit = 0.004
        let report = try designer.design(for: samples, targetDistortion: 0.1)
        let steps = report.timings.map(\.step)
        let beside = steps.filter { $0.hasSuffix("(beside the relaxation)") }
        // docs/quantiser-design.md, "Steps and their order".
        if dimension == 1 {
            let annealing = steps.filter { $0.hasPrefix("annealing (12 stages)") }
            #expect(annealing.count == 1, "\(steps)")
            #expect(steps.contains("waiting for annealing") == !beside.isEmpty, "\(steps)")
        } else {
            #expect(beside.isEmpty, "\(steps)")
            #expect(steps.contains("annealing (12 stages)"))
        }
        // Either way annealing's first stage is at τ = 1 and the design meets D.
        #expect(report.stages.first?.temperature == 1)
        #expect(report.training.distortion <= 0.1)
    }

    /// With ``QuantizerDesigner/mayAnnealBesideRelaxation`` off, annealing waits for the
    /// relaxation however long it takes, and starts from its law (no τ = 1 stage of its own to
    /// run beside it).
    @Test("annealing can be held until the relaxation has finished")
    func annealingAfterTheRelaxation() throws {
        let samples = try TrainingSamples(
            values: SeededSamples.gaussian(2_000, seed: 8), dimension: 1)
        var designer = Self.designer
        designer.computesRelaxation = true
        designer.relaxationTimeLimit = 0.004
        designer.mayAnnealBesideRelaxation = false
        let report = try designer.design(for: samples, targetDistortion: 0.1)
        let steps = report.timings.map(\.step)
        #expect(!steps.contains { $0.contains("beside the relaxation") }, "\(steps)")
        #expect(!steps.contains("waiting for annealing"), "\(steps)")
        let relaxation = try #require(steps.firstIndex { $0.hasPrefix("relaxation") })
        let annealing = try #require(steps.firstIndex { $0.hasPrefix("annealing (12 stages)") })
        #expect(relaxation < annealing)
        #expect(report.training.distortion <= 0.1)
    }
}
