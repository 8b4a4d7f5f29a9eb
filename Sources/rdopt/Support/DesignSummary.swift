import Quantization

/// The human summary of `rdopt design`: the figures, which design was deployed, the
/// relaxation, the important samples, the bound ladder, the steps and the annealing stages.
enum DesignSummary {
    /// The whole summary, as `rdopt design` prints it.
    static func text(
        _ report: DesignReport, target: Double, tolerance: Double?, output: String?,
        isWeighted: Bool = false
    ) -> String {
        var rows =
            figureRows(report, target: target, isWeighted: isWeighted) + deploymentRows(report)
            + relaxationRows(report)
        if let row = importantRow(report, tolerance: tolerance) { rows.append(row) }
        if let output { rows.append(("written", output)) }
        return "rdopt design\n" + Format.table(rows) + "\n\n" + ladderText(BoundLadder(report))
            + "\n\nsteps\n"
            + Format.table(report.timings.map { ($0.step, "\(Format.fixed($0.seconds, 3)) s") })
            + stagesText(report.stages)
    }

    /// Samples, codewords, H(Y), distortion, slope and (for annealing) the rounding cost.
    static func figureRows(_ report: DesignReport, target: Double, isWeighted: Bool) -> [(
        String, String
    )] {
        let t = report.training
        var rows: [(String, String)] = [
            (
                isWeighted ? "points" : "samples",
                "\(t.samples)\(isWeighted ? " weighted by their probabilities" : "") (dimension \(report.quantizer.dimension); atoms: \(report.sourceSummary))"
            ),
            (
                "codewords",
                "\(report.quantizer.count) (initial \(report.initialCodebookIsGiven ? "codebook (given)" : "grid") \(report.initialCodewords)"
                    + (report.importantGridCodewords > 0
                        ? ", \(report.importantGridCodewords) of them at important samples the grid could not serve"
                        : "")
                    + (report.averageGridCodewords > 0
                        ? ", \(report.averageGridCodewords) of them at samples it served worst, so that it can reach D on average"
                        : "") + ")"
            ),
            ("entropy H(Y)", "\(Format.fixed(t.entropyBits, 4)) bits per sample"),
            (
                "distortion",
                "\(Format.general(t.distortion, 6)) (target \(Format.general(target, 6)))"
            ),
            ("slope", Format.general(report.quantizer.slope, 6) + " nats per unit of distortion"),
        ]
        if report.roundingCostBits.isFinite, report.deployed == .annealing {
            rows.append(
                (
                    "rounding cost",
                    "\(Format.fixed(report.roundingCostBits, 4)) bits (H(Y) − F at τ_min)"
                ))
        }
        return rows
    }

    /// The τ = 1 relaxation: its rate and bound, the class's predicted cost and price, or why
    /// it was not computed.
    static func relaxationRows(_ report: DesignReport) -> [(String, String)] {
        var rows: [(String, String)] = []
        if let r = report.relaxation {
            var text =
                "rate \(Format.fixed(r.rateBits, 4)) bits, certified bound \(Format.fixed(r.lowerBoundBits, 4)) bits"
            if !r.isOptimal {
                text +=
                    " (gap not closed within the time budget: the bound holds but is looser; "
                    + "--relaxation-seconds raises the budget)"
            }
            rows.append(("relaxation τ = 1", text))
            if let free = r.rateWithoutClassBits {
                var text = "\(Format.fixed(r.rateBits - free, 4)) bits predicted by the relaxation"
                if let price = r.priceEstimateBits {
                    text += " (price bound \(Format.fixed(price, 4)))"
                }
                rows.append(("class cost", text))
            } else if let reason = r.classCostUnavailable {
                rows.append(("class cost", reason))
            }
            if let price = r.tolerancePriceBits {
                rows.append(
                    (
                        "fidelity price",
                        (price.isFinite ? Format.general(price, 4) : "∞")
                            + " bits per unit by which the tolerance is relaxed (relaxation's dual price)"
                    ))
            }
        }
        if report.relaxation == nil, let reason = report.relaxationUnavailable {
            var text = "not computed: \(reason)"
            if reason.contains("infeasible"), reason.contains("target_distortion") {
                text +=
                    " (the initial grid is too coarse to reach the target on average; a larger grid, "
                    + "--codewords M, does; the design itself is unaffected)"
            } else if reason.contains("infeasible") {
                text +=
                    " (no codeword of the initial grid is within the tolerance of that element; a grid with "
                    + "spacing below 2√D′, --codewords M, serves every element; the design itself is unaffected)"
            }
            rows.append(("relaxation τ = 1", text))
        }
        return rows
    }

