import Quantization
import RateDistortion
import Testing
import _TestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The certified lower bound on R(D) of scalar data over every reconstruction.
@Suite("R(D) bound over every reconstruction")
struct RealLineBoundTests {
    /// Gaussian samples: the bound is below the upper bound and below the Gaussian R(D) of the
    /// sample variance (the largest R(D) of any source with that variance), and on a finer grid
    /// within 0.01 bit of it; the certificate is confirmed by an independent recomputation.
    @Test("Gaussian samples: lower ≤ upper, below ½log2(σ²/D), within 0.01 bit on a fine grid")
    func gaussianSamples() throws {
        let x = SeededSamples.gaussian(2_500, seed: 21)
        let mean = x.reduce(0, +) / Double(x.count)
        let variance = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.count)
        let target = 0.05
        let gaussian = 0.5 * log2(variance / target)
        let samples = try TrainingSamples(scalars: x)
        let bound = try RealLineBound.compute(samples, target: target, tolerance: nil)
        #expect(bound.lowerBoundBits <= bound.upperBoundBits + 1e-12)
        #expect(bound.lowerBoundBits <= bound.gridLowerBoundBits + 1e-12)
        #expect(bound.isSolveCertified)
        #expect(bound.lowerBoundBits <= gaussian + 1e-9)
        #expect(bound.gapBits <= 0.01, "gap \(bound.gapBits)")
        #expect(bound.distortion <= target * (1 + 1e-9))
        #expect(
            bound.certificate.isConfirmed(
                by: try bound.certificate.recomputedLowerBound(for: bound.problem)))
        let fine = try RealLineBound.compute(
            samples, target: target, tolerance: nil, codewords: 3 * bound.grid.count)
        #expect(fine.lowerBoundBits >= gaussian - 0.01, "\(fine.lowerBoundBits) vs \(gaussian)")
        #expect(fine.lowerBoundBits <= gaussian + 1e-9)
    }

    /// Two equally likely values ±a under squared error with reconstructions anywhere:
    /// R(D) = 1 − h(ε) bits with 4a²ε(1 − ε) = D for D < a², and 0 beyond. (Two reconstructions
    /// ±a(1 − 2ε) with crossover ε reach it; they are optimal over the whole line because
    /// `y ↦ e^{−s(y−a)²} + e^{−s(y+a)²}` has its maxima exactly where `y = a·tanh(2say)`, the
    /// centroid condition those two points meet, so no other reconstruction has `c(y) > 1`.)
    /// The certified bound lies below the closed form and within 0.002 bit of it (1e-4
    /// measured); the feasible encoder's rate lies above it.
    @Test(
        "two equally likely values: the bound and the upper bound bracket 1 − h(ε)",
        arguments: [0.1, 0.36, 0.75, 1.2])
    func twoPointSource(target: Double) throws {
        let a = 1.5
        let x = (0..<400).map { $0.isMultiple(of: 2) ? a : -a }
        let bound = try RealLineBound.compute(
            try TrainingSamples(scalars: x), target: target * a * a, tolerance: nil)
        let exact: Double
        if target < 1 {
            let epsilon = (1 - (1 - target).squareRoot()) / 2
            exact = 1 + epsilon * log2(epsilon) + (1 - epsilon) * log2(1 - epsilon)
        } else {
            exact = 0
        }
        #expect(bound.lowerBoundBits <= exact + 1e-9, "\(bound.lowerBoundBits) vs \(exact)")
        #expect(bound.lowerBoundBits >= exact - 0.002, "\(bound.lowerBoundBits) vs \(exact)")
        #expect(bound.upperBoundBits >= exact - 1e-9, "\(bound.upperBoundBits) vs \(exact)")
        #expect(
            bound.certificate.isConfirmed(
                by: try bound.certificate.recomputedLowerBound(for: bound.problem)))
    }

    /// With the tails held to their own tolerance the bound rises, stays below the upper bound,
    /// and every tail sample meets its tolerance under the feasible encoder.
    @Test("a tail class raises the bound and is met by the upper bound's encoder")
    func tailClass() throws {
        let x = SeededSamples.gaussian(2_000, seed: 22)
        let important = x.map { abs($0) > 2 }
        let target = 0.05
        let plain = try RealLineBound.compute(
            try TrainingSamples(scalars: x), target: target, tolerance: nil)
        let tails = try RealLineBound.compute(
            try TrainingSamples(scalars: x, importance: important), target: target,
            tolerance: target / 10)
        #expect(tails.lowerBoundBits > plain.lowerBoundBits)
        #expect(tails.lowerBoundBits <= tails.upperBoundBits + 1e-12)
        #expect(
            tails.certificate.isConfirmed(
                by: try tails.certificate.recomputedLowerBound(for: tails.problem)))
        #expect(throws: QuantizationError.self) {
            try RealLineBound.compute(try TrainingSamples(scalars: x), target: -1, tolerance: nil)
        }
    }

    /// Data too large to solve on its distinct values goes through merged atoms. Important
    /// values binned as coarsely as the others (bins 1.4·√D′ wide here) carry an output law
    /// that fits the bins, not their members: the bound fell far below the encoder's rate
    /// (0.105 bit on 10^6 Laplace samples). Binned at 0.1·√D′ they stay within 0.01 bit.
    @Test("binned important values: bins narrow enough for their tolerance keep the gap small")
    func binnedTails() throws {
        let x = SeededSamples.laplace(20_000, seed: 24)
        let samples = try TrainingSamples(scalars: x, importance: x.map { abs($0) > 2 })
        let target = 0.02
        let coarse = EmpiricalSource.Options(maximumExactAtoms: 500, histogramAtoms: 256)
        let bound = try RealLineBound.compute(
            samples, target: target, tolerance: target / 10, sourceOptions: coarse)
        #expect(bound.isSolveCertified)
        #expect(bound.gapBits <= 0.01, "gap \(bound.gapBits)")
        #expect(bound.distortion <= target * (1 + 1e-9))
        #expect(
            bound.certificate.isConfirmed(
                by: try bound.certificate.recomputedLowerBound(for: bound.problem)))
        var asCoarse = coarse
        asCoarse.importantHistogramAtoms = coarse.histogramAtoms
        let old = try RealLineBound.compute(
            samples, target: target, tolerance: target / 10, sourceOptions: asCoarse)
        #expect(old.gapBits > bound.gapBits, "\(old.gapBits) vs \(bound.gapBits)")
    }
}

