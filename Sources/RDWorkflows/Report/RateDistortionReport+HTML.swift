import Foundation
import RDInterchange
import RDPlot
import SampleCompression

extension RateDistortionReport {
    /// The summary rows: rate, bound, gap, D, violations, each baseline, and the file written.
    public var summaryRows: [ReportRow] {
        var rows: [ReportRow] = []
        if let target = targetDistortion {
            rows.append(ReportRow("target distortion D", Self.number(target)))
        }
        if let tolerance = importantTolerance {
            rows.append(ReportRow("tolerance D′ of each important sample", Self.number(tolerance)))
        }
        if let dataBoundBits {
            rows.append(
                ReportRow(
                    "certified lower bound on R(D) of the samples, any reconstruction",
                    Self.bits(dataBoundBits)))
        }
        if let relaxation {
            rows.append(
                ReportRow("optimal rate R(D) (convex relaxation)", Self.bits(relaxation.rateBits)))
            rows.append(ReportRow("certified lower bound", Self.bits(relaxation.lowerBoundBits)))
            rows.append(
                ReportRow(
                    "duality gap", NumberText.format(relaxation.gapBits, significant: 2) + " bit"))
        }
        if let intervalBoundBits {
            rows.append(
                ReportRow(
                    "certified bound on every interval quantiser", Self.bits(intervalBoundBits)))
        }
        if let designed {
            rows.append(
                ReportRow(
                    "designed quantiser H(Y), D",
                    Self.bits(designed.entropyBits) + ", D = " + Self.number(designed.distortion)
                        + " (\(designed.codewords) codewords)"))
            if let violations = designed.violations {
                rows.append(ReportRow("important samples outside tolerance", "\(violations)"))
            }
        }
        if let compression {
            rows.append(
                ReportRow(
                    "bits written (compressed file)",
                    Self.bits(compression.bitsPerSample)
                        + ", \(compression.bytes) bytes for \(compression.samples) samples"
                        + (compression.isRoundTripExact
                            ? ", round trip exact" : ", ROUND TRIP MISMATCH")))
        }
        for baseline in baselines {
            rows.append(
                ReportRow(
                    "baseline: \(baseline.name)",
                    Self.bits(baseline.entropyBits) + ", D = " + Self.number(baseline.distortion)
                        + excess(baseline.entropyBits)))
        }
        return rows
    }

    /// The report as an `HTMLReport`.
    ///
    /// - Complexity: O(size of the figures).
    public func htmlReport(figures named: [NamedFigure]? = nil) -> HTMLReport {
        let figures = named ?? figures()
        func figure(_ name: String) -> [ReportFigure] {
            figures.filter { $0.name == name }.map { ReportFigure($0.figure, caption: $0.caption) }
        }
        var sections: [ReportSection] = []
        if !dataDescription.isEmpty {
            sections.append(ReportSection("The data", paragraphs: dataDescription))
        }
        if !curve.isEmpty { sections.append(curveSection(figures: figure("rd-curve"))) }
        if designed != nil || !stages.isEmpty || map != nil {
            sections.append(designSection(figures: figure("annealing") + figure("quantizer-map")))
        }
        if !prices.isEmpty {
            sections.append(
                ReportSection(
                    "Fidelity prices",
                    paragraphs: [
                        "A price μ_i is the rate saved per unit by which element i's tolerance could be loosened; "
                            + "zero means its bound does not bind."
                    ], figures: figure("fidelity-prices")))
        }
        if !baselines.isEmpty {
            sections.append(
                ReportSection("Baselines on the same data", tables: [baselineTable()]))
        }
        if !figure("bit-accounting").isEmpty {
            sections.append(ReportSection("Where the bits go", figures: figure("bit-accounting")))
        }
        return HTMLReport(
            title: title, subtitle: subtitle, summary: summaryRows, sections: sections,
            settings: settings,
            command: command, footer: footer)
    }

    /// The curve's section: what the program is, the figures at the target, the table.
    private func curveSection(figures: [ReportFigure]) -> ReportSection {
        var paragraphs = [
            "The convex program min I(X;Y) subject to the average and per-element distortion bounds is solved "
                + "globally on the data's empirical distribution. Every point carries a certified lower bound "
                + "(a dual feasible point anyone can re-check), so the true R(D) lies between the two lines."
        ]
        if let relaxation {
            paragraphs.append(
                "At the target: rate \(Self.bits(relaxation.rateBits)), lower bound "
                    + "\(Self.bits(relaxation.lowerBoundBits)), slope s = \(NumberText.format(relaxation.slope, significant: 4)) "
                    + "nats per unit of distortion.")
        }
        return ReportSection(
            "Rate–distortion curve", paragraphs: paragraphs, tables: [curveTable()],
            figures: figures)
    }

    /// The designed quantiser's section: how it was designed and what rounding cost.
    private func designSection(figures: [ReportFigure]) -> ReportSection {
        var paragraphs: [String] = []
        if let designNote { paragraphs.append(designNote) }
        if let designed, let relaxation {
            paragraphs.append(
                "Rounding cost: the hard rule spends \(NumberText.signed(designed.entropyBits - relaxation.rateBits, significant: 3)) "
                    + "bit per sample over the stochastic optimum I(X;Y).")
        }
        return ReportSection("Designed quantiser", paragraphs: paragraphs, figures: figures)
    }

    /// The designed rule beside the baselines, at the target distortion.
    private func baselineTable() -> ReportTable {
        let rows = (designed.map { [$0] } ?? []) + baselines
        return ReportTable(
            caption:
                "At the target distortion (H(Y) measured by applying each rule to every sample)",
            columns: [
                "method", "H(Y) bits", "D", "codewords", "over R(D)", "important outside D′",
            ],
            rows: rows.map { q in
                [
                    q.name, NumberText.format(q.entropyBits, significant: 5),
                    Self.number(q.distortion),
                    "\(q.codewords)",
                    relaxation.map {
                        NumberText.signed(q.entropyBits - $0.rateBits, significant: 3)
                    } ?? "",
                    q.violations.map { "\($0)" } ?? "not enforced",
                ]
            })
    }

    private func curveTable() -> ReportTable {
        let step = max(1, curve.count / 12)
        let shown = curve.enumerated().filter {
            $0.offset % step == 0 || $0.offset == curve.count - 1
        }.map(\.element)
        return ReportTable(
            caption: "R(D) with certified bounds (bits per sample)",
            columns: ["D", "rate", "lower bound", "gap", "slope s (nats/unit)"],
            rows: shown.map { p in
                [
                    Self.number(p.distortion), NumberText.format(p.rateBits, significant: 5),
                    NumberText.format(p.lowerBoundBits, significant: 5),
                    NumberText.format(max(0, p.rateBits - p.lowerBoundBits), significant: 2),
                    NumberText.format(p.slope, significant: 4),
                ]
            })
    }

    private func excess(_ bits: Double) -> String {
        guard let relaxation else { return "" }
        return " (" + NumberText.signed(bits - relaxation.rateBits, significant: 3)
            + " bit over R(D))"
    }

    static func bits(_ value: Double) -> String {
        NumberText.format(value, significant: 5) + " bits/sample"
    }
    static func number(_ value: Double) -> String { NumberText.format(value, significant: 4) }
}
