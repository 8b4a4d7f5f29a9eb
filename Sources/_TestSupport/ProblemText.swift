import RateDistortion

/// Writes a `Problem` as the problem JSON of docs/formats.md, for tests that feed files to the CLI
/// or to the CVXPY script. Numbers are printed by Swift's shortest round-trip description, so
/// the file reads back to the same doubles.
public enum ProblemText {
    /// The JSON text of `problem` (one line).
    /// - Parameter gapTolerance: an optional `gap_tolerance` key.
    public static func json(_ problem: Problem, gapTolerance: Double? = nil) -> String {
        var members: [String] = []
        var source = "\"probabilities\": \(numbers(problem.probabilities.values))"
        if let points = problem.sourcePoints {
            source = "\"points\": \(pointList(points)), " + source
        }
        members.append("\"source\": {\(source)}")
        if let codebook = problem.codebook {
            members.append("\"codebook\": \(pointList(codebook))")
        }
        switch problem.measure {
        case .squaredError, .absoluteError, .hamming:
            members.append("\"distortion\": \"\(problem.measure.name)\"")
        case .matrix(let matrix):
            let rows = (0..<matrix.rows).map {
                numbers(Array(matrix.entries[$0 * matrix.columns..<($0 + 1) * matrix.columns]))
            }
            members.append("\"distortion\": {\"matrix\": [\(rows.joined(separator: ", "))]}")
        }
        switch problem.constraint {
        case .targetDistortion(let value): members.append("\"target_distortion\": \(number(value))")
        case .slope(let value): members.append("\"slope\": \(number(value))")
        }
        if !problem.fidelity.isEmpty {
            let classes = problem.fidelity.map { fidelityClass in
                "{\"name\": \"\(fidelityClass.name)\", \"members\": [\(fidelityClass.members.map(String.init).joined(separator: ", "))], "
                    + "\"tolerance\": \(number(fidelityClass.tolerance)), \"semantics\": \"\(fidelityClass.semantics.rawValue)\"}"
            }
            members.append("\"fidelity\": [\(classes.joined(separator: ", "))]")
        }
        if let gapTolerance { members.append("\"gap_tolerance\": \(number(gapTolerance))") }
        return "{" + members.joined(separator: ", ") + "}\n"
    }

    /// A finite double as a JSON number.
    public static func number(_ value: Double) -> String {
        precondition(value.isFinite, "JSON has no non-finite numbers")
        return "\(value)"
    }

    /// A JSON array of numbers.
    public static func numbers(_ values: [Double]) -> String {
        "[" + values.map(number).joined(separator: ", ") + "]"
    }

    static func pointList(_ points: PointSet) -> String {
        if points.dimension == 1 { return numbers(points.coordinates) }
        return "[" + (0..<points.count).map { numbers(Array(points[$0])) }.joined(separator: ", ")
            + "]"
    }
}
