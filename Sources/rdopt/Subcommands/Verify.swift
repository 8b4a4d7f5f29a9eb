import ArgumentParser
import Foundation
import RDInterchange
import RDPlot
import RDWorkflows
import RateDistortion
import SampleCompression

/// `rdopt verify PROBLEM CERT`: recompute a certificate's lower bound in one pass.
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-check a certificate: recompute its lower bound without iterating.",
        discussion:
            "Exit 0 if the recomputed bound confirms the claim, 1 if it refutes it, 2 on bad input."
    )

    @Argument(help: "The problem file the certificate was made for.")
    var problem: String

    @Argument(help: "The certificate file (from rdopt solve --certificate).")
    var certificate: String

    @OptionGroup var console: ConsoleOptions

    func run() throws {
        let document = try reportingErrors { try ProblemDocument.load(path: problem) }
        let file = try reportingErrors { try CertificateDocument.load(path: certificate) }
        guard file.problemSHA256.lowercased() == document.sha256 else {
            throw CommandFailure.badInput(
                "\(certificate): made for another problem (problem_sha256 \(file.problemSHA256) ≠ \(document.sha256) of \(problem))"
            )
        }
        // Two kernel passes over the n × m distortions: seconds on large problems.
        let progress = ProgressLine(quiet: console.quiet)
        progress.update(
            "rdopt verify: recomputing the bound (two passes over \(document.problem.sourceCount) × "
                + "\(document.problem.codewordCount))")
        let recomputed = try reportingErrors(file: problem) {
            try file.certificate.recomputedLowerBound(for: document.problem)
        }
        progress.finish()
        let confirmed = file.certificate.isConfirmed(by: recomputed)
        if console.json {
            try Terminal.print(
                JSONValue.object([
                    ("confirmed", .bool(confirmed)),
                    ("claimed_lower_bound_nats", .finite(file.certificate.lowerBoundNats)),
                    ("recomputed_lower_bound_nats", .finite(recomputed)),
                    ("recomputed_lower_bound_bits", .finite(recomputed / Double.ln2)),
                    ("distortion", .finite(file.certificate.distortion)),
                ]).serialized())
        } else {
            try Terminal.print(
                Format.table(
                    [
                        ("verdict", confirmed ? "confirmed" : "REFUTED"),
                        (
                            "claimed bound",
                            "\(Format.fixed(file.certificate.lowerBoundNats, 12)) nats"
                        ),
                        (
                            "recomputed bound",
                            "\(Format.fixed(recomputed, 12)) nats   (\(Format.fixed(recomputed / Double.ln2, 12)) bits)"
                        ),
                        ("for distortion", Format.general(file.certificate.distortion, 10)),
                    ], indent: 0))
        }
        if !confirmed { throw ExitCode(1) }
    }
}
