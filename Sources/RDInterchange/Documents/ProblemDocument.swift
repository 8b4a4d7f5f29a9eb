import Crypto
import Foundation
import RateDistortion

/// A problem file of docs/formats.md, parsed and validated, with the SHA-256 of its bytes (which
/// certificates carry so that a certificate cannot be checked against another problem).
public struct ProblemDocument: Sendable {
    /// The validated problem.
    public let problem: Problem
    /// `gap_tolerance` from the file, if given.
    public let gapTolerance: Double?
    /// Lower-case hex SHA-256 of the file's bytes.
    public let sha256: String

    static let keys: Set<String> = [
        "source", "codebook", "distortion", "target_distortion", "slope", "fidelity",
        "gap_tolerance",
    ]

    /// Reads and validates a problem file (`-`: standard input; a pipe or FIFO works too).
    /// - Throws: ``DocumentError`` naming the file and key at fault.
    public static func load(path: String) throws(DocumentError) -> ProblemDocument {
        try parse(try JSONFile.read(path: path), file: path)
    }

    /// Parses and validates problem JSON.
    /// - Throws: ``DocumentError`` naming the file and key at fault.
    public static func parse(_ data: Data, file: String) throws(DocumentError) -> ProblemDocument {
        let root = try JSONReader.parse(data, file: file).object(allowed: keys)
        // Distortion first: a matrix makes points optional.
        let measure = try root["distortion"].map(parseMeasure) ?? .squaredError
        guard let sourceReader = root["source"] else {
            throw .field(file: file, key: "source", reason: "missing")
        }
        let source = try sourceReader.object(allowed: ["points", "probabilities"])
        guard let probabilityReader = source["probabilities"] else {
            throw .field(file: file, key: "source.probabilities", reason: "missing")
        }
        let rawProbabilities = try probabilityReader.numbers()
        let points = try source["points"].map { (reader) throws(DocumentError) in
            try pointSet(reader, file: file)
        }
        let codebook = try root["codebook"].map { (reader) throws(DocumentError) in
            try pointSet(reader, file: file)
        }
        if case .matrix = measure {
        } else {
            guard points != nil else {
                throw .field(
                    file: file, key: "source.points",
                    reason: "missing (needed unless the distortion is a matrix)")
            }
            guard codebook != nil else {
                throw .field(
                    file: file, key: "codebook",
                    reason: "missing (needed unless the distortion is a matrix)")
            }
        }
        let constraint = try parseConstraint(root, file: file)
        let fidelity = try root["fidelity"].map(parseFidelity) ?? []
        var gapTolerance: Double?
        if let gap = root["gap_tolerance"] {
            let value = try gap.number()
            guard value > 0 else { throw gap.fail("must be positive") }
            gapTolerance = value
        }
        do {
            let probabilities = try ProbabilityVector(
                rawProbabilities, field: "source.probabilities")
            let problem = try Problem(
                sourcePoints: points, probabilities: probabilities, codebook: codebook,
                measure: measure, constraint: constraint, fidelity: fidelity)
            let digest = sha256(of: data)
            return ProblemDocument(problem: problem, gapTolerance: gapTolerance, sha256: digest)
        } catch {
            throw .invalid(file: file, error)
        }
    }

    /// `"squared-error"`, `"absolute-error"`, `"hamming"` or `{"matrix": [[…], …]}`.
    private static func parseMeasure(_ distortion: JSONReader) throws(DocumentError)
        -> DistortionMeasure
    {
        if case .string(let name) = distortion.value {
            switch name {
            case "squared-error": return .squaredError
            case "absolute-error": return .absoluteError
            case "hamming": return .hamming
            default:
                throw distortion.fail(
                    "unknown distortion '\(name)' (use squared-error, absolute-error, hamming or {\"matrix\": …})"
                )
            }
        }
        let object = try distortion.object(allowed: ["matrix"])
        guard let matrix = object["matrix"] else {
            throw distortion.fail("needs a \"matrix\" key")
        }
        var rows: [[Double]] = []
        for row in try matrix.array() { rows.append(try row.numbers()) }
        do { return .matrix(try DistortionMatrix(rows: rows)) } catch {
            throw .invalid(file: distortion.file, error)
        }
    }

    /// Exactly one of `target_distortion` and `slope`.
    private static func parseConstraint(_ root: [String: JSONReader], file: String)
        throws(DocumentError) -> DistortionConstraint
    {
        switch (root["target_distortion"], root["slope"]) {
        case (let target?, nil): return .targetDistortion(try target.number())
        case (nil, let slope?): return .slope(try slope.number())
        case (.some, .some):
            throw .field(
                file: file, key: "target_distortion",
                reason: "give exactly one of target_distortion and slope, not both")
        case (nil, nil):
            throw .field(
                file: file, key: "target_distortion",
                reason: "missing (give target_distortion or slope)")
        }
    }

    /// The fidelity classes: each a `name`, `members`, `tolerance` and optional `semantics`.
    private static func parseFidelity(_ list: JSONReader) throws(DocumentError) -> [FidelityClass] {
        var fidelity: [FidelityClass] = []
        for (index, item) in try list.array().enumerated() {
            let members = try item.object(allowed: ["name", "members", "tolerance", "semantics"])
            let name = try members["name"]?.string() ?? "class \(index)"
            guard let memberList = members["members"] else {
                throw item.fail("missing \"members\"")
            }
            var indices: [Int] = []
            for member in try memberList.array() { indices.append(try member.integer()) }
            guard let tolerance = members["tolerance"] else {
                throw item.fail("missing \"tolerance\"")
            }
            var semantics = FidelitySemantics.perElement
            if let text = try members["semantics"]?.string() {
                guard let value = FidelitySemantics(rawValue: text) else {
                    throw item.fail(
                        "semantics must be \"per-element\" or \"class-average\", not \"\(text)\"")
                }
                semantics = value
            }
            fidelity.append(
                FidelityClass(
                    name: name, members: indices, tolerance: try tolerance.number(),
                    semantics: semantics))
        }
        return fidelity
    }

    /// Numbers (scalars) or arrays of equal length (vectors).
    static func pointSet(_ reader: JSONReader, file: String) throws(DocumentError) -> PointSet {
        let items = try reader.array()
        guard let first = items.first else { throw reader.fail("is empty") }
        do {
            if first.isArray {
                var coordinates: [Double] = []
                var dimension = 0
                for item in items {
                    let vector = try item.numbers()
                    if dimension == 0 { dimension = vector.count }
                    guard vector.count == dimension, dimension > 0 else {
                        throw item.fail(
                            "has \(vector.count) coordinates where \(dimension) are needed")
                    }
                    coordinates += vector
                }
                return try PointSet(
                    dimension: dimension, coordinates: coordinates, field: reader.path)
            }
            return try PointSet(scalars: try reader.numbers(), field: reader.path)
        } catch let error as DocumentError {
            throw error
        } catch let error as RateDistortionError {
            throw .invalid(file: file, error)
        } catch {
            throw reader.fail("\(error)")
        }
    }
}
