import RDInterchange
import RDPlot
import RDWorkflows
import RateDistortion
import SampleCompression

/// The renderings of an R(D) curve: CSV, JSON, a text table and an SVG plot.
enum CurveTable {
    static func csv(_ curve: [CurvePoint]) -> String {
        var text = "distortion,rate_bits,lower_bound_bits,gap_bits,slope\n"
        for point in curve {
            text +=
                "\(point.distortion),\(point.rateNats / Double.ln2),\(point.lowerBoundNats / Double.ln2),"
                + "\(point.gapNats / Double.ln2),\(point.slope.isFinite ? "\(point.slope)" : "inf")\n"
        }
        return text
    }

    static func json(_ curve: [CurvePoint]) -> JSONValue {
        .object([
            (
                "points",
                .array(
                    curve.map { point in
                        .object([
                            ("distortion", .finite(point.distortion)),
                            ("rate_bits", .finite(point.rateNats / Double.ln2)),
                            ("lower_bound_bits", .finite(point.lowerBoundNats / Double.ln2)),
                            ("gap_bits", .finite(point.gapNats / Double.ln2)),
                            ("slope", .finite(point.slope)),
                            ("status", .string(point.status.rawValue)),
                        ])
                    })
            )
        ])
    }

    static func text(_ curve: [CurvePoint]) -> String {
        var lines = [
            "  distortion      rate (bits)   lower bound (bits)   gap (bits)   slope −R′(D)"
        ]
        for point in curve {
            lines.append(
                "  " + pad(Format.general(point.distortion, 8), 14) + "  "
                    + pad(Format.fixed(point.rateNats / Double.ln2, 9), 12)
                    + "  " + pad(Format.fixed(point.lowerBoundNats / Double.ln2, 9), 19) + "  "
                    + pad(Format.scientific(point.gapNats / Double.ln2, 1), 11) + "  "
                    + Format.general(point.slope, 6)
                    + (point.status == .optimal ? "" : "  (gap not reached)"))
        }
        return lines.joined(separator: "\n")
    }

    /// The R–D plot (issue 6, plot a) as a standalone SVG: the rate found, its certified lower
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

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }
}
