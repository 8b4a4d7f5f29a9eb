extension IntervalProgramme {
    /// Designs the best interval quantiser of scalar samples with mean squared error at most
    /// `targetDistortion`, every important sample within `importantTolerance`, and certifies
    /// a lower bound on the entropy of every such interval quantiser.
    /// - Parameters:
    ///   - samples: scalar training samples; their importance flags mark the fidelity class.
    ///   - targetDistortion: D.
    ///   - importantTolerance: D' for important samples (nil: no per-sample bound).
    ///   - progress: called with a short note at each step.
    /// - Returns: the cells, codewords, figures and the certified bound.
    /// - Throws: ``QuantizationError`` for vector samples or a bad target or tolerance.
    /// - Complexity: O(N log N) to sort, then O(K·w) per programme solution (K candidate cuts,
    ///   w bins per pruned scan) for about 50 solutions.
    public func design(
        for samples: TrainingSamples, targetDistortion: Double, importantTolerance: Double? = nil,
        progress: ((String) -> Void)? = nil
    ) throws(QuantizationError) -> IntervalDesign {
        try validate(
            samples, targetDistortion: targetDistortion, importantTolerance: importantTolerance)
        progress?("sorting")
        return try design(
            DistinctValues(samples), targetDistortion: targetDistortion,
            importantTolerance: importantTolerance, progress: progress)
    }

    /// ``design(for:targetDistortion:importantTolerance:progress:)`` on samples already sorted
    /// and merged (the designer shares them with its slope tuning).
    func design(
        _ data: DistinctValues, targetDistortion: Double, importantTolerance: Double?,
        progress: ((String) -> Void)? = nil
    ) throws(QuantizationError) -> IntervalDesign {
        let hasImportant = data.nextImportant[0] < data.count
        let tolerance = hasImportant ? importantTolerance : nil
        // The design serves a radius a hair inside √D' (so rounding cannot push a codeword out of
        // reach); the bound relaxes to a hair outside it.
        let radius = tolerance.map { $0.squareRoot() * (1 - 1e-12) } ?? .infinity
        let boundRadius = tolerance.map { $0.squareRoot() * (1 + 1e-12) } ?? .infinity
        let bins = candidateCuts(data, targetDistortion: targetDistortion, tolerance: tolerance)
        var search = LambdaSearch(
            data: data, bins: bins, radius: radius, target: targetDistortion,
            polishSweeps: polishSweeps)
        progress?("searching λ over \(bins.binCount) candidate cuts")
        let best = try search.run(steps: searchSteps)
        var bound = 0.0
        if certifiesBound {
            progress?("certifying")
            bound = search.certifiedBound(around: best.lambda, radius: boundRadius)
        }
        return makeDesign(
            best, data: data, bins: bins, radius: radius, bound: bound, search: search)
    }

    /// The certified lower bound of ``design(for:targetDistortion:importantTolerance:progress:)``
    /// alone, around the multiplier `lambda` of a design found earlier on the same samples (its
    /// ``IntervalDesign/lambda``): a lower bound on the entropy of every interval quantiser of
    /// `samples` with distortion at most `targetDistortion` that meets the tolerance.
    /// - Throws: ``QuantizationError`` as the design does.
    /// - Complexity: O(N log N) to sort, then seven relaxed programme solutions.
    public func lowerBound(
        for samples: TrainingSamples, targetDistortion: Double, importantTolerance: Double?,
        around lambda: Double
    ) throws(QuantizationError) -> Double {
        try validate(
            samples, targetDistortion: targetDistortion, importantTolerance: importantTolerance)
        guard lambda.isFinite, lambda > 0 else {
            throw .invalidParameter(name: "lambda", value: lambda)
        }
        let data = DistinctValues(samples)
        let hasImportant = data.nextImportant[0] < data.count
        let tolerance = hasImportant ? importantTolerance : nil
        let boundRadius = tolerance.map { $0.squareRoot() * (1 + 1e-12) } ?? .infinity
        var search = LambdaSearch(
            data: data,
            bins: candidateCuts(data, targetDistortion: targetDistortion, tolerance: tolerance),
            radius: tolerance.map { $0.squareRoot() * (1 - 1e-12) } ?? .infinity,
            target: targetDistortion, polishSweeps: polishSweeps)
        return search.certifiedBound(around: lambda, radius: boundRadius)
    }

    /// Throws for what neither the design nor the bound accepts.
    private func validate(
        _ samples: TrainingSamples, targetDistortion: Double, importantTolerance: Double?
    ) throws(QuantizationError) {
        guard samples.dimension == 1 else { throw .invalidDimension(samples.dimension) }
        guard targetDistortion.isFinite, targetDistortion > 0 else {
            throw .invalidTargetDistortion(targetDistortion)
        }
        if let t = importantTolerance, !(t.isFinite && t >= 0) {
            throw .invalidParameter(name: "tolerance", value: t)
        }
        guard binsPerStep > 0, binsPerStep.isFinite else {
            throw .invalidParameter(name: "binsPerStep", value: binsPerStep)
        }
    }

    /// The candidate cuts: every distinct value its own bin when there are few, else bins of
    /// `√(12 D) / binsPerStep` (important values spread over `2√D'` split them).
    private func candidateCuts(
        _ data: DistinctValues, targetDistortion: Double, tolerance: Double?
    ) -> CandidateCuts {
        let radius = tolerance.map { $0.squareRoot() * (1 - 1e-12) } ?? .infinity
        let width =
            data.count <= maximumExactValues
            ? 0 : (12 * targetDistortion).squareRoot() / binsPerStep
        let importantValues =
            tolerance == nil ? 0 : data.isImportant.reduce(0) { $0 + ($1 ? 1 : 0) }
        return CandidateCuts(
            data, width: width, importantSpan: 2 * radius,
            isolatingImportant: importantValues <= maximumIsolatedImportantValues)
    }

    private func makeDesign(
        _ partition: IntervalPartition, data: DistinctValues, bins: CandidateCuts,
        radius: Double, bound: Double, search: LambdaSearch
    ) -> IntervalDesign {
        let cells = partition.cells(valueCount: data.count)
        var codewords: [Double] = []
        var masses: [Double] = []
        var thresholds: [Double] = []
        for range in cells {
            // Every cell of a found partition is admissible.
            codewords.append(
                data.cellError(range, radius: radius)?.codeword ?? data.values[range.lowerBound])
            masses.append(data.mass[range.upperBound] - data.mass[range.lowerBound])
            if range.lowerBound > 0 {
                let below = data.values[range.lowerBound - 1]
                let above = data.values[range.lowerBound]
                thresholds.append(below + (above - below) / 2)
            }
        }
        return IntervalDesign(
            thresholds: thresholds, codewords: codewords, masses: masses,
            distortion: partition.distortion,
            entropyBits: partition.entropyBits, lambda: partition.lambda, lowerBoundBits: bound,
            isExact: bins.isExact, candidateCount: bins.binCount, distinctValues: data.count,
            programmeSolutions: search.solutions, cellEvaluations: search.evaluations)
    }
}

