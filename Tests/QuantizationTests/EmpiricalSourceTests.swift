import Quantization
import Testing
import _TestSupport

@Suite struct EmpiricalSourceTests {
    /// Every sample lies in its atom's box; counts add up; masses match the mapping.
    static func checkConsistency(_ source: EmpiricalSource, _ samples: TrainingSamples) {
        let k = samples.dimension
        #expect(source.counts.reduce(0, +) == samples.count)
        #expect(source.atomOfSample.count == samples.count)
        var tally = [Int](repeating: 0, count: source.atomCount)
        for i in 0..<samples.count {
            let atom = source.atomOfSample[i]
            tally[atom] += 1
            #expect(source.isImportant[atom] == samples.isImportant(i))
            for c in 0..<k {
                let x = samples.values[i * k + c]
                #expect(
                    source.lowerBounds[atom * k + c] <= x && x <= source.upperBounds[atom * k + c])
            }
        }
        #expect(tally == source.counts)
        for atom in 0..<source.atomCount {
            for c in 0..<k {
                let y = source.points[atom * k + c]
                #expect(
                    source.lowerBounds[atom * k + c] <= y && y <= source.upperBounds[atom * k + c])
            }
        }
    }

    @Test("few distinct values are kept exact") func fewDistinctValuesAreKeptExact() throws {
        // 16-bit-like integer data: many samples, few values, a large mass at 0.
        var rng = SplitMix64(seed: 11)
        let values = (0..<5000).map { _ in (3 * rng.nextLaplace()).rounded() }
        let samples = try TrainingSamples(scalars: values)
        let source = try EmpiricalSource(samples)
        let distinct = Set(values).count
        #expect(source.construction == .exact(uniqueCount: distinct))
        #expect(source.summary == "exact: \(distinct) unique values")
        #expect(source.atomCount == distinct)
        #expect(source.points == Set(values).sorted())
        for i in 0..<samples.count { #expect(source.points[source.atomOfSample[i]] == values[i]) }
        #expect((0..<source.atomCount).allSatisfy { source.isExact(atom: $0) })
        Self.checkConsistency(source, samples)
    }

    @Test("many distinct values are binned", arguments: EmpiricalSource.HistogramBinning.allCases)
    func manyDistinctValuesAreBinned(binning: EmpiricalSource.HistogramBinning) throws {
        let samples = try TrainingSamples(scalars: SeededSamples.gaussian(20_000, seed: 12))
        let options = EmpiricalSource.Options(
            maximumExactAtoms: 4096, histogramAtoms: 512, binning: binning)
        let source = try EmpiricalSource(samples, options: options)
        guard case .histogram(let atoms, let used) = source.construction else {
            Issue.record("expected a histogram, got \(source.summary)")
            return
        }
        #expect(used == binning)
        #expect(atoms == source.atomCount)
        #expect(atoms <= 512 && atoms >= 256)
        #expect(source.summary.hasPrefix("histogram: \(atoms) atoms"))
        #expect(source.points == source.points.sorted())
        Self.checkConsistency(source, samples)
        // Each atom sits at its members' mean (tolerance 1e-12 relative).
        var sums = [Double](repeating: 0, count: atoms)
        for i in 0..<samples.count { sums[source.atomOfSample[i]] += samples.values[i] }
        for atom in 0..<atoms {
            let mean = sums[atom] / Double(source.counts[atom])
            #expect(abs(mean - source.points[atom]) <= 1e-12 * max(1, abs(mean)))
        }
    }

    @Test("important samples are never merged with others")
    func importantSamplesAreNeverMergedWithOthers() throws {
        let values = SeededSamples.gaussian(20_000, seed: 13)
        let flags = values.map { abs($0) > 2.5 }
        let samples = try TrainingSamples(scalars: values, importance: flags)
        let source = try EmpiricalSource(
            samples, options: .init(maximumExactAtoms: 1000, histogramAtoms: 300))
        // Few important samples: kept exact; the rest binned.
        #expect(source.importantConstruction == .exact(uniqueCount: samples.importantCount))
        if case .histogram = source.construction {} else { Issue.record("expected a histogram") }
        #expect(source.summary.contains("; important: exact: \(samples.importantCount) unique"))
        Self.checkConsistency(source, samples)
        for atom in 0..<source.atomCount where source.isImportant[atom] {
            #expect(source.isExact(atom: atom))
        }
    }

    @Test("binned important atoms bound every members distortion")
    func binnedImportantAtomsBoundEveryMembersDistortion() throws {
        let values = SeededSamples.gaussian(20_000, seed: 14)
        let flags = values.map { abs($0) > 1.5 }
        let samples = try TrainingSamples(scalars: values, importance: flags)
        let source = try EmpiricalSource(
            samples, options: .init(maximumExactAtoms: 100, histogramAtoms: 64))
        guard case .histogram = source.importantConstruction else {
            Issue.record("expected binned important samples, got \(source.summary)")
            return
        }
        Self.checkConsistency(source, samples)
        for codeword in [-2.0, 0.0, 1.7] {
            var worst = [Double](repeating: 0, count: source.atomCount)
            for i in 0..<samples.count {
                let atom = source.atomOfSample[i]
                worst[atom] = max(worst[atom], (values[i] - codeword) * (values[i] - codeword))
            }
            for atom in 0..<source.atomCount {
                let bound = source.maximumMemberDistortion(atom: atom, codeword: [codeword])
                // Attained for scalars: equal to the worst member (tolerance 1e-12).
                #expect(abs(bound - worst[atom]) <= 1e-12 * max(1, bound))
            }
        }
    }

    @Test("vector rows are kept exact when few") func vectorRowsAreKeptExactWhenFew() throws {
        let rows: [Double] = [1, 2, 0, 0, 1, 2, 1, 3, 0, 0, 0, 0]
        let samples = try TrainingSamples(values: rows, dimension: 2)
        let source = try EmpiricalSource(samples)
        #expect(source.construction == .exact(uniqueCount: 3))
        #expect(source.points == [0, 0, 1, 2, 1, 3])
        #expect(source.counts == [3, 2, 1])
        #expect(source.atomOfSample == [1, 0, 1, 2, 0, 0])
        Self.checkConsistency(source, samples)
    }

    @Test("vector histogram adapts its grid", arguments: [2, 3])
    func vectorHistogramAdaptsItsGrid(dimension: Int) throws {
        var rng = SplitMix64(seed: 15)
        let values = (0..<(10_000 * dimension)).map { _ in rng.nextGaussian() }
        let samples = try TrainingSamples(values: values, dimension: dimension)
        let source = try EmpiricalSource(
            samples, options: .init(maximumExactAtoms: 500, histogramAtoms: 1000))
        guard case .histogram(let atoms, _) = source.construction else {
            Issue.record("expected a histogram, got \(source.summary)")
            return
        }
        // The grid is refined beyond B^k ≤ 1000 until the occupied cells approach the bound.
        #expect(atoms <= 1000 && atoms >= 400)
        Self.checkConsistency(source, samples)
        let bound = source.maximumMemberDistortion(
            atom: 0, codeword: [Double](repeating: 0, count: dimension))
        #expect(bound >= 0)
    }

    @Test("single and equal samples give one atom") func singleAndEqualSamplesGiveOneAtom() throws {
        for values in [[4.5], [Double](repeating: -2, count: 1000)] {
            let source = try EmpiricalSource(TrainingSamples(scalars: values))
            #expect(source.atomCount == 1)
            #expect(source.points == [values[0]])
            #expect(source.probabilities == [1])
            #expect(source.construction == .exact(uniqueCount: 1))
            #expect(source.summary == "exact: 1 unique value")
        }
    }

    @Test("equal values share an atom in a histogram") func equalValuesShareAnAtomInAHistogram()
        throws
    {
        // 3000 distinct values plus a heavy spike at 0: the spike stays whole.
        var values = (0..<3000).map { Double($0) / 100 - 15 }
        values += [Double](repeating: 0, count: 5000)
        let samples = try TrainingSamples(scalars: values)
        let source = try EmpiricalSource(
            samples, options: .init(maximumExactAtoms: 100, histogramAtoms: 50, binning: .equalMass)
        )
        let zeroAtom = source.atomOfSample[3000]
        #expect(
            values.indices.filter { values[$0] == 0 }.allSatisfy {
                source.atomOfSample[$0] == zeroAtom
            })
        Self.checkConsistency(source, samples)
    }

    @Test("rejects invalid options") func rejectsInvalidOptions() throws {
        let samples = try TrainingSamples(scalars: [1, 2])
        #expect(throws: QuantizationError.invalidParameter(name: "histogramAtoms", value: 0)) {
            try EmpiricalSource(samples, options: .init(histogramAtoms: 0))
        }
    }
}
