import Crypto
import Foundation
import RateDistortion

extension ProblemDocument {
    /// `problem` as problem JSON (docs/formats.md), which ``parse(_:file:)`` reads back to the
    /// same problem: numbers are written in their shortest round-trip form.
    public static func json(for problem: Problem, gapTolerance: Double? = nil) -> JSONValue {
        var source: [(String, JSONValue)] = []
        if let points = problem.sourcePoints { source.append(("points", Self.json(points))) }
        source.append(("probabilities", .numbers(problem.probabilities.values)))
        var members: [(String, JSONValue)] = [("source", .object(source))]
        if let codebook = problem.codebook { members.append(("codebook", Self.json(codebook))) }
        members.append(("distortion", Self.json(problem.measure)))
        switch problem.constraint {
        case .targetDistortion(let d): members.append(("target_distortion", .finite(d)))
        case .slope(let s): members.append(("slope", .finite(s)))
        }
        if !problem.fidelity.isEmpty {
            members.append(
                (
                    "fidelity",
                    .array(
                        problem.fidelity.map { fidelityClass in
                            .object([
                                ("name", .string(fidelityClass.name)),
                                ("members", .array(fidelityClass.members.map { .integer($0) })),
                                ("tolerance", .finite(fidelityClass.tolerance)),
                                ("semantics", .string(fidelityClass.semantics.rawValue)),
                            ])
                        })
                ))
        }
        if let gapTolerance { members.append(("gap_tolerance", .finite(gapTolerance))) }
        return .object(members)
    }

    /// Lower-case hex SHA-256 of `bytes` (what a certificate records of its problem file).
    public static func sha256(of bytes: Data) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    private static func json(_ points: PointSet) -> JSONValue {
        guard points.dimension > 1 else { return .numbers(points.coordinates) }
        return .array((0..<points.count).map { .numbers(Array(points[$0])) })
    }

    private static func json(_ measure: DistortionMeasure) -> JSONValue {
        switch measure {
        case .squaredError: return .string("squared-error")
        case .absoluteError: return .string("absolute-error")
        case .hamming: return .string("hamming")
        case .matrix(let matrix):
            return .object([
                (
                    "matrix",
                    .array(
                        (0..<matrix.rows).map { i in
                            .numbers(
                                Array(
                                    matrix.entries[
                                        (i * matrix.columns)..<((i + 1) * matrix.columns)]))
                        })
                )
            ])
        }
    }
}