/// The search over λ of ``IntervalProgramme``, with its counters.
struct LambdaSearch {
    let data: DistinctValues
    let bins: CandidateCuts
    let radius: Double
    let target: Double
    let polishSweeps: Int
    private(set) var solutions = 0
    private(set) var evaluations = 0
    /// Polishes spent spending slack (``spendSlack(from:best:)``).
    private(set) var slackPolishes = 0
    /// Every distinct partition the search met, for spending slack from each.
    private var seen: [IntervalPartition] = []
    /// Whether no cell's codeword is constrained (no important value, or an infinite radius):
    /// the recursion then takes its fast path (``LagrangianRecursion/solveUnconstrained(_:lambda:)``).
    private let isUnconstrained: Bool

    init(
        data: DistinctValues, bins: CandidateCuts, radius: Double, target: Double, polishSweeps: Int
    ) {
        self.data = data
        self.bins = bins
        self.radius = radius
        self.target = target
        self.polishSweeps = polishSweeps
        isUnconstrained =
            radius == .infinity || bins.lowestImportant.allSatisfy { $0 == .infinity }
    }

    /// The programme's optimal partition at λ, its cuts polished on the exact values.
    mutating func partition(at lambda: Double) -> IntervalPartition {
        let outcome: LagrangianRecursion.Outcome
        if isUnconstrained {
            outcome = LagrangianRecursion.solveUnconstrained(bins, lambda: lambda)
        } else {
            var model = BinnedCellModel(bins: bins, radius: radius)
            outcome = LagrangianRecursion.solve(&model, lambda: lambda)
        }
        solutions += 1
        evaluations += outcome.evaluations
        var starts = outcome.cellStarts.map { bins.start[$0] }
        if !bins.isExact {
            data.polishCuts(&starts, lambda: lambda, radius: radius, sweeps: polishSweeps)
        }
        // Single bins are admissible by construction (the bins split where important values spread
        // beyond 2√D'), and the polish never moves a cut where a cell's cost is infinite.
        guard
            let found = IntervalPartition(
                starts: starts, lambda: lambda, data: data, radius: radius)
        else {
            preconditionFailure("the recursion and the polish keep every cell admissible")
        }
        if !seen.contains(where: { $0.starts == found.starts }) { seen.append(found) }
        return found
    }

