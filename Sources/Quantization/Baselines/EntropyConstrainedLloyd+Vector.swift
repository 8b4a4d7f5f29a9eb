import Foundation
import ParallelLoops

extension EntropyConstrainedLloyd {
    /// The search of ``design(for:targetDistortion:using:progress:)`` on vector data.
    ///
    /// With more distinct rows than ``trainingAtoms``, the multiplier search runs on a
    /// histogram of the samples (``EmpiricalSource``) and the best design of each initial
    /// codebook is then polished on every sample: a short multiplier search on the full data,
    /// warm-started from that design. Only full-data points are reported.
    ///
    /// The searches from different initial codebooks (and the polish of different designs)
    /// are independent and run on all cores; they are merged in codebook order, so the result
    /// does not depend on the number of cores.
    func vectorDesign(
        samples: TrainingSamples, target: Double, using rng: inout some RandomNumberGenerator,
        progress: ((String) -> Void)? = nil
    ) throws(QuantizationError) -> BaselineResult {
        let data = WeightedVectors(samples)
        let variance = data.variancePerDimension
        if data.count == 1 || target >= variance || target == 0 {
            // One codeword at the mean (zero rate), or the identity (zero distortion).
            let codebook = target >= variance || data.count == 1 ? data.mean : data.rows
            let quantizer = data.entropyConstrainedLloyd(
                initial: codebook, lagrangeMultiplier: 0, maximumIterations: 1,
                relativeTolerance: 0)
            return quantizer.result(
                method: .entropyConstrainedLloyd, data: data,
                rule: .entropyConstrained(lagrangeMultiplier: 0), hull: nil)
        }
        let usesProxy = data.count > trainingAtoms
        let proxy =
            usesProxy ? try WeightedVectors(histogramOf: samples, atoms: trainingAtoms) : data
        var outcome = LagrangianSearch.Outcome<VectorQuantizer>()
        var designs: [LagrangianSearch.Candidate<VectorQuantizer>] = []
        let lambda = Self.initialLambda(target: target) * Double(data.dimension)
        let codebooks = vectorInitialCodebooks(data: proxy, target: target, using: &rng)
        progress?("searching from \(codebooks.count) initial codebooks on all cores")
        let searches = ParallelLoop.map(codebooks.count) { c in
            warmStartedSearch(
                on: proxy, from: (codebooks[c], nil), search: search, target: target,
                initialLambda: lambda)
        }
        for found in searches {
            outcome.merge(found, target: target)
            if let best = found.best { designs.append(best) }
        }
        if usesProxy {
            let polish = LagrangianSearch(
                bisectionSteps: 3, refinementPoints: 3, refinementSpan: 1.02, bracketFactor: 1.05)
            var polished = LagrangianSearch.Outcome<VectorQuantizer>()
            let promising = Array(
                designs.sorted { $0.point.entropyBits < $1.point.entropyBits }.prefix(2))
            let searches = ParallelLoop.map(promising.count) { d in
                warmStartedSearch(
                    on: data,
                    from: (promising[d].payload.codewords, promising[d].payload.masses),
                    search: polish, target: target,
                    initialLambda: promising[d].lagrangeMultiplier)
            }
            for found in searches { polished.merge(found, target: target) }
            if polished.best == nil {
                let reached = (polished.points + outcome.points).map(\.distortion).min()
                throw .targetNotReached(target: target, bestDistortion: reached ?? variance)
            }
            outcome = polished
        }
        let (best, hull) = try outcome.chosen(target: target, unreached: variance)
        return best.payload.result(
            method: .entropyConstrainedLloyd, data: data,
            rule: .entropyConstrained(lagrangeMultiplier: best.lagrangeMultiplier), hull: hull)
    }

