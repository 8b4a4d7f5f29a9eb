import RDInterchange
import RDWorkflows
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
            json: console.json, document: CompressionSummaryDocument.json(result).serialized(),
            rows: Self.predictedRows(result), dataOnStandardOutput: output == StreamPaths.standard)
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
