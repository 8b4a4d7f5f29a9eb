import RDReport
import RateDistortion

/// The renderings of an R(D) curve: CSV, JSON, a text table and an SVG plot.
enum CurveTable {
    static func csv(_ curve: [CurvePoint]) -> String {
        var text = "distortion,rate_bits,lower_bound_bits,gap_bits,slope\n"
        for point in curve {
            text += "\(point.distortion),\(point.rateNats / Double.ln2),\(point.lowerBoundNats / Double.ln2),"
                + "\(point.gapNats / Double.ln2),\(point.slope.isFinite ? "\(point.slope)" : "inf")\n"
        }
        return text
    }

    static func json(_ curve: [CurvePoint]) -> JSONValue {
        .object([("points", .array(curve.map { point in
            .object([
                ("distortion", .finite(point.distortion)),
                ("rate_bits", .finite(point.rateNats / Double.ln2)),
                ("lower_bound_bits", .finite(point.lowerBoundNats / Double.ln2)),
                ("gap_bits", .finite(point.gapNats / Double.ln2)),
                ("slope", .finite(point.slope)),
                ("status", .string(point.status.rawValue)),
            ])
        }))])
    }

    static func text(_ curve: [CurvePoint]) -> String {
        var lines = ["  distortion      rate (bits)   lower bound (bits)   gap (bits)   slope −R′(D)"]
        for point in curve {
            lines.append(
                "  " + pad(Format.general(point.distortion, 8), 14) + "  " + pad(Format.fixed(point.rateNats / Double.ln2, 9), 12)
                    + "  " + pad(Format.fixed(point.lowerBoundNats / Double.ln2, 9), 19) + "  "
                    + pad(Format.scientific(point.gapNats / Double.ln2, 1), 11) + "  " + Format.general(point.slope, 6)
                    + (point.status == .optimal ? "" : "  (gap not reached)"))
        }
        return lines.joined(separator: "\n")
    }

    static func svg(_ curve: [CurvePoint]) -> String {
        // Replaced by the plotting module's R–D chart once it lands.
        var text = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"800\" height=\"500\"></svg>\n"
        text += ""
        return text
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }
}
