import RDInterchange
import RateDistortion

/// A certificate re-checked against its problem (`rdopt verify`): the bound recomputed in one
/// pass, without iterating, and whether it confirms the claim.
public struct CertificateVerification: Sendable {
    /// The bound the certificate claims, in nats.
    public var claimedLowerBoundNats: Double
    /// The bound recomputed from the certificate's multipliers and output law, in nats.
    public var recomputedLowerBoundNats: Double
    /// The distortion the certificate was made for.
    public var distortion: Double
    /// Whether the recomputed bound confirms the claimed one.
    public var isConfirmed: Bool

    /// Recomputes the bound of `certificate` for `problem`.
    ///
    /// - Parameters:
    ///   - certificate: The certificate document.
    ///   - certificateFile: The certificate's name, for messages.
    ///   - problem: The problem document.
    ///   - problemFile: The problem's name, for messages.
    /// - Throws: ``LibraryFailure`` (bad input) when the certificate was made for another
    ///   problem (its SHA-256 differs) or the problem is invalid.
    public init(
        certificate: CertificateDocument, certificateFile: String, problem: ProblemDocument,
        problemFile: String
    ) throws(LibraryFailure) {
        guard certificate.problemSHA256.lowercased() == problem.sha256 else {
            throw .badInput(
                "\(certificateFile): made for another problem (problem_sha256 \(certificate.problemSHA256) ≠ \(problem.sha256) of \(problemFile))"
            )
        }
        let recomputed: Double
        do {
            recomputed = try certificate.certificate.recomputedLowerBound(for: problem.problem)
        } catch {
            throw LibraryFailure(error, file: problemFile)
        }
        claimedLowerBoundNats = certificate.certificate.lowerBoundNats
        recomputedLowerBoundNats = recomputed
        distortion = certificate.certificate.distortion
        isConfirmed = certificate.certificate.isConfirmed(by: recomputed)
    }

    /// The verdict as JSON (`rdopt verify --json`).
    public var json: JSONValue {
        .object([
            ("confirmed", .bool(isConfirmed)),
            ("claimed_lower_bound_nats", .finite(claimedLowerBoundNats)),
            ("recomputed_lower_bound_nats", .finite(recomputedLowerBoundNats)),
            ("recomputed_lower_bound_bits", .finite(recomputedLowerBoundNats / Double.ln2)),
            ("distortion", .finite(distortion)),
        ])
    }
}
