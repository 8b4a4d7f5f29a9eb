import Foundation
import Quantization

extension QuantizerDocument {
    /// The keys a quantizer file may hold (docs/formats.md).
    static let keys: Set<String> = [
        "format", "version", "dimension", "distortion", "codebook", "probabilities", "slope",
        "important", "training", "relaxation", "ladder", "stages",
    ]

    /// Parses quantizer JSON (the rule's fields are required; training, relaxation, stages and
    /// the ladder are optional).
    /// - Throws: ``DocumentError`` naming the file and key at fault.
    public static func parse(_ data: Data, file: String) throws(DocumentError) -> QuantizerDocument
    {
        let root = try JSONReader.parse(data, file: file).object(allowed: keys)
        let (quantizer, rule) = try parseRule(root, file: file)
        var document = QuantizerDocument(
            quantizer: quantizer, importanceRule: rule,
            training: try root["training"].map(parseTraining),
            relaxation: try root["relaxation"].flatMap(parseRelaxation),
            stages: try root["stages"].map(parseStages) ?? [])
        if let list = root["ladder"] { document.ladder = try parseLadder(list) }
        return document
    }

    /// The rule: format and version, dimension, codebook, probabilities, slope and the
    /// important samples' tolerance (with the rule that marked them, if recorded).
    private static func parseRule(_ root: [String: JSONReader], file: String)
        throws(DocumentError) -> (Quantizer, rule: String?)
    {
        func required(_ key: String) throws(DocumentError) -> JSONReader {
            guard let value = root[key] else {
                throw .field(file: file, key: key, reason: "missing")
            }
            return value
        }
        guard try required("format").string() == "rdopt-quantizer" else {
            throw .field(file: file, key: "format", reason: "must be \"rdopt-quantizer\"")
        }
        guard try required("version").integer() == 1 else {
            throw .field(file: file, key: "version", reason: "only version 1 is known")
        }
        let dimension = try required("dimension").integer()
        guard dimension >= 1 else {
            throw .field(file: file, key: "dimension", reason: "must be at least 1")
        }
        if let distortion = root["distortion"], try distortion.string() != "squared-error" {
            throw .field(
                file: file, key: "distortion", reason: "only squared-error quantizers are supported"
            )
        }
        let codebook = try parseCodebook(required("codebook"), dimension: dimension)
        let probabilities = try required("probabilities").numbers()
        let slope = try required("slope").number()
        var tolerance: Double?
        var rule: String?
        if let important = root["important"], !important.isNull {
            let members = try important.object(allowed: ["rule", "tolerance"])
            guard let value = members["tolerance"] else {
                throw important.fail("missing \"tolerance\"")
            }
            tolerance = try value.number()
            if let text = members["rule"], !text.isNull { rule = try text.string() }
        }
        do {
            let quantizer = try Quantizer(
                dimension: dimension, codebook: codebook, probabilities: probabilities,
                slope: slope, importantTolerance: tolerance)
            return (quantizer, rule)
        } catch {
            throw .field(file: file, key: "codebook/probabilities", reason: error.description)
        }
    }

    /// Codewords: numbers for dimension 1, arrays of `dimension` numbers otherwise.
    private static func parseCodebook(_ reader: JSONReader, dimension: Int) throws(DocumentError)
        -> [Double]
    {
        var codebook: [Double] = []
        for item in try reader.array() {
            if dimension == 1, item.isNumber {
                codebook.append(try item.number())
            } else {
                let vector = try item.numbers()
                guard vector.count == dimension else {
                    throw item.fail("has \(vector.count) coordinates, dimension is \(dimension)")
                }
                codebook += vector
            }
        }
        return codebook
    }

    /// The training figures; `important_max_distortion` may be absent (files that predate it).
    private static func parseTraining(_ reader: JSONReader) throws(DocumentError) -> Training {
        let m = try reader.object(allowed: [
            "samples", "entropy_bits", "distortion", "important_count",
            "important_max_distortion", "important_violations",
        ])
        func value(_ key: String) throws(DocumentError) -> JSONReader {
            guard let v = m[key] else { throw reader.fail("missing \"\(key)\"") }
            return v
        }
        return Training(
            samples: try value("samples").integer(),
            entropyBits: try value("entropy_bits").number(),
            distortion: try value("distortion").number(),
            importantCount: try value("important_count").integer(),
            importantMaxDistortion: try m["important_max_distortion"]?.number() ?? 0,
            importantViolations: try value("important_violations").integer())
    }

    /// The τ = 1 relaxation's rate and bound, when both are recorded.
    private static func parseRelaxation(_ reader: JSONReader) throws(DocumentError) -> (
        Double, Double
    )? {
        let m = try reader.object(allowed: ["rate_bits", "lower_bound_bits"])
        guard let rate = m["rate_bits"], let bound = m["lower_bound_bits"] else { return nil }
        return (try rate.number(), try bound.number())
    }

    /// The annealing stages.
    private static func parseStages(_ list: JSONReader) throws(DocumentError) -> [Stage] {
        var stages: [Stage] = []
        for item in try list.array() {
            let m = try item.object(allowed: [
                "temperature", "mutual_information_bits", "output_entropy_bits",
                "conditional_entropy_bits", "distortion", "live_codewords", "iterations", "settled",
            ])
            func v(_ key: String) throws(DocumentError) -> Double {
                guard let x = m[key] else { throw item.fail("missing \"\(key)\"") }
                return try x.number()
            }
            func count(_ key: String) throws(DocumentError) -> Int {
                guard let x = m[key] else { throw item.fail("missing \"\(key)\"") }
                return try x.integer()
            }
            stages.append(
                Stage(
                    temperature: try v("temperature"),
                    mutualInformationBits: try v("mutual_information_bits"),
                    outputEntropyBits: try v("output_entropy_bits"),
                    conditionalEntropyBits: try v("conditional_entropy_bits"),
                    distortion: try v("distortion"), liveCodewords: try count("live_codewords"),
                    iterations: try m["iterations"].map { x throws(DocumentError) in try x.integer()
                    },
                    settled: try m["settled"].map { x throws(DocumentError) in try x.bool() }
                ))
        }
        return stages
    }

    /// The bound ladder's rungs.
    private static func parseLadder(_ list: JSONReader) throws(DocumentError) -> BoundLadder {
        var rungs: [BoundLadder.Rung] = []
        for item in try list.array() {
            let m = try item.object(allowed: ["name", "bits", "certified_bound"])
            guard let name = m["name"], let bits = m["bits"], let certified = m["certified_bound"]
            else {
                throw item.fail("needs \"name\", \"bits\" and \"certified_bound\"")
            }
            rungs.append(
                BoundLadder.Rung(
                    name: try name.string(), bits: try bits.number(),
                    isCertifiedBound: try certified.bool()))
        }
        return BoundLadder(rungs: rungs)
    }
}
