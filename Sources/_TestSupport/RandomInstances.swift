import RateDistortion

/// Which fidelity classes a generated instance carries.
public enum FidelityMix: String, Sendable, CaseIterable, CustomStringConvertible {
    /// No fidelity class.
    case none
    /// One per-element class.
    case perElement = "per-element"
    /// One class-average class.
    case classAverage = "class-average"
    /// A per-element class and a class-average class (possibly sharing members).
    case both

    public var description: String { rawValue }
}

/// Seeded random problems for oracle comparisons. Every instance is a pure function of its
/// arguments, so a failing case is reproduced by its seed alone.
public enum RandomInstances {
    /// The kinds of distortion the tiny generator draws from.
    public enum Kind: String, Sendable, CaseIterable, CustomStringConvertible {
        case scalarSquared = "scalar squared error"
        case vectorSquared = "2-D squared error"
        case vectorAbsolute = "3-D absolute error"
        case matrix = "random matrix"
        case hamming = "Hamming on {0,1,2,3}"

        public var description: String { rawValue }
    }

    /// A tiny problem (2 ≤ n, m ≤ 6) away from every hard-assignment limit, in target or slope mode.
    /// - Parameters:
    ///   - seed: fixes everything.
    ///   - kind: the distortion and dimension.
    ///   - fidelity: which classes to add.
    ///   - slopeMode: a fixed slope instead of a target distortion.
    public static func tiny(
        seed: UInt64, kind: Kind, fidelity: FidelityMix, slopeMode: Bool = false
    ) -> Problem {
        var rng = SplitMix64(seed: seed &* 0x9E37_79B9 &+ 17)
        // Draw until the curve is not trivial: sending everything to one codeword must cost at
        // least 10 % more distortion than the hard-assignment limit.
        while true {
            if let problem = tinyCandidate(
                &rng, seed: seed, kind: kind, fidelity: fidelity, slopeMode: slopeMode)
            {
                return problem
            }
        }
    }

    private static func tinyCandidate(
        _ rng: inout SplitMix64, seed: UInt64, kind: Kind, fidelity: FidelityMix,
        slopeMode: Bool
    ) -> Problem? {
        let n = Int.random(in: 3...6, using: &rng)
        let m = Int.random(in: 2...6, using: &rng)
        let weights = (0..<n).map { _ in Double.random(in: 0.2...1, using: &rng) }
        let total = weights.reduce(0, +)
        let probabilities = weights.map { $0 / total }
        do {
            let (source, codebook, measure) = try tinyGeometry(&rng, kind: kind, n: n, m: m)
            let skeleton = try Problem(
                sourcePoints: source, probabilities: ProbabilityVector(probabilities),
                codebook: codebook, measure: measure, constraint: .slope(0))
            let d = ReferenceSolver.matrix(of: skeleton)
            let rowMinimum = (0..<n).map { i in (0..<m).map { d[i * m + $0] }.min() ?? 0 }
            let rowMean = (0..<n).map { i in
                (0..<m).map { d[i * m + $0] }.reduce(0, +) / Double(m)
            }
            let classes = tinyClasses(
                &rng, fidelity: fidelity, probabilities: probabilities, rowMinimum: rowMinimum,
                rowMean: rowMean)
            let least = (0..<n).reduce(0) { $0 + probabilities[$1] * rowMinimum[$1] }
            let single =
                (0..<m).map { j in (0..<n).reduce(0) { $0 + probabilities[$1] * d[$1 * m + j] } }
                .min() ?? least
            guard single > 1.1 * least + 1e-3 else { return nil }
            let constraint: DistortionConstraint =
                slopeMode
                ? .slope(Double.random(in: 0.5...6, using: &rng) / (single - least))
                : .targetDistortion(
                    least + Double.random(in: 0.15...0.75, using: &rng) * (single - least))
            return try Problem(
                sourcePoints: source, probabilities: ProbabilityVector(probabilities),
                codebook: codebook, measure: measure, constraint: constraint, fidelity: classes)
        } catch {
            preconditionFailure("generated an invalid tiny problem (seed \(seed)): \(error)")
        }
    }

    /// Random source points, codebook and measure of a tiny problem of `kind`.
    private static func tinyGeometry(_ rng: inout SplitMix64, kind: Kind, n: Int, m: Int)
        throws -> (source: PointSet?, codebook: PointSet?, measure: DistortionMeasure)
    {
        func points(_ count: Int, dimension: Int, in range: ClosedRange<Double>) throws
            -> PointSet
        {
            try PointSet(
                dimension: dimension,
                coordinates: (0..<dimension * count).map { _ in
                    Double.random(in: range, using: &rng)
                })
        }
        switch kind {
        case .scalarSquared:
            let source = try points(n, dimension: 1, in: -2...2)
            return (source, try points(m, dimension: 1, in: -2...2), .squaredError)
        case .vectorSquared:
            let source = try points(n, dimension: 2, in: -1...1)
            return (source, try points(m, dimension: 2, in: -1...1), .squaredError)
        case .vectorAbsolute:
            let source = try points(n, dimension: 3, in: -1...1)
            return (source, try points(m, dimension: 3, in: -1...1), .absoluteError)
        case .matrix:
            let rows = (0..<n).map { _ in
                (0..<m).map { _ in Double.random(in: 0...1, using: &rng) }
            }
            return (nil, nil, .matrix(try DistortionMatrix(rows: rows)))
        case .hamming:
            let source = try PointSet(
                scalars: (0..<n).map { _ in Double(Int.random(in: 0...3, using: &rng)) })
            let codebook = try PointSet(
                scalars: (0..<m).map { Double(($0 + Int.random(in: 0...3, using: &rng)) % 4) })
            return (source, codebook, .hamming)
        }
    }

