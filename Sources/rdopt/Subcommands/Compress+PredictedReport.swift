import RDInterchange
import SampleCompression

/// The figures of a compression with prediction: JSON with --json, else a table.
extension Compress {
    /// What the certified figure is a bound on, said wherever it is printed: the design blocks'
    /// residuals, or the share of them the programme designed on.
    static func memorylessLabel(_ d: PredictiveDesign) -> String {
        let residuals =
            d.residualBoundSamples > 0 && d.residualBoundSamples < d.designSamples
            ? "\(d.residualBoundSamples) of the design blocks' \(d.designSamples) residuals, evenly spaced"
            : "the design blocks' residuals"
        return
            "certified only for a memoryless model: interval quantisers of \(residuals) (over their level scales), taken as independent samples with one table"
    }

    func printPredicted(_ result: PredictiveSummary, settings: PredictiveSettings) throws {
        try Terminal.printFigures(
            json: console.json, document: Self.predictedJSON(result).serialized(),
            rows: Self.predictedRows(result), dataOnStandardOutput: output == StreamPaths.standard)
    }

    static func predictedJSON(_ result: PredictiveSummary) -> JSONValue {
        let s = result.summary
        let d = result.design
        let candidates = d.candidates.map {
            JSONValue.object([
                ("predictor", .string($0.predictor)), ("probe_bits", .finite($0.probeBits)),
            ])
        }
        return .object([
            ("samples", .integer(s.samples)), ("bytes", .integer(s.bytes)),
            ("bits_per_sample", .finite(s.bitsPerSample)), ("entropy_bits", .finite(s.entropyBits)),
            ("distortion", .finite(s.distortion)),
            ("max_abs_error", .finite(result.maximumAbsoluteError)),
            ("overhead_bytes", .integer(s.overheadBytes)),
            ("header_bytes", .integer(s.headerBytes)),
            ("escaped_samples", .integer(s.escapedSamples)), ("escape_bits", .finite(s.escapeBits)),
            ("important_count", .integer(s.importantCount)),
            ("important_max_distortion", .finite(s.importantMaxDistortion)),
            ("predictor", .string(d.predictor.description)),
            ("prediction_gain_bits", .finite(d.predictionGainBits)),
            ("candidates", .array(candidates)), ("codewords", .integer(d.quantizer.count)),
            ("tables", .integer(d.segmentTables)), ("activity_bins", .integer(d.activityBins)),
            ("neighbour_splits", .integer(d.neighbourSplits)),
            ("level_scales", .array(d.predictor.levelScales.map { .finite($0) })),
            ("lossless", .bool(d.isLossless)),
            ("grid_cell_points", d.gridCellPoints.map { .integer($0) } ?? .null),
            ("grid_unit", d.predictor.gridUnit.map { .finite($0) } ?? .null),
            ("design_samples", .integer(d.designSamples)), ("design_rounds", .integer(d.rounds)),
            ("design_bits", .finite(d.designBits)),
            ("residual_lower_bound_bits", .finite(d.residualLowerBoundBits)),
            ("residual_lower_bound_model", .string("memoryless")),
            ("residual_lower_bound_samples", .integer(d.residualBoundSamples)),
            ("residual_design_bits", .finite(d.residualDesignBits)),
            ("retries", .integer(result.retries)),
            ("design_seconds", .finite(result.designSeconds)),
            ("coding_seconds", .finite(result.codingSeconds)),
        ])
    }

    /// The quantiser's row: its codewords and design, or the grid it codes without loss.
    static func quantiserRow(_ d: PredictiveDesign) -> String {
        if let m = d.gridCellPoints, let unit = d.predictor.gridUnit {
            let bits = Format.fixed(d.designBits, 4)
            let codewords = "\(d.quantizer.count) residual codewords"
            if m == 1 {
                return
                    "without loss on the data's grid of \(Format.general(unit)): \(codewords), the grid's multiples (\(bits) bits on the \(d.designSamples) design samples); every value not escaped is reconstructed exactly, escapes onto the grid too"
            }
            return
                "uniform on the data's grid of \(Format.general(unit)): cells of \(m) grid points, each value within \(Format.general(Double(m - 1) / 2 * unit)) of its own; \(codewords) (\(bits) bits on the \(d.designSamples) design samples), escapes onto the grid exactly"
        }
        return
            "\(d.quantizer.count) residual codewords, designed on \(d.designSamples) samples in \(d.rounds) rounds: \(Format.fixed(d.designBits, 4)) bits there"
    }

    static func predictedRows(_ result: PredictiveSummary) -> [(String, String)] {
        let s = result.summary
        let d = result.design
        let tried = d.candidates.map { "\($0.predictor) \(Format.fixed($0.probeBits, 3))" }
        return [
            ("samples", "\(s.samples)"),
            (
                "file",
                "\(s.bytes) bytes (header \(s.headerBytes), header and framing \(s.overheadBytes))"
            ),
            (
                "bits/sample",
                "\(Format.fixed(s.bitsPerSample, 4))   (H(Y) = \(Format.fixed(s.entropyBits, 4)) bits)"
            ),
            (
                "distortion",
                "\(Format.general(s.distortion)) mean squared error, \(Format.general(result.maximumAbsoluteError)) largest absolute error"
            ),
            (
                "important",
                "\(s.importantCount) samples, max squared error \(Format.general(s.importantMaxDistortion))"
            ),
            (
                "predictor",
                "\(d.predictor.description): prediction gain \(Format.fixed(d.predictionGainBits, 3)) bits/sample (probe rates: \(tried.joined(separator: ", ")))"
            ),
            ("quantiser", Self.quantiserRow(d)),
            (
                "level scales",
                d.predictor.levelScales.isEmpty
                    ? "none (one codebook scale at every level)"
                    : d.predictor.levelScales.map { Format.fixed($0, 3) }.joined(separator: ", ")
                        + " (finest level first; coarser levels keep the last)"
            ),
            (
                "tables",
                "\(d.segmentTables) frequency tables"
                    + (d.activityBins > 1 || d.neighbourSplits > 1
                        ? " (\(d.segmentTables / (d.activityBins * d.neighbourSplits)) level groups × \(d.activityBins) activity bins × \(d.neighbourSplits) by the neighbours' symbols)"
                        : "")
            ),
            (
                "lower bound",
                d.residualLowerBoundBits.isFinite
                    ? "\(Format.fixed(d.residualLowerBoundBits, 4)) bits, \(Self.memorylessLabel(d)); the quantiser designed there has \(Format.fixed(d.residualDesignBits, 4)) bits on them (the file's tables condition on level and activity, and its residuals move with the quantiser)"
                    : d.gridCellPoints != nil
                        ? "none: a uniform quantiser on the data's grid (nothing designed)"
                        : "none: the uniform probe quantiser was kept"
            ),
            (
                "escaped",
                "\(s.escapedSamples) samples (\(Format.fixed(s.escapeBits / Double(max(1, s.samples)), 4)) bits/sample)"
            ),
            (
                "time",
                "design and closed loop \(Format.fixed(result.designSeconds, 3)) s, entropy coding and writing \(Format.fixed(result.codingSeconds, 3)) s"
            ),
        ]
    }
}
