import RateDistortion

/// A certified lower bound on the rate–distortion function of scalar data — over every
/// reconstruction on the real line, not one codebook — with an upper bound from a feasible
/// encoder and the gap between them (docs/mathematics.md, “A bound over every reconstruction”).
///
/// The data's distribution is its distinct values with their frequencies (important values
/// held to their own tolerance). The program against a fine uniform grid is solved on them
/// directly when there are at most ``exactSolveLimit``; otherwise on the data's atoms (merged
/// values), whose output law and slope are then carried to the exact distinct values (`Solver.transferring(_:slope:to:)` of RateDistortion), where they give a
/// feasible encoder onto the grid (the upper bound) and a certificate; the certificate's column
/// sum is then bounded over the whole line (`LineSupremum` of RateDistortion), which turns the
/// codebook's bound into one on R(D) itself.
public struct RealLineBound: Sendable {
    /// R(D) of the data ≥ this, for reconstructions anywhere (bits per sample).
    public var lowerBoundBits: Double
    /// The certificate's bound for reconstructions on the grid alone (bits per sample).
    public var gridLowerBoundBits: Double
    /// The rate of a feasible encoder onto the grid: R(D) of the data ≤ this (bits per sample).
    public var upperBoundBits: Double
    /// The uniform grid the encoder uses.
    public var grid: [Double]
    /// The program on the exact distinct values (for writing, and for `verify`).
    public var problem: Problem
    /// The certificate of the lower bound, over the real line.
    public var certificate: Certificate
    /// The encoder's distortion.
    public var distortion: Double
    /// Whether the solve behind the output law closed its gap within the time limit. When it
    /// did not, the bounds still hold but are further apart.
    public var isSolveCertified: Bool
    /// Wall-clock seconds of each step, in order.
    public var timings: [(step: String, seconds: Double)]

    /// `upperBoundBits − lowerBoundBits`.
    public var gapBits: Double { max(0, upperBoundBits - lowerBoundBits) }

    /// Grid spacing as a fraction of √D (of √D′ when important samples have a tighter
    /// tolerance D′): the certificate's column sum between grid points then exceeds its grid
    /// values by about `h²/(8D)` = 0.5 %, 0.007 bit.
    public static let spacingPerRootDistortion = 0.2
    /// Data with at most this many distinct values is solved on them directly; more are merged
    /// into atoms for the solve, whose output law and slope are carried to the distinct values.
    public static let exactSolveLimit = 5_000
    /// The grid has at least this many and at most this many codewords.
    public static let codewordRange = 64...20_000

