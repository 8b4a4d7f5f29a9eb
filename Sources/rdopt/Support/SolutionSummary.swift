import RateDistortion

/// The human summary of a solution: a table a person can read.
struct SolutionSummary {
    let solution: Solution
    let problem: Problem
    let gapTolerance: Double

    var text: String {
        let s = solution
        var rows: [(String, String)] = [
            (
                "status",
                s.status == .optimal
                    ? "optimal (certified gap ≤ \(Format.scientific(gapTolerance, 0)) nats)"
                    : "gap-not-reached after \(s.iterations) passes (the lower bound is still valid)"
            ),
            (
                "rate",
                "\(Format.fixed(s.rateBits, 10)) bits   (\(Format.fixed(s.rateNats, 10)) nats)"
            ),
            (
                "lower bound",
                "\(Format.fixed(s.lowerBoundBits, 10)) bits   (\(Format.fixed(s.lowerBoundNats, 10)) nats)"
            ),
            ("gap", "\(Format.scientific(s.gapNats)) nats"),
            ("distortion", distortionText),
            (
                "slope s = −R′(D)",
                s.slope.isFinite
                    ? "\(Format.general(s.slope, 8)) nats per unit of distortion"
                    : "∞ (hard-assignment limit)"
            ),
            (
                "codewords used",
                "\(s.outputProbabilities.filter { $0 > 1e-12 }.count) of \(s.outputProbabilities.count) (q_j > 1e-12)"
            ),
        ]
        for report in s.fidelity {
            rows.append(("fidelity '\(report.name)'", fidelityText(report)))
        }
        rows.append(("work", "\(s.iterations) passes, \(Format.fixed(s.seconds, 3)) s"))
        return Format.table(rows, indent: 0)
    }

    private var distortionText: String {
        switch problem.constraint {
        case .targetDistortion(let target):
            "\(Format.general(solution.distortion, 10)) (target \(Format.general(target, 10)))"
        case .slope(let slope):
            "\(Format.general(solution.distortion, 10)) (slope mode, s = \(Format.general(slope)))"
        }
    }

    private func fidelityText(_ report: FidelityClassReport) -> String {
        guard let fidelityClass = problem.fidelity.first(where: { $0.name == report.name }) else {
            return ""
        }
        let header =
            "\(report.semantics.rawValue), \(report.members.count) members, tolerance \(Format.general(fidelityClass.tolerance))"
        switch report.semantics {
        case .perElement:
            let binding = zip(report.members, report.prices).filter { $0.1 > 0 }
            let shown = binding.sorted { $0.1 > $1.1 }.prefix(5)
                .map { "x[\($0.0)] μ=\($0.1.isFinite ? Format.general($0.1, 4) : "∞")" }.joined(
                    separator: ", ")
            let total = binding.reduce(0.0) { $0 + $1.1 }
            return "\(header); max row distortion \(Format.general(report.maxRowDistortion, 8)); "
                + "\(binding.count) binding (Σμ = \(Format.general(total, 6)) nats per unit)"
                + (shown.isEmpty ? "" : ": \(shown)\(binding.count > 5 ? ", …" : "")")
        case .classAverage:
            let price = report.prices.first ?? 0
            let perTolerance = report.tolerancePrice
            return
                "\(header); class average \(Format.general(report.averageDistortion, 8)); price ν = \(price.isFinite ? Format.general(price, 6) : "∞")"
                + " (per unit of the tolerance: \(perTolerance.isFinite ? Format.general(perTolerance, 6) : "∞") nats)"
        }
    }
}
