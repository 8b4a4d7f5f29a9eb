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
        /// Iterations the stage took (nil in documents written before it was recorded).
        public var iterations: Int?
        /// Whether the stage settled rather than ending at its iteration cap (nil as above).
        public var settled: Bool?
        public init(
            temperature: Double, mutualInformationBits: Double, outputEntropyBits: Double,
            conditionalEntropyBits: Double, distortion: Double, liveCodewords: Int,
            iterations: Int? = nil, settled: Bool? = nil
        ) {
            self.temperature = temperature
            self.mutualInformationBits = mutualInformationBits
            self.outputEntropyBits = outputEntropyBits
            self.conditionalEntropyBits = conditionalEntropyBits
            self.distortion = distortion
            self.liveCodewords = liveCodewords
            self.iterations = iterations
            self.settled = settled
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
        if let t = training { members.append(("training", Self.json(t))) }
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
        if !ladder.rungs.isEmpty { members.append(("ladder", Self.json(ladder))) }
        members.append(("stages", .array(stages.map(Self.json))))
        return .object(members)
    }

    /// The `training` member.
    private static func json(_ t: Training) -> JSONValue {
        .object([
            ("samples", .integer(t.samples)), ("entropy_bits", .finite(t.entropyBits)),
            ("distortion", .finite(t.distortion)),
            ("important_count", .integer(t.importantCount)),
            ("important_max_distortion", .finite(t.importantMaxDistortion)),
            ("important_violations", .integer(t.importantViolations)),
        ])
    }

    /// The `ladder` member: its rungs, bottom first.
    private static func json(_ ladder: BoundLadder) -> JSONValue {
        .array(
            ladder.rungs.map { rung in
                .object([
                    ("name", .string(rung.name)), ("bits", .finite(rung.bits)),
                    ("certified_bound", .bool(rung.isCertifiedBound)),
                ])
            })
    }

    /// One element of the `stages` member (`iterations` and `settled` only when recorded).
    private static func json(_ s: Stage) -> JSONValue {
        var stage: [(String, JSONValue)] = [
            ("temperature", .finite(s.temperature)),
            ("mutual_information_bits", .finite(s.mutualInformationBits)),
            ("output_entropy_bits", .finite(s.outputEntropyBits)),
            ("conditional_entropy_bits", .finite(s.conditionalEntropyBits)),
            ("distortion", .finite(s.distortion)),
            ("live_codewords", .integer(s.liveCodewords)),
        ]
        if let iterations = s.iterations { stage.append(("iterations", .integer(iterations))) }
        if let settled = s.settled { stage.append(("settled", .bool(settled))) }
        return .object(stage)
    }

    /// Reads a quantizer file (`-`: standard input; a pipe or FIFO works too).
    /// - Throws: ``DocumentError`` naming the file and key at fault.
    public static func load(path: String) throws(DocumentError) -> QuantizerDocument {
        try parse(try JSONFile.read(path: path), file: path)
    }
}
