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
        let edge = Self.edgeTolerance
        var tolerance = [Double](repeating: .infinity, count: n)
        var hard = [Bool](repeating: false, count: n)
        for fidelityClass in problem.fidelity where fidelityClass.semantics == .perElement {
            for i in fidelityClass.members {
                let minimum = rowMinima[i]
                if fidelityClass.tolerance < minimum * (1 - edge) {
                    throw .infeasible(
                        bound:
                            "tolerance of element \(i) in fidelity class '\(fidelityClass.name)'",
                        value: fidelityClass.tolerance, minimum: minimum)
                }
                tolerance[i] = min(tolerance[i], max(fidelityClass.tolerance, minimum))
                if tolerance[i] <= minimum * (1 + edge) { hard[i] = true }
            }
        }
        var classes: [ClassAverage] = []
        var rowClasses = [[Int]](repeating: [], count: n)
        for (k, fidelityClass) in problem.fidelity.enumerated()
        where fidelityClass.semantics == .classAverage {
            var mass = 0.0
            var least = 0.0
            for i in fidelityClass.members {
                mass += p[i]
                least += p[i] * rowMinima[i]
            }
            let leastAverage = mass > 0 ? least / mass : 0
            if fidelityClass.tolerance < leastAverage * (1 - edge) {
                throw .infeasible(
                    bound: "class-average tolerance of fidelity class '\(fidelityClass.name)'",
                    value: fidelityClass.tolerance, minimum: leastAverage)
            }
            if mass == 0 { continue }
            if fidelityClass.tolerance <= leastAverage * (1 + edge) {
                for i in fidelityClass.members { hard[i] = true }
                continue
            }
            for i in fidelityClass.members { rowClasses[i].append(classes.count) }
            classes.append(
                ClassAverage(
                    problemIndex: k, members: fidelityClass.members, mass: mass,
                    tolerance: fidelityClass.tolerance, leastWeightedDistortion: least))
        }
        var least = 0.0
        for i in 0..<n { least += p[i] * rowMinima[i] }
        leastDistortion = least
        var atEdge = false
        switch problem.constraint {
        case .targetDistortion(let value):
            if value < least * (1 - edge) {
                throw .infeasible(bound: "target_distortion", value: value, minimum: least)
            }
            if value <= least * (1 + edge) {
                atEdge = true
                hard = [Bool](repeating: true, count: n)
                target = nil
            } else {
                target = value
            }
            fixedSlope = nil
        case .slope(let value):
            target = nil
            fixedSlope = value
        }
        isAverageAtEdge = atEdge
        rowTolerance = tolerance
        isHardRow = hard
        self.classes = classes
        self.rowClasses = rowClasses
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