    /// Computes the bound.
    /// - Parameters:
    ///   - samples: scalar samples (with their importance flags, if any).
    ///   - target: the distortion D (mean squared error).
    ///   - tolerance: each important sample's own bound D′ (nil: no fidelity class).
    ///   - codewords: the grid size (nil: spacing ``spacingPerRootDistortion``·√min(D, D′)).
    ///   - timeLimit: wall-clock seconds for the solve on the atoms (nil: none).
    ///   - sourceOptions: how the samples become atoms (``EmpiricalSource/Options``).
    /// - Throws: ``QuantizationError`` for bad samples or parameters, or a program that cannot be
    ///   solved (a tolerance no reconstruction meets, for one).
    public static func compute(
        _ samples: TrainingSamples, target: Double, tolerance: Double?, codewords: Int? = nil,
        timeLimit: Double? = nil, sourceOptions: EmpiricalSource.Options = .init()
    ) throws(QuantizationError) -> RealLineBound {
        guard samples.dimension == 1 else { throw .invalidDimension(samples.dimension) }
        guard target.isFinite, target > 0 else { throw .invalidTargetDistortion(target) }
        if let tolerance, !(tolerance.isFinite && tolerance > 0) {
            throw .invalidParameter(name: "tolerance", value: tolerance)
        }
        var clock = StepClock()
        let values = DistinctValues(samples)
        var options = sourceOptions
        if options.importantHistogramAtoms == nil, let tolerance {
            options.importantHistogramAtoms = Self.importantBins(
                values, tolerance: tolerance, atLeast: options.histogramAtoms)
        }
        let source = try EmpiricalSource(samples, options: options)
        // A row's column-sum bump between grid points grows with its slope, about 1/(2·its
        // bound): the tightest bound sets the spacing.
        let finest = min(target, tolerance ?? target)
        let grid = try Self.grid(values, target: finest, codewords: codewords)
        clock.lap("source and grid")
        let problem = try Self.exactProblem(
            values, grid: grid, target: target, tolerance: tolerance)
        let transferred: Solution
        let isSolveCertified: Bool
        if values.count <= Self.exactSolveLimit {
            // Few enough distinct values: the program on them is solved directly.
            do {
                transferred = try Solver(criteria: SolverCriteria(timeLimit: timeLimit)).solve(
                    problem)
            } catch {
                throw .programFailed(reason: Self.gridFailure(grid, "\(error)"))
            }
            isSolveCertified = transferred.status == .optimal
            clock.lap("program on the distinct values")
        } else {
            let atoms = try Self.solveOnAtoms(
                source, grid: grid, target: target, tolerance: tolerance, timeLimit: timeLimit)
            isSolveCertified = atoms.status == .optimal
            clock.lap("program on the atoms")
            do {
                transferred = try Solver().transferring(
                    atoms.outputProbabilities, slope: atoms.slope,
                    rowSlopes: Self.atomSlopes(atoms.rowSlopes, of: source, at: values),
                    to: problem)
            } catch {
                throw .programFailed(reason: "on the distinct values: \(error.description)")
            }
            clock.lap("encoder and certificate on the distinct values")
        }
        var certificate = transferred.certificate
        certificate.reconstructions = .realLine
        do {
            certificate.lowerBoundNats = try certificate.recomputedLowerBound(for: problem)
        } catch { throw .programFailed(reason: error.description) }
        clock.lap("supremum over the real line")
        return RealLineBound(
            lowerBoundBits: certificate.lowerBoundNats / Double.ln2,
            gridLowerBoundBits: transferred.lowerBoundBits, upperBoundBits: transferred.rateBits,
            grid: grid, problem: problem, certificate: certificate,
            distortion: transferred.distortion, isSolveCertified: isSolveCertified,
            timings: clock.laps)
    }

    /// Why the program on `grid` failed, with what to try when the grid is at its size limit.
    static func gridFailure(_ grid: [Double], _ reason: String) -> String {
        var text = "on the grid of \(grid.count) codewords, \(reason)"
        if grid.count >= codewordRange.upperBound {
            text +=
                " (the grid is at its limit of \(codewordRange.upperBound) codewords over the data's "
                + "range: a larger target distortion or tolerance is needed)"
        }
        return text
    }

    /// A uniform grid over [min x, max x].
    static func grid(_ values: DistinctValues, target: Double, codewords: Int?)
        throws(QuantizationError) -> [Double]
    {
        guard let low = values.values.first, let high = values.values.last else {
            throw .emptyData
        }
        let span = high - low
        var m =
            codewords ?? Int(
                min(1e9, (span / (spacingPerRootDistortion * target.squareRoot())).rounded(.up)))
            + 1
        if let codewords, !codewordRange.contains(codewords) {
            throw .invalidParameter(name: "codewords", value: Double(codewords))
        }
        m = min(max(m, codewordRange.lowerBound), codewordRange.upperBound)
        guard span > 0 else { return [low] }
        return (0..<m).map { low + span * Double($0) / Double(m - 1) }
    }

