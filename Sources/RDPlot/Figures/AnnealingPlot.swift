/// The measurements of one annealing stage (docs/quantiser-design.md and the quantizer file's `stages`).
public struct AnnealingStage: Sendable, Equatable {
    /// The temperature τ in (0, 1].
    public var temperature: Double
    /// I(X;Y) in bits.
    public var mutualInformationBits: Double
    /// H(Y) in bits.
    public var outputEntropyBits: Double
    /// H(Y|X) in bits.
    public var conditionalEntropyBits: Double
    /// The average distortion.
    public var distortion: Double
    /// Codewords with non-negligible mass, if recorded.
    public var liveCodewords: Int?

    /// Creates a stage record.
    public init(
        temperature: Double, mutualInformationBits: Double, outputEntropyBits: Double,
        conditionalEntropyBits: Double, distortion: Double, liveCodewords: Int? = nil
    ) {
        self.temperature = temperature
        self.mutualInformationBits = mutualInformationBits
        self.outputEntropyBits = outputEntropyBits
        self.conditionalEntropyBits = conditionalEntropyBits
        self.distortion = distortion
        self.liveCodewords = liveCodewords
    }
}

extension Figure {
    /// The annealing path: I(X;Y), H(Y) and H(Y|X) in the upper panel and
    /// the distortion in the lower one, against the temperature τ on a log axis drawn from
    /// τ = 1 on the left down to τ_min on the right, the order in which annealing runs.
    ///
    /// Since `H(Y) = I(X;Y) + H(Y|X)`, the gap between the top two lines is H(Y|X), the
    /// randomness the deterministic encoder gives up.
    ///
    /// - Parameters:
    ///   - stages: One record per stage, in any order.
    ///   - targetDistortion: Drawn as a horizontal line in the lower panel, if given.
    ///   - title: The figure's title, above both panels.
    /// - Complexity: O(stages).
    public static func annealingPath(
        _ stages: [AnnealingStage], targetDistortion: Double? = nil,
        title: String = "Annealing path"
    ) -> Figure {
        let sorted = stages.sorted { $0.temperature > $1.temperature }
        let tau = Axis(
            "temperature τ (annealing runs left to right)", scale: .log10, isReversed: true)
        let information = Chart(
            title: "Information (bits per sample)",
            xAxis: tau, yAxis: Axis("bits", includesZero: true),
            series: [
                .line(
                    "H(Y)", sorted.map { PlotPoint($0.temperature, $0.outputEntropyBits) },
                    color: .vermillion,
                    showsMarkers: true),
                .line(
                    "I(X;Y)", sorted.map { PlotPoint($0.temperature, $0.mutualInformationBits) },
                    color: .blue,
                    showsMarkers: true),
                .line(
                    "H(Y|X)", sorted.map { PlotPoint($0.temperature, $0.conditionalEntropyBits) },
                    color: .green,
                    dash: .dashed, showsMarkers: true),
            ],
            height: 380)

        var distortionSeries: [Series] = [
            .line(
                "distortion", sorted.map { PlotPoint($0.temperature, $0.distortion) },
                color: .purple,
                showsMarkers: true)
        ]
        if let targetDistortion {
            distortionSeries.insert(
                Series(
                    name: "target D", kind: .horizontalRules([targetDistortion]),
                    style: SeriesStyle(color: .gray, lineWidth: 1, dash: .dashed)),
                at: 0)
        }
        var annotations: [TextAnnotation] = []
        for (stage, anchor) in [(sorted.first, TextAnchor.start), (sorted.last, TextAnchor.end)] {
            guard let stage, let live = stage.liveCodewords else { continue }
            annotations.append(
                TextAnnotation(
                    "\(live) live codewords", at: PlotPoint(stage.temperature, stage.distortion),
                    anchor: anchor,
                    offset: (0, -12), color: .purple))
        }
        let distortion = Chart(
            title: "Distortion", xAxis: tau,
            yAxis: Axis(
                "distortion D",
                domain: Self.distortionDomain(
                    sorted.map(\.distortion) + [targetDistortion].compactMap { $0 })),
            series: distortionSeries,
            annotations: annotations, height: 300)
        return Figure(title: title, panels: [information, distortion])
    }

    /// The distortion panel's range: the data's, but never narrower than 2 % of its magnitude,
    /// so that differences at rounding level (the stages all sit on the target) do not fill the
    /// panel as a dip, and the tick labels stay short.
    static func distortionDomain(_ values: [Double]) -> ClosedRange<Double>? {
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return nil }
        let narrowest = 0.02 * max(abs(low), abs(high))
        guard narrowest > 0, high - low < narrowest else { return nil }
        let middle = (low + high) / 2
        return (middle - narrowest / 2)...(middle + narrowest / 2)
    }
}