    /// The important samples' figures against their bound.
    static func importantRow(_ report: DesignReport, tolerance: Double?) -> (String, String)? {
        let t = report.training
        if let average = report.classAverage {
            return (
                "important",
                "\(t.importantCount) samples, class average \(Format.general(t.importantMeanDistortion, 6)) "
                    + "(bound \(Format.general(average.tolerance, 6))), each held to T = "
                    + "\(Format.general(average.ruleTolerance, 6)) (loosest of \(average.designsTried) designs), "
                    + "max \(Format.general(t.importantMaxDistortion, 6))"
            )
        }
        guard let tolerance else { return nil }
        return (
            "important",
            "\(t.importantCount) samples, tolerance \(Format.general(tolerance, 6)), "
                + "max \(Format.general(t.importantMaxDistortion, 6)), \(t.importantViolations) violations"
                + (report.repairedCodewords > 0
                    ? ", \(report.repairedCodewords) codewords added" : "")
        )
    }

    /// The annealing stages, one line each (nothing when annealing did not run). A stage that
    /// did not settle has its iteration count starred, and a note says how fast F_τ was still
    /// falling there.
    static func stagesText(_ stages: [DesignReport.Stage]) -> String {
        guard !stages.isEmpty else { return "" }
        var text = "\n\nstages (τ, I, H(Y), H(Y|X) in bits, D, codewords, iterations, seconds)\n"
        for s in stages {
            text += String(
                format: "  %9.3g  %7.4f  %7.4f  %7.4f  %10.6g  %5d  %3d", s.temperature,
                s.mutualInformationBits, s.outputEntropyBits, s.conditionalEntropyBits,
                s.distortion, s.liveCodewords, s.iterations)
            text += (s.settled ? " " : "*") + String(format: "  %6.3f\n", s.seconds)
        }
        let unsettled = stages.filter { !$0.settled }
        if let fastest = unsettled.map(\.finalRelativeFall).max() {
            text +=
                "  * \(unsettled.count) of \(stages.count) stages ended before settling, with F_τ "
                + "still falling by up to \(Format.general(fastest, 2)) (relative) per iteration "
                + "(docs/quantiser-design.md, \"Stages that do not settle\")\n"
        }
        return text
    }

    /// Which stage won, by how much, and what the interval programme did.
    static func deploymentRows(_ report: DesignReport) -> [(String, String)] {
        var rows: [(String, String)] = []
        if let interval = report.interval {
            let search =
                interval.isExact
                ? "exact over all \(interval.distinctValues) distinct values"
                : "\(interval.candidateCount) candidate cuts over \(interval.distinctValues) distinct values, cuts polished on the values"
            rows.append(
                (
                    "interval programme",
                    "H(Y) \(Format.fixed(interval.entropyBits, 4)) bits, D \(Format.general(interval.distortion, 6)), "
                        + "\(interval.count) cells (\(search); \(interval.programmeSolutions) solutions)"
                ))
        } else if let reason = report.intervalUnavailable {
            rows.append(("interval programme", "does not apply: \(reason)"))
        }
        if let annealed = report.annealed {
            rows.append(
                (
                    "annealing",
                    "H(Y) \(Format.fixed(annealed.entropyBits, 4)) bits, D \(Format.general(annealed.distortion, 6))"
                ))
        } else if let reason = report.annealingUnavailable {
            rows.append(("annealing", reason))
        }
        var deployed = report.deployed.rawValue
        if let interval = report.interval?.entropyBits, let annealed = report.annealed?.entropyBits
        {
            let margin = abs(annealed - interval)
            let loser = report.deployed == .annealing ? "the interval programme" : "annealing"
            deployed += " (\(Format.fixed(margin, 4)) bits below \(loser))"
        }
        rows.append(("deployed", deployed))
        return rows
    }

    /// The bound ladder with the gap between rungs.
    static func ladderText(_ ladder: BoundLadder) -> String {
        var rows: [(String, String)] = []
        for (i, rung) in ladder.rungs.enumerated() {
            var value =
                Format.fixed(rung.bits, 4)
                + (rung.isCertifiedBound ? "  certified lower bound" : "")
            if let gap = ladder.gap(at: i) {
                value += "  (gap \(gap >= 0 ? "+" : "")\(Format.fixed(gap, 4)))"
            }
            rows.append((rung.name, value))
        }
        let notes = ladder.notes.map { "\n  note: \($0)" }.joined()
        return "bound ladder (bits per sample; \(BoundLadder.scope))\n" + Format.table(rows) + notes
    }
}