    /// The fidelity classes of a tiny problem: a per-element class of one or two rows whose
    /// tolerance lies between their minimum and mean distortion, a class-average group of two
    /// or three rows likewise, or both, as `fidelity` says.
    private static func tinyClasses(
        _ rng: inout SplitMix64, fidelity: FidelityMix, probabilities: [Double],
        rowMinimum: [Double], rowMean: [Double]
    ) -> [FidelityClass] {
        let n = probabilities.count
        var classes: [FidelityClass] = []
        if fidelity == .perElement || fidelity == .both {
            let candidates = (0..<n).filter { rowMean[$0] > rowMinimum[$0] + 1e-3 }
            let members = Array(
                candidates.shuffled(using: &rng).prefix(Int.random(in: 1...2, using: &rng)))
            if !members.isEmpty {
                let tolerance = members.map {
                    rowMinimum[$0] + Double.random(in: 0.03...0.3, using: &rng)
                        * (rowMean[$0] - rowMinimum[$0])
                }
                // One tolerance per class: the loosest, so every member keeps a margin above
                // its minimum.
                classes.append(
                    FidelityClass(
                        name: "important", members: members, tolerance: tolerance.max() ?? 0))
            }
        }
        if fidelity == .classAverage || fidelity == .both {
            let members = Array(
                (0..<n).shuffled(using: &rng).prefix(Int.random(in: 2...3, using: &rng)))
            let mass = members.reduce(0) { $0 + probabilities[$1] }
            let least = members.reduce(0) { $0 + probabilities[$1] * rowMinimum[$1] } / mass
            let mean = members.reduce(0) { $0 + probabilities[$1] * rowMean[$1] } / mass
            if mean > least + 1e-3 {
                classes.append(
                    FidelityClass(
                        name: "group", members: members,
                        tolerance: least + Double.random(in: 0.03...0.3, using: &rng)
                            * (mean - least),
                        semantics: .classAverage))
            }
        }
        return classes
    }

    /// A scalar squared-error problem of up to 128 points drawn from a Gaussian mixture, with the
    /// probabilities of a random histogram, a codebook on a grid over the data range, and fidelity
    /// classes on the tails (for the CVXPY cross-check).
    public static func sampled(seed: UInt64, points n: Int, codewords m: Int, fidelity: FidelityMix)
        -> Problem
    {
        var rng = SplitMix64(seed: seed &* 0xD1B5_4A32_D192_ED03 &+ 5)
        let points = (0..<n).map { _ in rng.nextGaussian() + (Bool.random(using: &rng) ? 0.5 : -0.5)
        }.sorted()
        let weights = (0..<n).map { _ in Double.random(in: 0.1...1, using: &rng) }
        let total = weights.reduce(0, +)
        let p = weights.map { $0 / total }
        let lo = points.first ?? 0
        let hi = points.last ?? 1
        let codewords = (0..<m).map { lo + (hi - lo) * (Double($0) + 0.5) / Double(m) }
        let rowMinimum = points.map { x in codewords.map { ($0 - x) * ($0 - x) }.min() ?? 0 }
        let least = zip(p, rowMinimum).reduce(0) { $0 + $1.0 * $1.1 }
        let mean = zip(p, points).reduce(0) { $0 + $1.0 * $1.1 }
        let variance = zip(p, points).reduce(0) { $0 + $1.0 * ($1.1 - mean) * ($1.1 - mean) }
        let target = least + Double.random(in: 0.05...0.4, using: &rng) * (variance - least)
        var classes: [FidelityClass] = []
        let sortedByMagnitude = points.indices.sorted { abs(points[$0]) > abs(points[$1]) }
        if fidelity == .perElement || fidelity == .both {
            let members = Array(sortedByMagnitude.prefix(max(1, n / 8)))
            let floor = members.map { rowMinimum[$0] }.max() ?? 0
            classes.append(
                FidelityClass(
                    name: "tail", members: members,
                    tolerance: max(
                        floor * 1.5, floor + Double.random(in: 0.2...0.5, using: &rng) * target)))
        }
        if fidelity == .classAverage || fidelity == .both {
            let members = Array(sortedByMagnitude.dropFirst(max(1, n / 8)).prefix(max(2, n / 4)))
            let mass = members.reduce(0) { $0 + p[$1] }
            let floor = members.reduce(0) { $0 + p[$1] * rowMinimum[$1] } / mass
            classes.append(
                FidelityClass(
                    name: "shoulder", members: members,
                    tolerance: floor + Double.random(in: 0.3...0.6, using: &rng) * target,
                    semantics: .classAverage))
        }
        do {
            return try Problem(
                sourcePoints: PointSet(scalars: points), probabilities: ProbabilityVector(p),
                codebook: PointSet(scalars: codewords), measure: .squaredError,
                constraint: .targetDistortion(target), fidelity: classes)
        } catch {
            preconditionFailure("generated an invalid sampled problem (seed \(seed)): \(error)")
        }
    }
}
