import Foundation
import Testing
import _TestSupport

@testable import Quantization

/// The interval programme against brute-force enumeration of every partition of the distinct
/// values into runs (2^(n−1) of them for n ≤ 12 values).
@Suite struct IntervalProgrammeTests {
    /// A small random instance: n distinct values (some repeated), some important.
    struct Instance {
        var samples: TrainingSamples
        var tolerance: Double
    }

    static func instance(seed: UInt64, distinct n: Int) throws -> Instance {
        var rng = SplitMix64(seed: seed)
        var values: [Double] = []
        var flags: [Bool] = []
        let points = (0..<n).map { _ in
            (rng.nextGaussian() * 4).rounded() / 4 + Double(rng.next() % 1000) * 1e-6
        }
        for x in points {
            let copies = 1 + Int(rng.next() % 3)
            let important = rng.next() % 4 == 0
            for _ in 0..<copies {
                values.append(x)
                flags.append(important)
            }
        }
        let tolerance = [0.0, 0.01, 0.05, 0.3][Int(rng.next() % 4)]
        return Instance(
            samples: try TrainingSamples(scalars: values, importance: flags), tolerance: tolerance)
    }

    /// Every partition of 0..<n into runs, by its cell starts.
    static func partitions(of n: Int) -> [[Int]] {
        (0..<(1 << (n - 1))).map { mask in [0] + (1..<n).filter { mask & (1 << ($0 - 1)) != 0 } }
    }

    /// The least `D + λH` over every admissible partition, by enumeration.
    static func bestLagrangian(_ data: DistinctValues, radius: Double, lambda: Double) -> Double {
        var best = Double.infinity
        for starts in partitions(of: data.count) {
            guard let f = figures(starts, data: data, radius: radius) else { continue }
            best = min(best, f.distortion + lambda * f.bits)
        }
        return best
    }

    /// (D, H) of a partition, or nil when a cell is inadmissible.
    static func figures(_ starts: [Int], data: DistinctValues, radius: Double) -> (
        distortion: Double, bits: Double
    )? {
        IntervalPartition(starts: starts, lambda: 1, data: data, radius: radius).map {
            ($0.distortion, $0.entropyBits)
        }
    }

