import Quantization
import RDInterchange
import RDWorkflows

/// The renderings of a tolerance sweep (`rdopt tolerance-sweep`): CSV, JSON and a text table.
///
/// Two prices of fidelity, both in bits per unit of tolerance: the relaxation's, the dual price
/// of the importance class in the τ = 1 program (a true derivative, `−dR/dD′`, of the
/// relaxation's rate), and the measured one, the difference quotient of the designed `H(Y)`
/// between a tolerance and the one before it. Designs are not exact optima, so the measured price
/// need not be monotone, nor even positive.
struct ToleranceSweepTable {
    typealias Point = ToleranceSweepRun.Point

    /// The designs, by increasing tolerance.
    var sweep: ToleranceSweepRun
    /// D, the bound on the mean squared error per dimension.
    var targetDistortion: Double
    /// The importance rule (`abs>2`) or column (`column:flag`).
    var importance: String

    /// The points, by increasing tolerance.
    var points: [Point] { sweep.points }

    /// The CSV columns, in order.
    static let columns = [
        "tolerance", "entropy_bits", "distortion", "important_max_distortion",
        "important_violations", "relaxation_lower_bound_bits", "relaxation_optimal",
        "relaxation_price_bits", "measured_price_bits", "deployed", "seconds",
    ]

    /// The measured price of fidelity at point `index` (``ToleranceSweepRun/measuredPrice(at:)``).
    func measuredPrice(at index: Int) -> Double? { sweep.measuredPrice(at: index) }

    /// One row per tolerance under a header of ``columns``; a missing figure (no relaxation, no
    /// previous point) is an empty field.
    var csv: String {
        func optional(_ value: Double?) -> String { value.map(Format.csv) ?? "" }
        var text = Self.columns.joined(separator: ",") + "\n"
        for (index, point) in points.enumerated() {
            let t = point.report.training
            let relaxation = point.report.relaxation
            let fields: [String] = [
                Format.csv(point.tolerance), Format.csv(t.entropyBits), Format.csv(t.distortion),
                Format.csv(t.importantMaxDistortion), "\(t.importantViolations)",
                optional(relaxation?.lowerBoundBits),
                relaxation.map { String($0.isOptimal) } ?? "",
                optional(relaxation?.tolerancePriceBits), optional(measuredPrice(at: index)),
                point.report.deployed.rawValue, Format.csv(point.seconds),
            ]
            text += fields.joined(separator: ",") + "\n"
        }
        return text
    }

    /// The sweep as one JSON document: the target, the class and a `points` array with the keys
    /// of ``columns`` (null where the CSV has an empty field, and for an infinite price).
    var json: JSONValue {
        func optional(_ value: Double?) -> JSONValue { value.map { .finite($0) } ?? .null }
        let count = points.first?.report.training.importantCount ?? 0
        return .object([
            ("target_distortion", .finite(targetDistortion)),
            ("important", .object([("rule", .string(importance)), ("count", .integer(count))])),
            (
                "points",
                .array(
                    points.enumerated().map { index, point in
                        let t = point.report.training
                        let relaxation = point.report.relaxation
                        return .object([
                            ("tolerance", .finite(point.tolerance)),
                            ("entropy_bits", .finite(t.entropyBits)),
                            ("distortion", .finite(t.distortion)),
                            ("important_max_distortion", .finite(t.importantMaxDistortion)),
                            ("important_violations", .integer(t.importantViolations)),
                            ("relaxation_lower_bound_bits", optional(relaxation?.lowerBoundBits)),
                            ("relaxation_optimal", relaxation.map { .bool($0.isOptimal) } ?? .null),
                            ("relaxation_price_bits", optional(relaxation?.tolerancePriceBits)),
                            ("measured_price_bits", optional(measuredPrice(at: index))),
                            ("deployed", .string(point.report.deployed.rawValue)),
                            ("seconds", .finite(point.seconds)),
                        ])
                    })
            ),
        ])
    }

    /// The table, one line per tolerance, with a legend of the two prices.
    var text: String {
        let count = points.first?.report.training.importantCount ?? 0
        var lines = [
            "rdopt tolerance-sweep: D = \(Format.general(targetDistortion, 6)), "
                + "\(count) important samples (\(importance))",
            "",
            "  tolerance D′  H(Y) bits   distortion  important max  violations"
                + "  relaxation bound  relaxation price  measured price  seconds  deployed",
        ]
        var isAnyBoundOpen = false
        for (index, point) in points.enumerated() {
            let t = point.report.training
            let relaxation = point.report.relaxation
            var bound = relaxation.map { Format.fixed($0.lowerBoundBits, 4) } ?? "—"
            if relaxation?.isOptimal == false {
                bound += "*"
                isAnyBoundOpen = true
            }
            let price = relaxation?.tolerancePriceBits.map(Self.price) ?? "—"
            let measured = measuredPrice(at: index).map(Self.price) ?? "—"
            lines.append(
                "  " + Format.rightAligned(Format.general(point.tolerance, 6), 12) + "  "
                    + Format.rightAligned(Format.fixed(t.entropyBits, 4), 9) + "  "
                    + Format.rightAligned(Format.general(t.distortion, 6), 11) + "  "
                    + Format.rightAligned(Format.general(t.importantMaxDistortion, 6), 13) + "  "
                    + Format.rightAligned("\(t.importantViolations)", 10) + "  "
                    + Format.rightAligned(bound, 16) + "  "
                    + Format.rightAligned(price, 16) + "  "
                    + Format.rightAligned(measured, 14) + "  "
                    + Format.rightAligned(Format.fixed(point.seconds, 2), 7) + "  "
                    + point.report.deployed.rawValue)
        }
        lines += [
            "",
            "  prices in bits per unit by which the tolerance is relaxed:",
            "  relaxation price: the τ = 1 relaxation's dual price, the derivative −dR/dD′ of its rate",
            "  measured price: (H(Y) at the previous tolerance − H(Y) here) / (the difference of the",
            "    tolerances), a difference quotient of designs, not monotone in general (designs are",
            "    not exact optima)",
        ]
        for point in points {
            guard point.report.relaxation == nil, let reason = point.report.relaxationUnavailable
            else { continue }
            lines.append(
                "  — no relaxation at D′ = \(Format.general(point.tolerance, 6)): \(reason) "
                    + "(rdopt design at that tolerance says what to change)")
        }
        if isAnyBoundOpen {
            lines.append(
                "  * the relaxation's gap was not closed within --relaxation-seconds: the bound "
                    + "holds but is looser")
        }
        return lines.joined(separator: "\n")
    }

    /// A price for the table: four significant digits, ∞ for an infinite one.
    private static func price(_ value: Double) -> String {
        value.isFinite ? Format.general(value, 4) : "∞"
    }
}