    /// Brackets and bisects λ (geometrically) for the partition of least entropy with
    /// distortion at most the target.
    mutating func run(steps: Int) throws(QuantizationError) -> IntervalPartition {
        var best: IntervalPartition?
        var (bracket, current) = try bracketTarget(best: &best)
        current = narrow(&bracket, steps: steps, last: current, best: &best)
        guard var best else {
            throw .targetNotReached(target: target, bestDistortion: current.distortion)
        }
        // Spend the distortion left over at the partitions below the target, and pull those
        // above it down to the target, starting from the partitions nearest the target in D.
        let starts = seen.sorted { abs($0.distortion - target) < abs($1.distortion - target) }
            .prefix(Self.slackStarts)
        for start in starts { best = spendSlack(from: start, best: best) }
        return best
    }

    /// Multipliers below and above the target's, with the partitions found there (`below`
    /// meets the target, `above` does not).
    struct Bracket {
        var low = 0.0
        var high = Double.infinity
        var below: IntervalPartition?
        var above: IntervalPartition?
    }

    /// Raises or lowers λ by factors of 4 from `2·ln 2·D` until the target lies between two
    /// multipliers; returns the bracket and the last partition found.
    private mutating func bracketTarget(best: inout IntervalPartition?)
        throws(QuantizationError) -> (Bracket, IntervalPartition)
    {
        var bracket = Bracket()
        var lambda = 2 * Double.ln2 * target
        var current = partition(at: lambda)
        if current.isBetter(than: best, target: target) { best = current }
        if current.distortion <= target {
            bracket.low = lambda
            // Larger λ merges cells until the tolerances allow no more; stop when the partition
            // has not changed over four quadruplings of λ.
            var unchanged = 0
            while current.starts.count > 1 && unchanged < 4 && lambda < 1e250 {
                lambda *= 4
                let previous = current.starts
                bracket.below = current
                current = partition(at: lambda)
                if current.distortion > target {
                    bracket.high = lambda
                    bracket.above = current
                    break
                }
                if current.isBetter(than: best, target: target) { best = current }
                unchanged = current.starts == previous ? unchanged + 1 : 0
                bracket.low = lambda
            }
            if bracket.above == nil { bracket.below = current }
        } else {
            bracket.high = lambda
            bracket.above = current
            while current.distortion > target {
                lambda /= 4
                guard lambda > 1e-300 else {
                    throw .targetNotReached(target: target, bestDistortion: current.distortion)
                }
                current = partition(at: lambda)
                if current.distortion > target {
                    bracket.high = lambda
                    bracket.above = current
                }
            }
            bracket.low = lambda
            bracket.below = current
            if current.isBetter(than: best, target: target) { best = current }
        }
        return (bracket, current)
    }

    /// Narrows `bracket` for at most `steps` solves; returns the last partition found.
    private mutating func narrow(
        _ bracket: inout Bracket, steps: Int, last: IntervalPartition,
        best: inout IntervalPartition?
    ) -> IntervalPartition {
        var current = last
        var returns = 0
        for _ in 0..<steps where bracket.high.isFinite && bracket.high > bracket.low * (1 + 1e-7) {
            let middle = Self.nextMultiplier(
                low: bracket.low, high: bracket.high, below: bracket.below, above: bracket.above)
            current = partition(at: middle)
            let returned =
                current.starts == bracket.below?.starts || current.starts == bracket.above?.starts
            // Back at one of the bracket's partitions at the multiplier where their costs tie:
            // they are neighbouring vertices of the lower hull, and nothing lies between them.
            if returned, middle != (bracket.low * bracket.high).squareRoot() { break }
            // Bisecting that keeps returning the bracket's partitions has found their switch
            // point (the polish moves the partitions' figures off the programme's, so their tie
            // can lie outside the bracket): on speech residuals a bracket with 0.025 bits between
            // its ends was bisected 13 more times, each returning one of the two.
            returns = returned ? returns + 1 : 0
            if returns >= Self.maximumReturns { break }
            if current.distortion <= target {
                bracket.low = middle
                bracket.below = current
                if current.isBetter(than: best, target: target) { best = current }
            } else {
                bracket.high = middle
                bracket.above = current
            }
        }
        return current
    }