/// The design's bound ladder with the bound over every reconstruction as its bottom rung.
@Suite("Design ladder with the data bound")
struct DesignDataBoundTests {
    @Test("design --data-bound puts R(D) of the samples below the relaxation's bound")
    func ladderBottomRung() throws {
        let x = SeededSamples.gaussian(800, seed: 23)
        var designer = QuantizerDesigner(stageCount: 4, maximumIterationsPerStage: 30)
        designer.computesDataBound = true
        // Debug builds are slow: no budget, so that both solves close their gaps.
        designer.relaxationTimeLimit = nil
        let report = try designer.design(
            for: try TrainingSamples(scalars: x, importance: x.map { abs($0) > 2 }),
            targetDistortion: 0.05, importantTolerance: 0.005)
        let data = try #require(report.dataBound)
        #expect(data.lowerBoundBits <= data.upperBoundBits)
        #expect(data.lowerBoundBits <= report.training.entropyBits)
        let ladder = BoundLadder(report)
        let first = try #require(ladder.rungs.first)
        let relaxationBound = report.relaxation?.lowerBoundBits ?? .infinity
        if data.lowerBoundBits <= relaxationBound {
            #expect(first.name.contains("any reconstruction"))
            #expect(first.bits == data.lowerBoundBits)
        } else {
            #expect(ladder.notes.contains { $0.contains("any reconstruction") })
        }
        for index in ladder.rungs.indices.dropFirst() {
            #expect((ladder.gap(at: index) ?? 0) >= -1e-12)
        }
    }
}
