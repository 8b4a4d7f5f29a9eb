import RateDistortion

/// The result document of `rdopt solve` (docs/formats.md).
public enum SolutionDocument {
    /// The result as JSON.
    /// - Parameters:
    ///   - solution: the solved problem.
    ///   - encoder: the n × m encoder to include (only with `--encoder`), row-major.
    ///   - columns: m, the encoder's row length; the encoder is left out unless it is positive.
    public static func json(_ solution: Solution, encoder: [Double]? = nil, columns: Int = 0)
        -> JSONValue
    {
        var members: [(String, JSONValue)] = [
            ("status", .string(solution.status.rawValue)),
            ("rate_nats", .finite(solution.rateNats)),
            ("rate_bits", .finite(solution.rateBits)),
            ("lower_bound_nats", .finite(solution.lowerBoundNats)),
            ("lower_bound_bits", .finite(solution.lowerBoundBits)),
            ("gap_nats", .finite(solution.gapNats)),
            ("distortion", .finite(solution.distortion)),
            ("slope", .finite(solution.slope)),
            ("output_probabilities", .numbers(solution.outputProbabilities)),
        ]
        if let encoder, columns > 0 {
            let rows = encoder.count / columns
            members.append(
                (
                    "encoder",
                    .array(
                        (0..<rows).map {
                            .numbers(Array(encoder[$0 * columns..<($0 + 1) * columns]))
                        })
                ))
        }
        members.append(
            (
                "fidelity",
                .array(
                    solution.fidelity.map { report in
                        .object([
                            ("name", .string(report.name)),
                            ("semantics", .string(report.semantics.rawValue)),
                            ("prices", .numbers(report.prices)),
                            ("max_row_distortion", .finite(report.maxRowDistortion)),
                            ("average_distortion", .finite(report.averageDistortion)),
                            ("tolerance_price", .finite(report.tolerancePrice)),
                        ])
                    })
            ))
        members.append(("iterations", .integer(solution.iterations)))
        members.append(("seconds", .finite(solution.seconds)))
        return .object(members)
    }
}
