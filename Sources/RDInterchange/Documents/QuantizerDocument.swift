import Foundation
import Quantization

/// The quantizer file of docs/formats.md (`rdopt design --output`, read by `rdopt compress`).
public struct QuantizerDocument: Sendable {
    /// Training figures measured by applying the final hard rule to every training sample.
    public struct Training: Sendable, Equatable {
        public var samples: Int
        public var entropyBits: Double
        public var distortion: Double
        public var importantCount: Int
        public var importantMaxDistortion: Double
        public var importantViolations: Int
        public init(
            samples: Int, entropyBits: Double, distortion: Double, importantCount: Int,
            importantMaxDistortion: Double, importantViolations: Int
        ) {
            self.samples = samples
            self.entropyBits = entropyBits
            self.distortion = distortion
            self.importantCount = importantCount
            self.importantMaxDistortion = importantMaxDistortion
            self.importantViolations = importantViolations
        }
    }

    /// One annealing stage.
    public struct Stage: Sendable, Equatable {
        public var temperature: Double
        public var mutualInformationBits: Double
        public var outputEntropyBits: Double
        public var conditionalEntropyBits: Double
        public var distortion: Double
        public var liveCodewords: Int
        public init(
            temperature: Double, mutualInformationBits: Double, outputEntropyBits: Double,
            conditionalEntropyBits: Double, distortion: Double, liveCodewords: Int
        ) {
            self.temperature = temperature
            self.mutualInformationBits = mutualInformationBits
            self.outputEntropyBits = outputEntropyBits
            self.conditionalEntropyBits = conditionalEntropyBits
            self.distortion = distortion
            self.liveCodewords = liveCodewords
        }
    }

    /// The hard rule.
    public var quantizer: Quantizer
    /// The importance rule text (`abs>2.5`, `>T`, `<T`) or nil when importance came from a column or is absent.
    public var importanceRule: String?
    /// Training figures, if known.
    public var training: Training?
    /// The τ = 1 relaxation on the same data: (rate bits, certified lower bound bits).
    public var relaxation: (rateBits: Double, lowerBoundBits: Double)?
    /// The annealing stages.
    public var stages: [Stage]
    /// The bound ladder of the design that made the quantiser (empty when unknown).
    public var ladder: BoundLadder = BoundLadder(rungs: [])

    public init(
        quantizer: Quantizer, importanceRule: String?, training: Training?,
        relaxation: (rateBits: Double, lowerBoundBits: Double)?, stages: [Stage]
    ) {
        self.quantizer = quantizer
        self.importanceRule = importanceRule
        self.training = training
        self.relaxation = relaxation
        self.stages = stages
    }

    /// The document as JSON, keys in the order of docs/formats.md.
    public var json: JSONValue {
        let q = quantizer
        let codebook: JSONValue =
            q.dimension == 1
            ? .numbers(q.codebook)
            : .array((0..<q.count).map { .numbers(Array(q.codeword($0))) })
        var important: JSONValue = .null
        if let tolerance = q.importantTolerance {
            important = .object([
                ("rule", importanceRule.map { .string($0) } ?? .null),
                ("tolerance", .finite(tolerance)),
            ])
        }
        var members: [(String, JSONValue)] = [
            ("format", .string("rdopt-quantizer")), ("version", .integer(1)),
            ("dimension", .integer(q.dimension)),
            ("distortion", .string("squared-error")), ("codebook", codebook),
            ("probabilities", .numbers(q.probabilities)),
            ("slope", .finite(q.slope)), ("important", important),
        ]
        if let t = training {
            members.append(
                (
                    "training",
                    .object([
                        ("samples", .integer(t.samples)), ("entropy_bits", .finite(t.entropyBits)),
                        ("distortion", .finite(t.distortion)),
                        ("important_count", .integer(t.importantCount)),
                        ("important_max_distortion", .finite(t.importantMaxDistortion)),
                        ("important_violations", .integer(t.importantViolations)),
                    ])
                ))
        }
        if let r = relaxation {
            members.append(
                (
                    "relaxation",
                    .object([
                        ("rate_bits", .finite(r.rateBits)),
                        ("lower_bound_bits", .finite(r.lowerBoundBits)),
                    ])
                ))
        }
        if !ladder.rungs.isEmpty {
            members.append(
                (
                    "ladder",
                    .array(
                        ladder.rungs.map { rung in
                            .object([
                                ("name", .string(rung.name)), ("bits", .finite(rung.bits)),
                                ("certified_bound", .bool(rung.isCertifiedBound)),
                            ])
                        })
                ))
        }
        members.append(
            (
                "stages",
                .array(
                    stages.map { s in
                        .object([
                            ("temperature", .finite(s.temperature)),
                            ("mutual_information_bits", .finite(s.mutualInformationBits)),
                            ("output_entropy_bits", .finite(s.outputEntropyBits)),
                            ("conditional_entropy_bits", .finite(s.conditionalEntropyBits)),
                            ("distortion", .finite(s.distortion)),
                            ("live_codewords", .integer(s.liveCodewords)),
                        ])
                    })
            ))
        return .object(members)
    }

