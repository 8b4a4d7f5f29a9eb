import ArgumentParser
import Quantization

/// `--codewords`, `--initial-codebook`, `--stages`, `--cuts-per-step`, `--no-relaxation`,
/// `--relaxation-seconds`, `--anneal-after-relaxation` and `--data-bound`: how a quantiser is
/// designed, the same for `design` and `tolerance-sweep`.
struct DesignerOptions: ParsableArguments {
    @Option(help: "The initial codebook size (default: a grid chosen from D).")
    var codewords: Int?

    @Option(
        help: ArgumentHelp(
            "Start from this codebook instead of a grid: a quantizer JSON, or a data file with one codeword per row.",
            discussion:
                "Raw .f64/.f32 codebooks are read with the samples' dimension. Codewords are still added at important samples it cannot serve."
        ))
    var initialCodebook: String?

    @Option(help: "Annealing stages from τ = 1 to τ = 1e-3.")
    var stages: Int = 24

    @Option(
        help: ArgumentHelp(
            "Candidate cuts of the interval programme per high-rate quantiser step √(12 D), on data with many distinct values.",
            discussion:
                "More cuts tighten the certified bound on interval quantisers and cost time in proportion."
        ))
    var cutsPerStep: Double = 128

    @Flag(help: "Skip the certified τ = 1 relaxation.")
    var noRelaxation = false

    @Option(
        help: ArgumentHelp(
            "Wall-clock seconds the certified τ = 1 relaxation may take (default 10).",
            discussion:
                "When they run out, the bound certified so far is reported (it holds, but is looser) and the design goes on."
        ))
    var relaxationSeconds: Double?

    @Flag(
        help: ArgumentHelp(
            "Anneal only after the τ = 1 relaxation, from its solution.",
            discussion:
                "By default annealing starts beside a relaxation still running after a quarter of its budget, so where it starts depends on the machine's speed; with this flag it does not (the relaxation's own budget still does)."
        ))
    var annealAfterRelaxation = false

    @Flag(
        help: ArgumentHelp(
            "Also certify a lower bound on R(D) of the samples over every reconstruction (scalar data).",
            discussion:
                "The bottom rung of the bound ladder (see rdopt bound); it costs about as much as the relaxation."
        ))
    var dataBound = false

    /// Rejects a codebook size, stage count or budget out of range, naming the option and
    /// the range.
    func validate() throws {
        let codewordLimit = QuantizerDesigner.maximumInitialCodewords
        if let codewords, !(1...codewordLimit).contains(codewords) {
            throw ValidationError(
                "--codewords must be between 1 and \(codewordLimit) (got \(codewords))")
        }
        if codewords != nil, initialCodebook != nil {
            throw ValidationError("give either --codewords or --initial-codebook, not both")
        }
        guard (1...QuantizerDesigner.maximumStageCount).contains(stages) else {
            throw ValidationError(
                "--stages must be between 1 and \(QuantizerDesigner.maximumStageCount) (got \(stages))"
            )
        }
        if let relaxationSeconds,
            !(relaxationSeconds.isFinite && relaxationSeconds > 0 && relaxationSeconds <= 1e6)
        {
            throw ValidationError("--relaxation-seconds must be between 0 and 1e6")
        }
        // Without the relaxation these would be accepted and do nothing.
        if noRelaxation, relaxationSeconds != nil || annealAfterRelaxation {
            throw ValidationError(
                "--relaxation-seconds and --anneal-after-relaxation need the relaxation; drop them or --no-relaxation"
            )
        }
        guard cutsPerStep.isFinite, cutsPerStep >= 1, cutsPerStep <= 1e6 else {
            throw ValidationError("--cuts-per-step must be between 1 and 1e6")
        }
    }

    /// The designer these options describe for `samples` (every other setting at its
    /// default); a given initial codebook is read here, with the samples' dimension.
    func designer(for samples: TrainingSamples) throws -> QuantizerDesigner {
        var designer = QuantizerDesigner(
            stageCount: stages, initialCodewords: codewords, computesRelaxation: !noRelaxation,
            intervalProgramme: IntervalProgramme(binsPerStep: cutsPerStep),
            relaxationTimeLimit: relaxationSeconds ?? QuantizerDesigner.defaultRelaxationSeconds)
        designer.computesDataBound = dataBound
        designer.mayAnnealBesideRelaxation = !annealAfterRelaxation
        if let initialCodebook {
            designer.initialCodebook = try DesignInput.codebook(
                path: initialCodebook, dimension: samples.dimension)
        }
        return designer
    }

    /// A design's progress in words: the step, and during annealing the stage, τ and the live
    /// codewords ("annealing stage 3/24, τ = 0.42, 180 codewords").
    /// - Parameter state: the designer's progress report.
    /// - Returns: the text for a progress line, without the command's name.
    func progressText(_ state: QuantizerDesigner.Progress) -> String {
        var text = state.phase.rawValue
        if let stage = state.stage, let tau = state.temperature {
            text +=
                " stage \(stage + 1)/\(stages), τ = \(Format.general(tau, 3)), \(state.liveCodewords) codewords"
        }
        return text
    }
}
