import RateDistortion

/// The JSON form of an R(D) curve (`rdopt curve --json`, docs/formats.md): one object per
/// point with its rates in bits, slope, class prices, status and, for an infeasible point, the
/// smallest feasible distortion.
public enum CurveDocument {
    /// The curve as JSON.
    ///
    /// - Parameter curve: The traced points, in order.
    /// - Returns: `{"points": [...]}`.
    public static func json(_ curve: [CurvePoint]) -> JSONValue {
        .object([("points", .array(curve.map(pointJSON)))])
    }

    /// A point's status word: `infeasible`, or the solver's status.
    ///
    /// - Parameter point: A traced point.
    /// - Returns: `optimal`, `gap-not-reached` or `infeasible`.
    public static func status(of point: CurvePoint) -> String {
        point.isFeasible ? point.status.rawValue : "infeasible"
    }

    /// One point as a JSON object.
    private static func pointJSON(_ point: CurvePoint) -> JSONValue {
        .object([
            ("distortion", .finite(point.distortion)),
            ("rate_bits", .finite(point.rateNats / Double.ln2)),
            ("lower_bound_bits", .finite(point.lowerBoundNats / Double.ln2)),
            ("gap_bits", .finite(point.gapNats / Double.ln2)),
            ("slope", .finite(point.slope)),
            ("class_prices", .object(point.classPrices.map { ($0.name, .finite($0.nats)) })),
            ("status", .string(status(of: point))),
            (
                "smallest_feasible_distortion",
                point.smallestFeasibleDistortion.map { .finite($0) } ?? .null
            ),
        ])
    }
}
