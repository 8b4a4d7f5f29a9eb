import Foundation
import RDInterchange
import RDWorkflows
import RateDistortion

/// `rdopt_solve`: solves a problem document (JSON text) to a certified gap.
///
/// Result: `{"solution": …, "certificate": …}` — the solution document of `rdopt solve`
/// (with the encoder when `with_encoder` is non-zero) and the certificate file's document.
/// A NaN `gap_tolerance` takes the document's, else 1e-9.
@_cdecl("rdopt_solve")
public func rdoptSolve(
    _ problem: UnsafePointer<UInt8>?, _ problemLength: Int, _ name: UnsafePointer<CChar>?,
    _ gapTolerance: Double, _ maxIterations: Int, _ withEncoder: Int32,
    _ output: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?,
    _ outputLength: UnsafeMutablePointer<Int>?
) -> Int32 {
    EntryResult.runJSON(output, outputLength) {
        let (document, file) = try EntryInput.problem(problem, problemLength, name: name)
        let criteria = try SolveSettings.criteria(
            gapTolerance: gapTolerance, maxIterations: maxIterations, document: document)
        let solution: Solution
        do { solution = try Solver(criteria: criteria).solve(document.problem) } catch {
            throw LibraryFailure(error, file: file)
        }
        let matrix = withEncoder != 0 ? solution.encoder(for: document.problem) : nil
        let certificate = CertificateDocument(
            certificate: solution.certificate, problemSHA256: document.sha256)
        return JSONText(
            text: JSONValue.object([
                (
                    "solution",
                    SolutionDocument.json(
                        solution, encoder: matrix, columns: document.problem.codewordCount)
                ),
                ("certificate", certificate.json),
            ]).serialized(pretty: false))
    }
}

/// `rdopt_verify`: re-checks a certificate (JSON text) against its problem (JSON text).
///
/// Result: the verdict of `rdopt verify --json`; a refuted certificate is a result
/// (`"confirmed": false`), not an error.
@_cdecl("rdopt_verify")
public func rdoptVerify(
    _ problem: UnsafePointer<UInt8>?, _ problemLength: Int, _ problemName: UnsafePointer<CChar>?,
    _ certificate: UnsafePointer<UInt8>?, _ certificateLength: Int,
    _ certificateName: UnsafePointer<CChar>?,
    _ output: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?,
    _ outputLength: UnsafeMutablePointer<Int>?
) -> Int32 {
    EntryResult.runJSON(output, outputLength) {
        let (document, problemFile) = try EntryInput.problem(
            problem, problemLength, name: problemName)
        let certificateFile = EntryInput.text(certificateName) ?? "certificate"
        let file = try CertificateDocument.parse(
            EntryInput.data(certificate, certificateLength, name: certificateFile),
            file: certificateFile)
        let verdict = try CertificateVerification(
            certificate: file, certificateFile: certificateFile, problem: document,
            problemFile: problemFile)
        return JSONText(text: verdict.json.serialized(pretty: false))
    }
}

/// The solver settings of the C entry points, checked as `rdopt solve` checks its options.
enum SolveSettings {
    /// The most Blahut–Arimoto passes accepted (as `rdopt solve --max-iterations`).
    static let maximumIterations = 1_000_000_000

    /// The criteria: a NaN gap tolerance takes the document's, else 1e-9.
    static func criteria(gapTolerance: Double, maxIterations: Int, document: ProblemDocument)
        throws(LibraryFailure) -> SolverCriteria
    {
        let gap = try self.gapTolerance(gapTolerance, document: document)
        guard (1...maximumIterations).contains(maxIterations) else {
            throw .badInput(
                "max_iterations must be between 1 and \(maximumIterations) (got \(maxIterations))")
        }
        return SolverCriteria(gapTolerance: gap, maxIterations: maxIterations)
    }

    /// The gap tolerance: NaN for the document's (else 1e-9), otherwise positive and finite.
    static func gapTolerance(_ given: Double, document: ProblemDocument) throws(LibraryFailure)
        -> Double
    {
        if given.isNaN { return document.gapTolerance ?? 1e-9 }
        guard given > 0, given.isFinite else {
            throw .badInput("gap_tolerance must be a positive number")
        }
        return given
    }
}
