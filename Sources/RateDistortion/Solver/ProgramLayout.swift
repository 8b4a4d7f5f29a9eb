/// The resolved structure of a problem as the solver and the certificate check see it:
/// per-row tolerances, which rows sit at their hard-assignment limit, the class-average
/// classes and the rows they contain.
///
/// Bounds within a relative 1e-12 of their hard-assignment limit are treated as that limit
/// (the row, class or whole source is then assigned to its codewords of least distortion,
/// with an infinite slope); further below, the problem is infeasible.
struct ProgramLayout: Sendable {
    /// Relative tolerance within which a bound counts as sitting at its hard-assignment limit.
    static let edgeTolerance = 1e-12
    /// The slope used for rows at their hard-assignment limit (an "infinite" slope: every
    /// codeword with positive excess distortion gets weight exactly 0).
    static let hardSlope = 1e300

    struct ClassAverage: Sendable {
        var problemIndex: Int
        var members: [Int]
        var mass: Double
        var tolerance: Double
        /// `Σ_{i∈S} p_i dmin_i`: the class's least achievable weighted distortion.
        var leastWeightedDistortion: Double
    }

    let rows: Int
    let columns: Int
    let p: [Double]
    let rowMinima: [Double]
    /// Effective per-element tolerance (`+∞` where none), never below the row minimum.
    let rowTolerance: [Double]
    /// Rows assigned to their least-distortion codewords (slope `hardSlope`).
    let isHardRow: [Bool]
    let classes: [ClassAverage]
    /// For every row, the indices into `classes` of the classes containing it.
    let rowClasses: [[Int]]
    /// `D` in target mode (nil in slope mode, or when the whole source is hard).
    let target: Double?
    /// `s` in slope mode.
    let fixedSlope: Double?
    /// `Σ_i p_i dmin_i`.
    let leastDistortion: Double
    /// Whether the average bound sits at its hard-assignment limit.
    let isAverageAtEdge: Bool

    /// Resolves `problem`, checking feasibility first.
    /// - Throws: ``RateDistortionError/infeasible(bound:value:minimum:)``.
    init(problem: Problem, rowMinima: [Double]) throws(RateDistortionError) {
        let n = problem.sourceCount
        let p = problem.probabilities.values
        rows = n
        columns = problem.codewordCount
        self.p = p
        self.rowMinima = rowMinima
        let (tolerance, perElementHard) = try Self.perElementTolerances(
            problem, rowMinima: rowMinima)
        var hard = perElementHard
        (classes, rowClasses) = try Self.classAverages(
            problem, p: p, rowMinima: rowMinima, hard: &hard)
        // Summed as the certificate sums the achieved distortion (`BoundEvaluation`), so that
        // at the hard assignment, where every row's excess is exactly 0, the two are equal to
        // the bit and the slope's term s·(D_min − D) is exactly 0 even at s = 1e10.
        var leastSum = NeumaierSum()
        for i in 0..<n { leastSum.add(p[i] * rowMinima[i]) }
        let least = leastSum.value
        leastDistortion = least
        switch problem.constraint {
        case .targetDistortion(let value):
            let edge = Self.edgeTolerance
            if value < least * (1 - edge) {
                throw .infeasible(bound: "target_distortion", value: value, minimum: least)
            }
            isAverageAtEdge = value <= least * (1 + edge)
            if isAverageAtEdge { hard = [Bool](repeating: true, count: n) }
            target = isAverageAtEdge ? nil : value
            fixedSlope = nil
        case .slope(let value):
            isAverageAtEdge = false
            target = nil
            fixedSlope = value
        }
        rowTolerance = tolerance
        isHardRow = hard
    }