    /// The next multiplier inside `(low, high)`: where the bracket's partitions cost the same
    /// (`D + λ·H` ties; a partition between them on the lower hull is found there, and when
    /// none is, one of them comes back), or the geometric middle when that point is not
    /// strictly inside. Bisecting alone took 20–30 solves per design where the hull has a few
    /// vertices in the bracket.
    static func nextMultiplier(
        low: Double, high: Double, below: IntervalPartition?, above: IntervalPartition?
    ) -> Double {
        let middle = (low * high).squareRoot()
        guard let below, let above else { return middle }
        let tie = (above.distortion - below.distortion) / (below.entropyBits - above.entropyBits)
        guard tie.isFinite, tie > low * (1 + 1e-9), tie < high / (1 + 1e-9) else { return middle }
        return tie
    }

    /// Consecutive solves returning one of the bracket's partitions after which the narrowing
    /// stops (``narrow(_:steps:last:best:)``).
    static let maximumReturns = 3

    /// How many of the partitions met spend slack (those nearest the target in distortion).
    static let slackStarts = 8
    /// The most continuation steps of 2 % in λ per start (a factor of 7 at the most).
    static let continuationSteps = 100
    /// Consecutive continuation steps that leave every cut where it was after which a start
    /// more than a factor 2 from the target in distortion is given up (λ 22 % further and
    /// nothing moved; nearer the target a long stall can still end in a better partition:
    /// a masked 512 × 512 field at var/100 lost 2 % with every stalled start given up). At
    /// high rates, under an important
    /// tolerance, the partitions met can lie at a tenth of the target, their cells too many to
    /// reach it: 8,192 values of a random walk at var/10^8 with its tail held to var/10^9
    /// polished every such start 100 times, 20 of the 22 s the compression took.
    static let stalledSteps = 10

    /// The λ search ends at vertices of the lower convex hull of (D, H), the one below the
    /// target usually with distortion to spare; a single quantiser between two vertices can do
    /// better. With its cells fixed in number, a partition's cuts are polished along a path of
    /// multipliers (continuation: each λ′ a step of 2 % from the last, starting from the last
    /// polished cuts, so the cuts move a little at a time) towards the target — up from below it,
    /// down from above — and the last step is bisected.
    /// - Returns: the better of `best` and what was found.
    mutating func spendSlack(from start: IntervalPartition, best: IntervalPartition)
        -> IntervalPartition
    {
        var best = best
        let upwards = start.distortion <= target
        let factor = upwards ? 1.02 : 1 / 1.02
        var current = start
        func polished(_ from: IntervalPartition, at lambda: Double) -> IntervalPartition? {
            slackPolishes += 1
            var starts = from.starts
            data.polishCuts(&starts, lambda: lambda, radius: radius, sweeps: polishSweeps)
            return IntervalPartition(starts: starts, lambda: lambda, data: data, radius: radius)
        }
        var unchanged = 0
        for _ in 0..<Self.continuationSteps {
            let lambda = current.lambda * factor
            guard let next = polished(current, at: lambda) else { break }
            if next.isBetter(than: best, target: target) { best = next }
            // Cuts that no longer move with λ, far from the target, will not reach it.
            unchanged = next.starts == current.starts ? unchanged + 1 : 0
            let far = next.distortion < target / 2 || next.distortion > 2 * target
            if far, unchanged >= Self.stalledSteps { break }
            if (next.distortion <= target) != upwards {
                // The target lies between current and next: bisect the multiplier.
                var low = current
                var high = next
                for _ in 0..<8 {
                    let middle = (low.lambda * high.lambda).squareRoot()
                    guard let trial = polished(low, at: middle) else { break }
                    if trial.isBetter(than: best, target: target) { best = trial }
                    if (trial.distortion <= target) == upwards { low = trial } else { high = trial }
                }
                break
            }
            current = next
        }
        return best
    }

    /// `max (V_relaxed(λ) − D)/λ` over multipliers around `lambda`, less rounding allowances:
    /// a lower bound on the entropy of every admissible interval quantiser with distortion
    /// at most the target (see `RelaxedCellModel`).
    mutating func certifiedBound(around lambda: Double, radius: Double) -> Double {
        var bound = 0.0
        for factor in [0.8, 0.9, 0.95, 1, 1.05, 1.1, 1.25] {
            let l = lambda * factor
            var model = RelaxedCellModel(bins: bins, radius: radius)
            let outcome = LagrangianRecursion.solve(&model, lambda: l)
            solutions += 1
            evaluations += outcome.evaluations
            // Each cell's moments are differences of prefix sums that are accurate to a few
            // ulps of the totals; allow 64 ulps of the largest squared deviation per cell, and
            // a relative 1e-12 for the entropy terms.
            let cells = Double(outcome.cellStarts.count + 2)
            let scale = data.variance + data.largestDeviation * data.largestDeviation
            let allowance = cells * 64 * Double.ulpOfOne * scale + 1e-12 * abs(outcome.value)
            bound = max(bound, (outcome.value - allowance - target) / l)
        }
        return bound
    }
}