    @Test("spending slack gives up a start far from the target whose cuts do not move")
    func stalledSlackIsGivenUp() throws {
        // Every distinct value its own cell: no error, the target far above, and with the cells
        // fixed in number no polish can move a cut.
        let values = (0..<64).map { Double($0) }
        let data = DistinctValues(
            values: values, probabilities: [Double](repeating: 1.0 / 64, count: 64),
            isImportant: [Bool](repeating: false, count: 64), shift: 0)
        let bins = CandidateCuts(data, width: 0, importantSpan: .infinity)
        var search = LambdaSearch(
            data: data, bins: bins, radius: .infinity, target: 4, polishSweeps: 4)
        let start = try #require(
            IntervalPartition(starts: Array(0..<64), lambda: 0.01, data: data, radius: .infinity))
        #expect(start.distortion == 0)
        let best = search.spendSlack(from: start, best: start)
        #expect(best.starts == start.starts)
        #expect(search.slackPolishes == LambdaSearch.stalledSteps)
    }

    @Test("the recursion's optimum equals the best of every partition into runs", arguments: 0..<40)
    func recursionMatchesEnumeration(seed: Int) throws {
        let n = 2 + seed % 11
        let instance = try Self.instance(seed: UInt64(seed) + 100, distinct: n)
        let data = DistinctValues(instance.samples)
        let radius = instance.tolerance.squareRoot()
        let bins = CandidateCuts(data, width: 0, importantSpan: 2 * radius)
        for lambda in [0.001, 0.05, 0.4, 3.0] {
            var model = BinnedCellModel(bins: bins, radius: radius)
            let outcome = LagrangianRecursion.solve(&model, lambda: lambda)
            let best = Self.bestLagrangian(data, radius: radius, lambda: lambda)
            #expect(abs(outcome.value - best) <= 1e-12 * max(1, best), "λ = \(lambda)")
            let found = try #require(Self.figures(outcome.cellStarts, data: data, radius: radius))
            #expect(abs(found.distortion + lambda * found.bits - best) <= 1e-12 * max(1, best))
        }
    }

    @Test(
        "without tolerances the fast recursion gives the general one's outcome and the enumerated optimum",
        arguments: 0..<40)
    func unconstrainedRecursionMatches(seed: Int) throws {
        let data = DistinctValues(
            try Self.instance(seed: UInt64(seed) + 300, distinct: 2 + seed % 11).samples)
        // Coarse bins too: the fast path serves the design's binned searches.
        let cases = [0.0, 0.3, 1.0].flatMap { width in
            [0.001, 0.05, 0.4, 3.0].map { (width: width, lambda: $0) }
        }
        for (width, lambda) in cases {
            let bins = CandidateCuts(data, width: width, importantSpan: .infinity)
            var model = BinnedCellModel(bins: bins, radius: .infinity)
            let general = LagrangianRecursion.solve(&model, lambda: lambda)
            let fast = LagrangianRecursion.solveUnconstrained(bins, lambda: lambda)
            #expect(fast.value == general.value, "width \(width), λ = \(lambda)")
            #expect(fast.cellStarts == general.cellStarts)
            #expect(fast.evaluations == general.evaluations)
            guard width == 0 else { continue }
            let best = Self.bestLagrangian(data, radius: .infinity, lambda: lambda)
            #expect(abs(fast.value - best) <= 1e-12 * max(1, best), "λ = \(lambda)")
        }
    }

    @Test("the relaxed recursion on coarse bins never exceeds the exact optimum", arguments: 0..<40)
    func relaxedRecursionIsALowerBound(seed: Int) throws {
        let n = 4 + seed % 9
        let instance = try Self.instance(seed: UInt64(seed) + 500, distinct: n)
        let data = DistinctValues(instance.samples)
        let radius = instance.tolerance.squareRoot()
        for width in [0.3, 0.8, 2.0] {
            for isolating in [false, true] {
                let bins = CandidateCuts(
                    data, width: width, importantSpan: .infinity, isolatingImportant: isolating)
                for lambda in [0.001, 0.05, 0.4, 3.0] {
                    var model = RelaxedCellModel(bins: bins, radius: radius)
                    let relaxed = LagrangianRecursion.solve(&model, lambda: lambda).value
                    let best = Self.bestLagrangian(data, radius: radius, lambda: lambda)
                    #expect(relaxed <= best + 1e-13 * max(1, best), "width \(width), λ = \(lambda)")
                }
            }
        }
    }

    @Test(
        "a design meets the target and the tolerance, and its bound is below every feasible partition",
        arguments: 0..<30)
    func designIsFeasibleAndBounded(seed: Int) throws {
        let n = 3 + seed % 10
        let instance = try Self.instance(seed: UInt64(seed) + 900, distinct: n)
        let data = DistinctValues(instance.samples)
        let radius = instance.tolerance.squareRoot()
        // The target: between the finest and the coarsest admissible partitions.
        let all = Self.partitions(of: data.count).compactMap {
            Self.figures($0, data: data, radius: radius)
        }
        let largest = all.map(\.distortion).max() ?? 0
        let target = max(1e-6, largest * [0.05, 0.2, 0.5, 0.9][seed % 4])
        let bestBits = all.filter { $0.distortion <= target }.map(\.bits).min()
        for programme in [
            IntervalProgramme(), IntervalProgramme(binsPerStep: 2, maximumExactValues: 0),
        ] {
            let design = try programme.design(
                for: instance.samples, targetDistortion: target,
                importantTolerance: instance.tolerance)
            #expect(design.distortion <= target)
            let bestBits = try #require(bestBits)
            #expect(design.lowerBoundBits <= bestBits + 1e-12)
            #expect(design.entropyBits >= bestBits - 1e-12)
            // The deployed rule reproduces the cells on the training samples.
            let rule = try design.quantizer(importantTolerance: instance.tolerance)
            let encoding = rule.encode(
                contentsOf: instance.samples.values, isImportant: instance.samples.importance)
            #expect(encoding.violations.isEmpty)
            var squared = 0.0
            for (i, j) in encoding.indices.enumerated() {
                let x = instance.samples.values[i]
                let cell = design.thresholds.filter { $0 <= x }.count
                #expect(j == cell, "sample \(x)")
                squared += (x - rule.codebook[j]) * (x - rule.codebook[j])
            }
            #expect(abs(squared / Double(instance.samples.count) - design.distortion) <= 1e-12)
        }
    }

    @Test(
        "a design without its bound certifies the same bound later, for exact and binned cuts",
        arguments: 0..<12)
    func boundCertifiedLater(seed: Int) throws {
        let instance = try Self.instance(seed: UInt64(seed) + 1700, distinct: 4 + seed % 9)
        let target = max(1e-6, instance.samples.values.map { $0 * $0 }.max()! * 0.05)
        for var programme in [
            IntervalProgramme(), IntervalProgramme(binsPerStep: 2, maximumExactValues: 0),
        ] {
            let certified = try programme.design(
                for: instance.samples, targetDistortion: target,
                importantTolerance: instance.tolerance)
            programme.certifiesBound = false
            let uncertified = try programme.design(
                for: instance.samples, targetDistortion: target,
                importantTolerance: instance.tolerance)
            // The same quantiser, with the trivial bound.
            #expect(uncertified.codewords == certified.codewords)
            #expect(uncertified.lowerBoundBits == 0)
            let later = try programme.lowerBound(
                for: instance.samples, targetDistortion: target,
                importantTolerance: instance.tolerance, around: uncertified.lambda)
            #expect(later == certified.lowerBoundBits)
        }
    }

    @Test("a later bound refuses a multiplier that is not positive and finite")
    func boundRefusesBadMultiplier() throws {
        let instance = try Self.instance(seed: 5, distinct: 6)
        for lambda in [0, -1, Double.nan, .infinity] {
            #expect(throws: QuantizationError.self) {
                try IntervalProgramme().lowerBound(
                    for: instance.samples, targetDistortion: 0.1, importantTolerance: nil,
                    around: lambda)
            }
        }
    }
}