    /// A multiplier search in which, with ``warmStarts``, each run starts from the converged
    /// quantiser of the nearest smaller multiplier tried so far (a finer quantiser: cells can
    /// empty out but never appear), and otherwise from `start`.
    func warmStartedSearch(
        on data: WeightedVectors, from start: (codewords: [Double], masses: [Double]?),
        search: LagrangianSearch,
        target: Double, initialLambda: Double
    ) -> LagrangianSearch.Outcome<VectorQuantizer> {
        var converged: [(lambda: Double, quantizer: VectorQuantizer)] = []
        return search.search(target: target, initialLambda: initialLambda) { lambda in
            let nearest =
                warmStarts
                ? converged.filter { $0.lambda <= lambda }.max { $0.lambda < $1.lambda } : nil
            let quantizer = data.entropyConstrainedLloyd(
                initial: nearest?.quantizer.codewords ?? start.codewords,
                initialMasses: nearest?.quantizer.masses ?? start.masses,
                lagrangeMultiplier: lambda,
                maximumIterations: maximumIterations, relativeTolerance: relativeTolerance)
            if lambda > 0 { converged.append((lambda, quantizer)) }
            let point = OperatingPoint(
                distortion: quantizer.distortion,
                entropyBits: quantizer.entropyBits(total: data.total))
            return (point, quantizer)
        }
    }

    /// Cubic-lattice codebooks (the centres of the occupied cells of a grid with step
    /// `√(12·D)·f` anchored at the mean, at offsets 0 and ½ step), then random codebooks of
    /// samples of the size of the `f = 1` lattice codebook.
    func vectorInitialCodebooks(
        data: WeightedVectors, target: Double, using rng: inout some RandomNumberGenerator
    ) -> [[Double]] {
        let base = (12 * target).squareRoot()
        var codebooks: [[Double]] = []
        var referenceSize = 1
        for factor in stepFactors {
            for offset in (0..<gridPhases).map({ Double($0) / Double(gridPhases) }) {
                let codebook = occupiedLatticeCentres(
                    data: data, step: base * factor, offset: offset)
                codebooks.append(codebook)
                if factor == 1 { referenceSize = codebook.count / data.dimension }
            }
        }
        if !stepFactors.contains(1), let first = codebooks.first {
            referenceSize = first.count / data.dimension
        }
        let size = max(1, min(maximumCodewords, referenceSize))
        for _ in 0..<randomInitialisations {
            var codebook: [Double] = []
            for _ in 0..<size { codebook.append(contentsOf: data.randomRow(using: &rng)) }
            codebooks.append(codebook)
        }
        return codebooks
    }

    /// The centres of the lattice cells that hold a sample; the step grows until at most
    /// ``maximumCodewords`` cells are occupied.
    func occupiedLatticeCentres(data: WeightedVectors, step: Double, offset: Double) -> [Double] {
        let k = data.dimension
        let mean = data.mean
        let (lower, upper) = data.bounds
        var step = step
        while true {
            // Per-coordinate index ranges, packed into one key (mixed radix).
            let spans = (0..<k).map { (upper[$0] - lower[$0]) / step }
            var cellCount = 1.0
            for span in spans { cellCount *= span + 2 }
            if cellCount > 1e15 {
                step *= 2
                continue
            }
            let first = (0..<k).map { Int(((lower[$0] - mean[$0]) / step - offset).rounded()) }
            let last = (0..<k).map { Int(((upper[$0] - mean[$0]) / step - offset).rounded()) }
            let radix = (0..<k).map { last[$0] - first[$0] + 1 }
            var occupied = Set<Int>()
            for i in 0..<data.count {
                var key = 0
                for c in stride(from: k - 1, through: 0, by: -1) {
                    let x = data.rows[i * k + c]
                    let index = Int(((x - mean[c]) / step - offset).rounded())
                    key = key * radix[c] + (index - first[c])
                }
                occupied.insert(key)
            }
            if occupied.count > maximumCodewords {
                let ratio = Double(occupied.count) / Double(maximumCodewords)
                step *= pow(ratio, 1 / Double(k)) * 1.05
                continue
            }
            var codebook: [Double] = []
            for var key in occupied.sorted() {
                for c in 0..<k {
                    let index = key % radix[c] + first[c]
                    key /= radix[c]
                    codebook.append(mean[c] + (Double(index) + offset) * step)
                }
            }
            return codebook
        }
    }
}
