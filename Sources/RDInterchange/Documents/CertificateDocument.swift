import Foundation
import RateDistortion

/// The certificate file of docs/formats.md: the multipliers and output law that re-prove a lower
/// bound, tied to its problem by the SHA-256 of the problem file's bytes.
public struct CertificateDocument: Sendable {
    /// The certificate.
    public var certificate: Certificate
    /// SHA-256 of the problem file the certificate was made for.
    public var problemSHA256: String

    /// Wraps a certificate for writing.
    public init(certificate: Certificate, problemSHA256: String) {
        self.certificate = certificate
        self.problemSHA256 = problemSHA256
    }

    /// The document as JSON. Prices of elements at their hard-assignment limit are `null` (infinite).
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("format", .string("rdopt-certificate")),
            ("version", .integer(1)),
            ("problem_sha256", .string(problemSHA256)),
            ("slope", certificate.slope.map { .finite($0) } ?? .null),
            (
                "fidelity",
                .array(
                    certificate.prices.map { entry in
                        switch entry.prices {
                        case .perElement(let mu):
                            return .object([
                                ("name", .string(entry.name)),
                                ("prices", .array(mu.map { $0.map { .finite($0) } ?? .null })),
                            ])
                        case .classAverage(let nu):
                            return .object([
                                ("name", .string(entry.name)),
                                ("price", nu.map { .finite($0) } ?? .null),
                            ])
                        }
                    })
            ),
            ("output_probabilities", .numbers(certificate.outputProbabilities)),
            ("distortion", .finite(certificate.distortion)),
            ("lower_bound_nats", .finite(certificate.lowerBoundNats)),
        ]
        // Written only for a bound over the real line: codebook certificates keep their bytes.
        if certificate.reconstructions != .codebook {
            members.append(("reconstructions", .string(certificate.reconstructions.rawValue)))
        }
        return .object(members)
    }

    /// Reads a certificate file (`-`: standard input; a pipe or FIFO works too).
    /// - Throws: ``DocumentError`` naming the file and key at fault.
    public static func load(path: String) throws(DocumentError) -> CertificateDocument {
        try parse(try JSONFile.read(path: path), file: path)
    }

    /// Parses certificate JSON.
    public static func parse(_ data: Data, file: String) throws(DocumentError)
        -> CertificateDocument
    {
        let reader = try JSONReader.parse(data, file: file)
        let root = try reader.object(allowed: [
            "format", "version", "problem_sha256", "slope", "fidelity",
            "output_probabilities", "distortion", "lower_bound_nats", "reconstructions",
        ])
        func required(_ key: String) throws(DocumentError) -> JSONReader {
            guard let value = root[key] else {
                throw .field(file: file, key: key, reason: "missing")
            }
            return value
        }
        guard try required("format").string() == "rdopt-certificate" else {
            throw .field(file: file, key: "format", reason: "must be \"rdopt-certificate\"")
        }
        guard try required("version").integer() == 1 else {
            throw .field(file: file, key: "version", reason: "only version 1 is known")
        }
        let hash = try required("problem_sha256").string()
        let slopeReader = try required("slope")
        let slope: Double? = slopeReader.isNull ? nil : try slopeReader.number()
        var prices: [(name: String, prices: Certificate.Prices)] = []
        for item in try required("fidelity").array() {
            let members = try item.object(allowed: ["name", "prices", "price"])
            guard let name = try members["name"]?.string() else {
                throw item.fail("missing \"name\"")
            }
            if let list = members["prices"] {
                var mu: [Double?] = []
                for value in try list.array() { mu.append(value.isNull ? nil : try value.number()) }
                prices.append((name, .perElement(mu)))
            } else if let price = members["price"] {
                prices.append((name, .classAverage(price.isNull ? nil : try price.number())))
            } else {
                throw item.fail("needs \"prices\" (per-element) or \"price\" (class-average)")
            }
        }
        var certificate = Certificate(
            slope: slope, prices: prices,
            outputProbabilities: try required("output_probabilities").numbers(),
            distortion: try required("distortion").number(),
            lowerBoundNats: try required("lower_bound_nats").number())
        // Absent in files written before bounds over the real line existed: the codebook.
        if let reader = root["reconstructions"] {
            let name = try reader.string()
            guard let kind = Certificate.Reconstructions(rawValue: name) else {
                throw .field(
                    file: file, key: "reconstructions",
                    reason: "must be \"codebook\" or \"real-line\", not \"\(name)\"")
            }
            certificate.reconstructions = kind
        }
        return CertificateDocument(certificate: certificate, problemSHA256: hash)
    }
}
