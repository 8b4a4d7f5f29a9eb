import RDInterchange
import RDPlot
import RDWorkflows
import RateDistortion
import SampleCompression

/// The renderings of an R(D) curve: CSV, JSON, a text table and an SVG plot.
enum CurveTable {
    /// One row per point; a `price:<class>` column per fidelity class follows the slope, then
    /// `status` (`optimal`, `gap-not-reached` or `infeasible`) and
    /// `smallest_feasible_distortion` (empty for a feasible point; an infeasible point's
    /// figures are empty).
    static func csv(_ curve: [CurvePoint]) -> String {
        let classes = curve.first?.classPrices.map(\.name) ?? []
        var text =
            (["distortion", "rate_bits", "lower_bound_bits", "gap_bits", "slope"]
            + classes.map { csvField("price:" + $0) }
            + ["status", "smallest_feasible_distortion"]).joined(separator: ",") + "\n"
        for point in curve {
            var fields = ["\(point.distortion)"]
            if let minimum = point.smallestFeasibleDistortion {
                fields += Array(repeating: "", count: 4 + classes.count)
                fields += [status(of: point), "\(minimum)"]
            } else {
                fields += [
                    "\(point.rateNats / Double.ln2)", "\(point.lowerBoundNats / Double.ln2)",
                    "\(point.gapNats / Double.ln2)", Format.csv(point.slope),
                ]
                fields += point.classPrices.map { Format.csv($0.nats) } + [status(of: point), ""]
            }
            text += fields.joined(separator: ",") + "\n"
        }
        return text
    }

    /// A point's status word: `infeasible`, or the solver's status.
    static func status(of point: CurvePoint) -> String { CurveDocument.status(of: point) }

    /// A header field, quoted (RFC 4180) when a class name holds a comma, quote or line break.
    private static func csvField(_ text: String) -> String {
        guard text.contains(where: { ",\"\n\r".contains($0) }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The curve as JSON (``CurveDocument``).
    static func json(_ curve: [CurvePoint]) -> JSONValue { CurveDocument.json(curve) }

    /// The table; each fidelity class adds a column of its tolerance price.
    static func text(_ curve: [CurvePoint]) -> String {
        let classes = curve.first?.classPrices.map(\.name) ?? []
        let widths = classes.map { max(12, $0.count + 8) }
        var lines = [
            "  distortion      rate (bits)   lower bound (bits)   gap (bits)   slope −R′(D)"
                + zip(classes, widths).map { "  " + Format.rightAligned("price \($0)", $1) }
                .joined()
        ]
        for point in curve {
            if let minimum = point.smallestFeasibleDistortion {
                lines.append(
                    "  " + Format.rightAligned(Format.general(point.distortion, 8), 14)
                        + "  infeasible: below the smallest feasible distortion "
                        + Format.general(minimum, 8))
                continue
            }
            lines.append(
                "  " + Format.rightAligned(Format.general(point.distortion, 8), 14) + "  "
                    + Format.rightAligned(Format.fixed(point.rateNats / Double.ln2, 9), 12)
                    + "  "
                    + Format.rightAligned(Format.fixed(point.lowerBoundNats / Double.ln2, 9), 19)
                    + "  "
                    + Format.rightAligned(Format.scientific(point.gapNats / Double.ln2, 1), 11)
                    + "  "
                    + (classes.isEmpty
                        ? Format.general(point.slope, 6)
                        : Format.rightAligned(Format.general(point.slope, 6), 12))
                    + zip(point.classPrices, widths).map {
                        "  "
                            + Format.rightAligned(
                                $0.nats.isFinite ? Format.general($0.nats, 6) : "∞", $1)
                    }.joined()
                    + (point.status == .optimal ? "" : "  (gap not reached)"))
        }
        if !classes.isEmpty {
            lines.append(
                "  (a class's price is the rate saved per unit by which its tolerance is relaxed, "
                    + "nats per unit of distortion, like the slope)")
        }
        return lines.joined(separator: "\n")
    }

    /// The R–D plot as a standalone SVG: the rate found, its certified lower
    /// bound and tangents of slope −s. Points without a finite rate, bound or slope (the
    /// hard-assignment end, where λ = ∞) are left out of the plot, not of the CSV.
    static func svg(
        _ curve: [CurvePoint], measure: DistortionMeasure, title: String = "Rate–distortion curve"
    ) -> String {
        let data = RateDistortionPlotData(
            curve: curve.compactMap(RateDistortionCurvePoint.init),
            distortionMeaning: meaning(of: measure))
        return Figure.rateDistortion(data, title: title).svg()
    }

    /// The distortion measure in words, for axis titles.
    static func meaning(of measure: DistortionMeasure) -> String {
        switch measure {
        case .squaredError: "mean squared error per dimension"
        case .absoluteError: "mean absolute error per dimension"
        case .hamming: "Hamming: fraction of samples not reproduced exactly"
        case .matrix: "expected distortion of the given matrix"
        }
    }
}