    /// Each row's tightest per-element tolerance (never below its minimum; `+∞` where none),
    /// and whether that tolerance sits at the row's hard-assignment limit.
    /// - Throws: ``RateDistortionError/infeasible(bound:value:minimum:)`` for a tolerance below a
    ///   row's minimum.
    private static func perElementTolerances(_ problem: Problem, rowMinima: [Double])
        throws(RateDistortionError) -> (tolerance: [Double], hard: [Bool])
    {
        let n = problem.sourceCount
        var tolerance = [Double](repeating: .infinity, count: n)
        var hard = [Bool](repeating: false, count: n)
        for fidelityClass in problem.fidelity where fidelityClass.semantics == .perElement {
            for i in fidelityClass.members {
                let minimum = rowMinima[i]
                if fidelityClass.tolerance < minimum * (1 - edgeTolerance) {
                    throw .infeasible(
                        bound:
                            "tolerance of element \(i) in fidelity class '\(fidelityClass.name)'",
                        value: fidelityClass.tolerance, minimum: minimum)
                }
                tolerance[i] = min(tolerance[i], max(fidelityClass.tolerance, minimum))
                if tolerance[i] <= minimum * (1 + edgeTolerance) { hard[i] = true }
            }
        }
        return (tolerance, hard)
    }

    /// The class-average classes the program keeps, and the classes of each row. A class at
    /// its limit makes its rows hard instead; one of zero mass is dropped.
    /// - Throws: ``RateDistortionError/infeasible(bound:value:minimum:)`` for a tolerance below
    ///   the class's least average.
    private static func classAverages(
        _ problem: Problem, p: [Double], rowMinima: [Double], hard: inout [Bool]
    ) throws(RateDistortionError) -> (classes: [ClassAverage], rowClasses: [[Int]]) {
        var classes: [ClassAverage] = []
        var rowClasses = [[Int]](repeating: [], count: problem.sourceCount)
        for (k, fidelityClass) in problem.fidelity.enumerated()
        where fidelityClass.semantics == .classAverage {
            var mass = 0.0
            var least = 0.0
            for i in fidelityClass.members {
                mass += p[i]
                least += p[i] * rowMinima[i]
            }
            let leastAverage = mass > 0 ? least / mass : 0
            if fidelityClass.tolerance < leastAverage * (1 - edgeTolerance) {
                throw .infeasible(
                    bound: "class-average tolerance of fidelity class '\(fidelityClass.name)'",
                    value: fidelityClass.tolerance, minimum: leastAverage)
            }
            if mass == 0 { continue }
            if fidelityClass.tolerance <= leastAverage * (1 + edgeTolerance) {
                for i in fidelityClass.members { hard[i] = true }
                continue
            }
            for i in fidelityClass.members { rowClasses[i].append(classes.count) }
            classes.append(
                ClassAverage(
                    problemIndex: k, members: fidelityClass.members, mass: mass,
                    tolerance: fidelityClass.tolerance, leastWeightedDistortion: least))
        }
        return (classes, rowClasses)
    }

    /// Whether row i has a per-element tolerance that is not at its limit.
    @inline(__always) func hasOwnSlope(_ i: Int) -> Bool {
        rowTolerance[i].isFinite && !isHardRow[i]
    }
}

/// The multipliers of the program, held as slopes: the average slope s, the per-element row
/// slopes β_i (a row binds when β_i exceeds its base slope), and the class prices ν_k.
struct Multipliers: Sendable {
    var s: Double
    var beta: [Double]
    var nu: [Double]

    /// The base slope of row i, `s + Σ_{k∋i} ν_k`.
    @inline(__always) func baseSlope(_ i: Int, _ layout: ProgramLayout) -> Double {
        var t = s
        for k in layout.rowClasses[i] { t += nu[k] }
        return t
    }

    /// Every row's slope `s_i = max(base_i, β_i)` (docs/mathematics.md), `hardSlope` for hard rows.
    func rowSlopes(_ layout: ProgramLayout) -> [Double] {
        var slopes = [Double](repeating: 0, count: layout.rows)
        for i in 0..<layout.rows {
            if layout.isHardRow[i] {
                slopes[i] = ProgramLayout.hardSlope
            } else {
                let base = baseSlope(i, layout)
                slopes[i] = layout.hasOwnSlope(i) ? max(base, beta[i]) : base
            }
        }
        return slopes
    }
}
