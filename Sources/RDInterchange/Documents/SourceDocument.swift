import Foundation
import RateDistortion

/// A weighted source for `design` and `baseline` (docs/formats.md): points with probabilities,
/// written as the `source` of a problem file, and optionally the indices of the important
/// points.
///
///     {"source": {"points": [[0, 1], [2, 3]], "probabilities": [0.25, 0.75]},
///      "important": [1]}
public struct SourceDocument: Sendable {
    /// The points, row-major, `count × dimension`.
    public let values: [Double]
    /// Coordinates per point.
    public let dimension: Int
    /// One positive probability per point, summing to 1 within 1e-6.
    public let probabilities: [Double]
    /// One flag per point when the document names important points, else nil.
    public let importance: [Bool]?

    /// The number of points.
    public var count: Int { probabilities.count }

    static let keys: Set<String> = ["source", "important"]

    /// Reads and validates a source document (`-`: standard input; a pipe or FIFO works too).
    /// - Throws: ``DocumentError`` naming the file and key at fault.
    public static func load(path: String) throws(DocumentError) -> SourceDocument {
        try parse(try JSONFile.read(path: path), file: path)
    }

    /// Parses and validates a source document.
    /// - Throws: ``DocumentError`` naming the file and key at fault.
    public static func parse(_ data: Data, file: String) throws(DocumentError) -> SourceDocument {
        let root = try JSONReader.parse(data, file: file).object(allowed: keys)
        guard let sourceReader = root["source"] else {
            throw .field(file: file, key: "source", reason: "missing")
        }
        let source = try sourceReader.object(allowed: ["points", "probabilities"])
        guard let pointReader = source["points"] else {
            throw .field(file: file, key: "source.points", reason: "missing")
        }
        guard let probabilityReader = source["probabilities"] else {
            throw .field(file: file, key: "source.probabilities", reason: "missing")
        }
        let points = try ProblemDocument.pointSet(pointReader, file: file)
        let raw = try probabilityReader.numbers()
        guard raw.count == points.count else {
            throw probabilityReader.fail(
                "has \(raw.count) entries for \(points.count) points")
        }
        do {
            _ = try ProbabilityVector(raw, field: "source.probabilities")
        } catch {
            throw .invalid(file: file, error)
        }
        if let index = raw.firstIndex(where: { !($0 > 0) }) {
            throw probabilityReader.fail(
                "entry \(index) is \(raw[index]): a design needs every point to carry mass "
                    + "(remove the point)")
        }
        var importance: [Bool]?
        if let list = root["important"] {
            var flags = [Bool](repeating: false, count: points.count)
            for item in try list.array() {
                let index = try item.integer()
                guard index >= 0, index < points.count else {
                    throw item.fail("is not a point index (0..<\(points.count))")
                }
                flags[index] = true
            }
            importance = flags
        }
        return SourceDocument(
            values: points.coordinates, dimension: points.dimension, probabilities: raw,
            importance: importance)
    }
}
