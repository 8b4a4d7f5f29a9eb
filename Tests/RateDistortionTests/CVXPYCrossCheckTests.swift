import Foundation
import RateDistortion
import Testing
import _TestSupport

/// Where the independent CVXPY + Clarabel solver (`Scripts/crosscheck/cvxpy_solve.py`) can be run.
///
/// The Python comes from the environment variable `RDOPT_PYTHON`, which `Scripts/python-env.sh`
/// (sourced by `.ci/run`) exports when its virtual environment imports cvxpy and clarabel. Without
/// it the cross-check is skipped, visibly: a line "CVXPY cross-check SKIPPED: …" on stdout and the
/// test reported as skipped with the same reason.
enum CVXPY {
    /// The repository root, three levels above this file (`Tests/RateDistortionTests/…`).
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static let script = repositoryRoot.appendingPathComponent("Scripts/crosscheck/cvxpy_solve.py")

    /// The Python to use, or why there is none.
    static let python: Result<URL, SkipReason> = {
        guard let path = ProcessInfo.processInfo.environment["RDOPT_PYTHON"], !path.isEmpty else {
            return .failure(
                SkipReason(
                    text: "RDOPT_PYTHON is not set (source Scripts/python-env.sh, as .ci/run does)")
            )
        }
        let python = URL(fileURLWithPath: path)
        do {
            let probe = try ProcessRun.run(python, ["-c", "import cvxpy, clarabel"])
            guard probe.status == 0 else {
                return .failure(
                    SkipReason(
                        text: "\(path) cannot import cvxpy and clarabel: "
                            + (probe.standardError.split(separator: "\n").last.map(String.init)
                                ?? "exit \(probe.status)")))
            }
        } catch {
            return .failure(SkipReason(text: "cannot run \(path): \(error)"))
        }
        return .success(python)
    }()

    struct SkipReason: Error { var text: String }

    static var isAvailable: Bool { (try? python.get()) != nil }

    static var skipComment: Comment {
        switch python {
        case .success(let url): Comment(rawValue: "using \(url.path)")
        case .failure(let reason): Comment(rawValue: "CVXPY cross-check SKIPPED: \(reason.text)")
        }
    }

    /// Runs the script on a problem file and returns its JSON output.
    /// - Parameter form: the script's `--form`: "joint" (its default) or "conditional".
    static func solve(_ problemFile: URL, form: String = "joint") throws -> [String: Any] {
        let python = try python.get()
        let run = try ProcessRun.run(
            python, [script.path, problemFile.path, "--form", form], in: repositoryRoot)
        guard run.status == 0 else {
            throw SkipReason(text: "cvxpy_solve.py exited \(run.status): \(run.standardError)")
        }
        let object = try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8))
        guard let result = object as? [String: Any] else {
            throw SkipReason(text: "cvxpy_solve.py printed no JSON object")
        }
        return result
    }
}

@Suite("CVXPY cross-check")
struct CVXPYCrossCheckTests {
    /// Always runs, so that `swift test` says in so many words whether the cross-check ran.
    @Test("the CVXPY cross-check says whether it runs")
    func availability() {
        switch CVXPY.python {
        case .success(let url): print("CVXPY cross-check: running with \(url.path)")
        case .failure(let reason): print("CVXPY cross-check SKIPPED: \(reason.text)")
        }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var seed: UInt64
        var points: Int
        var codewords: Int
        var fidelity: FidelityMix
        var testDescription: String {
            "seed \(seed), \(points) points × \(codewords) codewords, fidelity \(fidelity)"
        }
    }

    /// Eight instances of 12 to 128 points, every fidelity mix, both semantics. (Each costs a Python
    /// start with a CVXPY import, about 1 s of CPU, so the list is kept at the issue's minimum of 8.)
    static let cases: [Case] = [
        Case(seed: 1, points: 12, codewords: 6, fidelity: .none),
        Case(seed: 2, points: 20, codewords: 10, fidelity: .perElement),
        Case(seed: 3, points: 32, codewords: 12, fidelity: .classAverage),
        Case(seed: 4, points: 40, codewords: 16, fidelity: .both),
        Case(seed: 6, points: 64, codewords: 24, fidelity: .classAverage),
        Case(seed: 7, points: 96, codewords: 24, fidelity: .both),
        Case(seed: 8, points: 128, codewords: 32, fidelity: .none),
        Case(seed: 9, points: 128, codewords: 24, fidelity: .both),
    ]

    /// Rates agree within 1e-5 nats. Clarabel's own accuracy on these sizes is 1e-9 to 2.3e-6 nats
    /// (issue 3: its solutions slightly violate the constraints, usually low), and it ends
    /// "optimal" or "optimal_inaccurate" unpredictably; both are accepted.
    @Test(
        "the solver agrees with CVXPY + Clarabel within 1e-5 nats",
        .enabled(if: CVXPY.isAvailable, CVXPY.skipComment),
        arguments: cases)
    func agreesWithCVXPY(_ testCase: Case) throws {
        let problem = RandomInstances.sampled(
            seed: testCase.seed, points: testCase.points, codewords: testCase.codewords,
            fidelity: testCase.fidelity)
        let scratch = try ScratchFolder("rdopt-cvxpy")
        let folder = scratch.url
        let file = folder.appendingPathComponent("problem.json")
        try Data(ProblemText.json(problem).utf8).write(to: file)
        let solution = try Solver().solve(problem)
        #expect(solution.status == .optimal)
        let accepted: Set<String> = ["optimal", "optimal_inaccurate"]
        var result = try CVXPY.solve(file)
        if !accepted.contains(result["status"] as? String ?? "") {
            // Clarabel sometimes stops with InsufficientProgress ("solver_error") on the joint form
            // (seeds 4 and 9 here); the same program in the script's conditional form then solves.
            result = try CVXPY.solve(file, form: "conditional")
        }
        let status = result["status"] as? String
        try #require(
            accepted.contains(status ?? ""), "CVXPY status \(status ?? "none") in both forms")
        let rate = try #require((result["rate_nats"] as? NSNumber)?.doubleValue)
        #expect(
            isClose(solution.rateNats, rate, absolute: 1e-5),
            "rdopt \(solution.rateNats), CVXPY \(rate) (\(status ?? ""))")
        // rdopt's bound is a certificate: CVXPY's (slightly infeasible) rate may undercut it by its own error only.
        #expect(solution.lowerBoundNats <= rate + 1e-5)
    }
}