/// The interval programme inside the designer, against the other quantisers it bounds.
@Suite struct IntervalDesignStageTests {
    static let designer = QuantizerDesigner(
        stageCount: 6, maximumIterationsPerStage: 20, computesRelaxation: false,
        sourceOptions: .init(maximumExactAtoms: 256, histogramAtoms: 256))

    @Test(
        "the certified interval bound is below the entropy of every quantiser found",
        arguments: [0.3, 0.1, 0.03])
    func boundIsBelowEveryQuantiserFound(target: Double) throws {
        var rng = SplitMix64(seed: 41)
        let samples = try TrainingSamples(scalars: (0..<3000).map { _ in rng.nextLaplace() })
        var designer = Self.designer
        designer.anneals = false
        let report = try designer.design(for: samples, targetDistortion: target)
        let interval = try #require(report.interval)
        #expect(interval.lowerBoundBits <= interval.entropyBits)
        #expect(interval.lowerBoundBits <= report.training.entropyBits)
        // ECSQ-Lloyd quantisers have interval cells: none meeting the target may beat the bound.
        var random = SplitMix64(seed: 5)
        let ecsq = try EntropyConstrainedLloyd().design(
            for: samples, targetDistortion: target, using: &random)
        #expect(ecsq.distortion <= target)
        #expect(interval.lowerBoundBits <= ecsq.entropyBits)
        // On 3,000 samples the hull of (D, H) is coarse and the single quantiser nearest the target
        // can lie off it: the design keeps within 0.02 bit of ECSQ-Lloyd's best of many starts
        // here (within 0.001 on 10^5 samples, README).
        #expect(report.training.entropyBits <= ecsq.entropyBits + 0.02)
        let ladder = BoundLadder(report)
        #expect(ladder.rungs.last?.bits == report.training.entropyBits)
    }

    @Test(
        "random data with random important samples: zero violations and the target met",
        arguments: 0..<3)
    func randomImportanceHasNoViolations(seed: Int) throws {
        var rng = SplitMix64(seed: UInt64(seed) + 70)
        let values = (0..<1500).map { _ in
            seed % 2 == 0 ? rng.nextGaussian() : rng.nextLaplace() * 2
        }
        let flags = values.map { _ in rng.next() % 20 == 0 }
        let samples = try TrainingSamples(scalars: values, importance: flags)
        let target = [0.3, 0.05, 0.01][seed % 3] * samples.variancePerDimension
        let report = try Self.designer.design(
            for: samples, targetDistortion: target, importantTolerance: target / 10)
        #expect(report.training.distortion <= target)
        #expect(report.training.importantViolations == 0)
        let encoding = report.quantizer.encode(
            contentsOf: samples.values, isImportant: samples.importance)
        #expect(encoding.violations.isEmpty)
        // Scattered important samples favour cells that are not intervals (an important sample
        // on a codeword of its own amid a coarse cell): annealing's rule can beat every interval
        // quantiser, so the bound holds for the programme's design, and the ladder stays ordered.
        let interval = try #require(report.interval)
        #expect(interval.lowerBoundBits <= interval.entropyBits)
        #expect(report.training.entropyBits <= interval.entropyBits)
        let ladder = BoundLadder(report)
        for i in ladder.rungs.indices.dropFirst() { #expect((ladder.gap(at: i) ?? 0) >= 0) }
        if interval.lowerBoundBits > report.training.entropyBits { #expect(!ladder.notes.isEmpty) }
    }

    @Test("vector data: the summary says the interval programme does not apply")
    func vectorDataHasNoIntervalDesign() throws {
        var rng = SplitMix64(seed: 3)
        let samples = try TrainingSamples(
            values: (0..<1000).map { _ in rng.nextGaussian() }, dimension: 2)
        let report = try Self.designer.design(for: samples, targetDistortion: 0.2)
        #expect(report.interval == nil)
        #expect(report.intervalUnavailable?.contains("scalars only") == true)
        #expect(report.deployed == .annealing)
    }
}