    /// Reads a quantizer file.
    /// - Throws: ``DocumentError`` naming the file and key at fault.
    public static func load(path: String) throws(DocumentError) -> QuantizerDocument {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw .unreadable(file: path, reason: (error as NSError).localizedDescription)
        }
        return try parse(data, file: path)
    }

    /// Parses quantizer JSON (the rule's fields are required; training, relaxation and stages are optional).
    public static func parse(_ data: Data, file: String) throws(DocumentError) -> QuantizerDocument
    {
        let root = try JSONReader.parse(data, file: file).object(allowed: [
            "format", "version", "dimension", "distortion", "codebook", "probabilities", "slope",
            "important",
            "training", "relaxation", "ladder", "stages",
        ])
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
        let codebookReader = try required("codebook")
        var codebook: [Double] = []
        for item in try codebookReader.array() {
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
        let quantizer: Quantizer
        do {
            quantizer = try Quantizer(
                dimension: dimension, codebook: codebook, probabilities: probabilities,
                slope: slope, importantTolerance: tolerance)
        } catch {
            throw .field(file: file, key: "codebook/probabilities", reason: error.description)
        }
        var training: Training?
        if let t = root["training"] {
            let m = try t.object(allowed: [
                "samples", "entropy_bits", "distortion", "important_count",
                "important_max_distortion", "important_violations",
            ])
            func value(_ key: String) throws(DocumentError) -> JSONReader {
                guard let v = m[key] else { throw t.fail("missing \"\(key)\"") }
                return v
            }
            training = Training(
                samples: try value("samples").integer(),
                entropyBits: try value("entropy_bits").number(),
                distortion: try value("distortion").number(),
                importantCount: try value("important_count").integer(),
                importantMaxDistortion: (try? value("important_max_distortion").number()) ?? 0,
                importantViolations: try value("important_violations").integer())
        }
        var relaxation: (Double, Double)?
        if let r = root["relaxation"] {
            let m = try r.object(allowed: ["rate_bits", "lower_bound_bits"])
            if let rate = m["rate_bits"], let bound = m["lower_bound_bits"] {
                relaxation = (try rate.number(), try bound.number())
            }
        }
        var stages: [Stage] = []
        if let list = root["stages"] {
            for item in try list.array() {
                let m = try item.object(allowed: [
                    "temperature", "mutual_information_bits", "output_entropy_bits",
                    "conditional_entropy_bits", "distortion", "live_codewords",
                ])
                func v(_ key: String) throws(DocumentError) -> Double {
                    guard let x = m[key] else { throw item.fail("missing \"\(key)\"") }
                    return try x.number()
                }
                stages.append(
                    Stage(
                        temperature: try v("temperature"),
                        mutualInformationBits: try v("mutual_information_bits"),
                        outputEntropyBits: try v("output_entropy_bits"),
                        conditionalEntropyBits: try v("conditional_entropy_bits"),
                        distortion: try v("distortion"), liveCodewords: Int(try v("live_codewords"))
                    ))
            }
        }
        var document = QuantizerDocument(
            quantizer: quantizer, importanceRule: rule, training: training,
            relaxation: relaxation, stages: stages)
        if let list = root["ladder"] {
            var rungs: [BoundLadder.Rung] = []
            for item in try list.array() {
                let m = try item.object(allowed: ["name", "bits", "certified_bound"])
                guard let name = m["name"], let bits = m["bits"],
                    let certified = m["certified_bound"]
                else {
                    throw item.fail("needs \"name\", \"bits\" and \"certified_bound\"")
                }
                rungs.append(
                    BoundLadder.Rung(
                        name: try name.string(), bits: try bits.number(),
                        isCertifiedBound: try certified.bool()))
            }
            document.ladder = BoundLadder(rungs: rungs)
        }
        return document
    }
}
