/// The convex program of docs/mathematics.md: minimise `I(X;Y)` over encoders `Q` for a fixed
/// reconstruction alphabet, under an average-distortion bound (or a fixed slope) and
/// fidelity bounds on classes of source points.
///
/// A `Problem` is validated once, at construction: shapes agree, every number is finite,
/// probabilities are a distribution, tolerances are non-negative and member indices exist.
/// Feasibility is checked when the solver lays out the program, before it iterates: an
/// infeasible bound throws ``RateDistortionError/infeasible(bound:value:minimum:)``.
public struct Problem: Sendable {
    /// Source points x_i (nil for a matrix distortion given without points).
    public let sourcePoints: PointSet?
    /// Source probabilities p_i.
    public let probabilities: ProbabilityVector
    /// Codewords y_j (nil for a matrix distortion given without points).
    public let codebook: PointSet?
    /// The distortion measure.
    public let measure: DistortionMeasure
    /// The average-distortion bound or the fixed slope.
    public let constraint: DistortionConstraint
    /// Fidelity classes as given.
    public let fidelity: [FidelityClass]

    /// Validates and creates a problem.
    /// - Parameters:
    ///   - sourcePoints: the points x_i; required unless `measure` is a matrix.
    ///   - probabilities: p_i, one per source point (or matrix row).
    ///   - codebook: the codewords y_j; required unless `measure` is a matrix.
    ///   - measure: the distortion measure.
    ///   - constraint: `targetDistortion(D)` with `D ≥ 0`, or `slope(s)` with `s ≥ 0`.
    ///   - fidelity: fidelity classes (tolerances ≥ 0, members in range).
    /// - Throws: ``RateDistortionError`` naming the first inconsistency found.
    public init(
        sourcePoints: PointSet?, probabilities: ProbabilityVector, codebook: PointSet?,
        measure: DistortionMeasure, constraint: DistortionConstraint, fidelity: [FidelityClass] = []
    ) throws(RateDistortionError) {
        let n = probabilities.count
        if case .matrix(let matrix) = measure {
            guard matrix.rows == n else {
                throw .shapeMismatch(
                    field: "distortion.matrix rows", expected: n, found: matrix.rows)
            }
            if let sourcePoints, sourcePoints.count != n {
                throw .shapeMismatch(field: "source.points", expected: n, found: sourcePoints.count)
            }
            if let codebook, codebook.count != matrix.columns {
                throw .shapeMismatch(
                    field: "codebook", expected: matrix.columns, found: codebook.count)
            }
        } else {
            guard let sourcePoints else { throw .empty(field: "source.points") }
            guard let codebook, codebook.count > 0 else { throw .empty(field: "codebook") }
            guard sourcePoints.count == n else {
                throw .shapeMismatch(field: "source.points", expected: n, found: sourcePoints.count)
            }
            guard codebook.dimension == sourcePoints.dimension else {
                throw .shapeMismatch(
                    field: "codebook dimension", expected: sourcePoints.dimension,
                    found: codebook.dimension)
            }
        }
        switch constraint {
        case .targetDistortion(let value):
            guard value.isFinite else { throw .nonFinite(field: "target_distortion", index: 0) }
            guard value >= 0 else {
                throw .invalidValue(
                    field: "target_distortion", value: value, requirement: "must be non-negative")
            }
        case .slope(let value):
            guard value.isFinite else { throw .nonFinite(field: "slope", index: 0) }
            guard value >= 0 else {
                throw .invalidValue(
                    field: "slope", value: value, requirement: "must be non-negative")
            }
        }
        for (k, fidelityClass) in fidelity.enumerated() {
            let field = "fidelity[\(k)] (\(fidelityClass.name))"
            guard fidelityClass.tolerance.isFinite else {
                throw .nonFinite(field: "\(field).tolerance", index: 0)
            }
            guard fidelityClass.tolerance >= 0 else {
                throw .invalidValue(
                    field: "\(field).tolerance", value: fidelityClass.tolerance,
                    requirement: "must be non-negative")
            }
            guard !fidelityClass.members.isEmpty else { throw .empty(field: "\(field).members") }
            for index in fidelityClass.members where index < 0 || index >= n {
                throw .indexOutOfRange(field: "\(field).members", index: index, count: n)
            }
        }
        self.sourcePoints = sourcePoints
        self.probabilities = probabilities
        self.codebook = codebook
        self.measure = measure
        self.constraint = constraint
        self.fidelity = fidelity
    }

    /// Number of source points n.
    public var sourceCount: Int { probabilities.count }

    /// Number of codewords m.
    public var codewordCount: Int {
        if case .matrix(let matrix) = measure { return matrix.columns }
        return codebook?.count ?? 0
    }

    /// The distortions laid out for the row kernel.
    public func distortionField() -> DistortionField {
        DistortionField(measure: measure, source: sourcePoints, codebook: codebook)
    }

    /// The tightest per-element tolerance of every row (`+∞` where none applies).
    public var rowTolerances: [Double] {
        var tolerance = [Double](repeating: .infinity, count: sourceCount)
        for fidelityClass in fidelity where fidelityClass.semantics == .perElement {
            for i in fidelityClass.members {
                tolerance[i] = min(tolerance[i], fidelityClass.tolerance)
            }
        }
        return tolerance
    }

    /// The indices (into ``fidelity``) of the class-average classes.
    public var classAverageIndices: [Int] {
        fidelity.indices.filter { fidelity[$0].semantics == .classAverage }
    }
}
