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
        commandName: "verify",
        abstract: "Re-check a certificate: recompute its lower bound without iterating.",
        discussion: """
            Exit 0 if the recomputed bound confirms the claim, 1 if it refutes it, 2 on bad input.

            Example:
              rdopt solve examples/problem.json --certificate cert.json
              rdopt verify examples/problem.json cert.json
            """)

    @Argument(help: "The problem file the certificate was made for.")
    var problem: String

    @Argument(help: "The certificate file (from rdopt solve --certificate).")
    var certificate: String

    @OptionGroup var console: ConsoleOptions

    func run() throws {
        let document = try reportingErrors { try ProblemDocument.load(path: problem) }
        let file = try reportingErrors { try CertificateDocument.load(path: certificate) }
        // Two kernel passes over the n × m distortions: seconds on large problems.
        let progress = ProgressLine(quiet: console.quiet)
        progress.update(
            "rdopt verify: recomputing the bound (two passes over \(document.problem.sourceCount) × "
                + "\(document.problem.codewordCount))")
        let verdict: CertificateVerification
        do {
            verdict = try CertificateVerification(
                certificate: file, certificateFile: certificate, problem: document,
                problemFile: problem)
        } catch {
            progress.finish()
            throw CommandFailure(error)
        }
        progress.finish()
        let confirmed = verdict.isConfirmed
        let recomputed = verdict.recomputedLowerBoundNats
        if console.json {
            try Terminal.print(verdict.json.serialized())
        } else {
            try Terminal.print(
                Format.table(
                    [
                        ("verdict", confirmed ? "confirmed" : "REFUTED"),
                        (
                            "claimed bound",
                            "\(Format.fixed(verdict.claimedLowerBoundNats, 12)) nats"
                        ),
                        (
                            "recomputed bound",
                            "\(Format.fixed(recomputed, 12)) nats   (\(Format.fixed(recomputed / Double.ln2, 12)) bits)"
                        ),
                        ("for distortion", Format.general(verdict.distortion, 10)),
                    ], indent: 0))
        }
        if !confirmed { throw ExitCode(1) }
    }
}