    /// Bins of important values at most this fraction of √D′ wide: an important row's slope is
    /// at least about 1/(2D′), and a bin much wider than its Gibbs width (√(1/(2·slope))) carries
    /// the atom's output law to members it does not fit (on 10^6 Laplace samples with the
    /// 6,700 beyond 5 held to D/10, bins of 0.44·√D′ left a gap of 0.105 bit; 0.11·√D′, 0.002).
    public static let importantBinPerRootTolerance = 0.1
    /// The most bins the important values get.
    public static let importantBinLimit = 65_536

    /// How many bins the important values need for ``importantBinPerRootTolerance`` over
    /// their range (at least `minimum`, at most ``importantBinLimit``), or nil without any.
    static func importantBins(_ values: DistinctValues, tolerance: Double, atLeast minimum: Int)
        -> Int?
    {
        guard let low = values.values.indices.first(where: { values.isImportant[$0] }),
            let high = values.values.indices.last(where: { values.isImportant[$0] })
        else { return nil }
        let span = values.values[high] - values.values[low]
        let bins = (span / (importantBinPerRootTolerance * tolerance.squareRoot())).rounded(.up)
        guard bins.isFinite else { return importantBinLimit }
        return min(max(Int(min(bins, 1e9)), minimum), importantBinLimit)
    }

    /// For each distinct value, the row slope of the atom holding it (an important value's
    /// important atom), so that the exact rows start from the prices their atoms had.
    /// - Complexity: O(n + atoms): both lists are sorted, and within one group (important or
    ///   not) the atoms' member ranges are disjoint and in order.
    static func atomSlopes(
        _ slopes: [Double], of source: EmpiricalSource, at values: DistinctValues
    ) -> [Double] {
        let groups = [false, true].map { important in
            source.isImportant.indices.filter { source.isImportant[$0] == important }
        }
        var next = [0, 0]
        return values.values.indices.map { i in
            let value = values.values[i]
            let group = values.isImportant[i] ? 1 : 0
            let atoms = groups[group]
            while next[group] < atoms.count && source.upperBounds[atoms[next[group]]] < value {
                next[group] += 1
            }
            guard next[group] < atoms.count else { return 0 }
            let atom = atoms[next[group]]
            return source.lowerBounds[atom] <= value ? slopes[atom] : 0
        }
    }

    /// The τ = 1 program on the atoms against the grid.
    static func solveOnAtoms(
        _ source: EmpiricalSource, grid: [Double], target: Double, tolerance: Double?,
        timeLimit: Double?
    ) throws(QuantizationError) -> Solution {
        let relaxed: RelaxedProgram
        do {
            relaxed = try RelaxedProgram(
                source: source, grid: grid, target: target, timeLimit: timeLimit)
        } catch { throw .programFailed(reason: error.description) }
        let members = source.isImportant.indices.filter { source.isImportant[$0] }
        var classes: [FidelityClass] = []
        if let tolerance, !members.isEmpty {
            classes = [FidelityClass(name: "important", members: members, tolerance: tolerance)]
        }
        switch relaxed.solve(classes) {
        case .success(let solution): return solution
        case .failure(let error):
            throw .programFailed(
                reason: Self.gridFailure(grid, error.description))
        }
    }

    /// The program on the exact distinct values with their frequencies.
    static func exactProblem(
        _ values: DistinctValues, grid: [Double], target: Double, tolerance: Double?
    ) throws(QuantizationError) -> Problem {
        let members = values.isImportant.indices.filter { values.isImportant[$0] }
        var classes: [FidelityClass] = []
        if let tolerance, !members.isEmpty {
            classes = [FidelityClass(name: "important", members: members, tolerance: tolerance)]
        }
        do {
            return try Problem(
                sourcePoints: PointSet(dimension: 1, coordinates: values.values),
                probabilities: ProbabilityVector(weights: values.probabilities),
                codebook: PointSet(dimension: 1, coordinates: grid), measure: .squaredError,
                constraint: .targetDistortion(target), fidelity: classes)
        } catch { throw .programFailed(reason: error.description) }
    }
}
