/// One bar of the bit accounting: a named rate in bits per sample.
public struct BitAccountingStage: Sendable, Equatable {
    /// The bar's label, e.g. `hard quantiser H(Y)`.
    public var label: String
    /// The rate in bits per sample.
    public var bits: Double

    /// Creates a stage.
    public init(_ label: String, bits: Double) {
        self.label = label
        self.bits = bits
    }

    /// The standard stages: certified bound on R(D) over every reconstruction → certified lower
    /// bound → optimal stochastic rate I → certified bound on interval quantisers → hard
    /// quantiser H(Y) → bits written per sample; pass `nil` to leave one out.
    public static func standard(
        dataBound: Double? = nil,
        lowerBound: Double?, mutualInformation: Double?, intervalBound: Double? = nil,
        outputEntropy: Double?,
        written: Double?
    ) -> [BitAccountingStage] {
        [
            dataBound.map { BitAccountingStage("R(D), any reconstruction: certified", bits: $0) },
            lowerBound.map { BitAccountingStage("certified lower bound", bits: $0) },
            mutualInformation.map { BitAccountingStage("optimal stochastic I(X;Y)", bits: $0) },
            intervalBound.map {
                BitAccountingStage("interval quantisers: certified bound", bits: $0)
            },
            outputEntropy.map { BitAccountingStage("hard quantiser H(Y)", bits: $0) },
            written.map { BitAccountingStage("bits written", bits: $0) },
        ].compactMap { $0 }
    }
}

extension Figure {
    /// Bit accounting: one bar per stage, its value on top, and each step
    /// from one bar to the next labelled with the difference in bits.
    ///
    /// - Parameters:
    ///   - stages: The bars, left to right.
    ///   - unit: The y-axis unit.
    ///   - title: The chart's title, above the bars.
    /// - Complexity: O(stages).
    public static func bitAccounting(
        _ stages: [BitAccountingStage], unit: String = "bits per sample",
        title: String = "Where the bits go"
    ) -> Figure {
        let colors: [PlotColor] = [.green, .blue, .vermillion, .ink, .purple, .orange]
        var series: [Series] = []
        var annotations: [TextAnnotation] = []
        let top = stages.map(\.bits).filter(\.isFinite).max() ?? 1
        let upper = TickGenerator.linear(
            lower: 0, upper: max(top, 1e-9) * 1.22, target: 5, fixed: false
        ).upper
        for (i, stage) in stages.enumerated() {
            let color = colors[i % colors.count]
            series.append(
                Series(
                    name: nil,
                    kind: .bars([Bar(center: Double(i), width: 0.56, value: stage.bits)]),
                    style: SeriesStyle(color: color, fillOpacity: 0.8)))
            annotations.append(
                TextAnnotation(
                    NumberText.format(stage.bits, significant: 4),
                    at: PlotPoint(Double(i), stage.bits),
                    anchor: .middle, offset: (0, -6), isBold: true))
        }
        var steps: [PlotSegment] = []
        for i in stages.indices.dropLast() {
            let a = stages[i].bits
            let b = stages[i + 1].bits
            let level = max(a, b)
            steps.append(
                PlotSegment(
                    from: PlotPoint(Double(i) + 0.28, a), to: PlotPoint(Double(i) + 0.72, a)))
            steps.append(
                PlotSegment(
                    from: PlotPoint(Double(i) + 0.72, a), to: PlotPoint(Double(i) + 0.72, b)))
            annotations.append(
                TextAnnotation(
                    NumberText.signed(b - a, significant: 3) + " bit",
                    at: PlotPoint(Double(i) + 0.5, level),
                    anchor: .middle, offset: (0, -12), color: .vermillion))
        }
        series.append(
            Series(
                name: nil, kind: .segments(steps),
                style: SeriesStyle(color: .gray, lineWidth: 1, dash: .dashed)))
        let ticks = stages.enumerated().map { AxisTick(Double($0.offset), label: $0.element.label) }
        let chart = Chart(
            title: title,
            xAxis: Axis("", domain: -0.6...(Double(max(stages.count, 1)) - 0.4), ticks: ticks),
            yAxis: Axis(unit, domain: 0...upper),
            series: series, annotations: annotations, height: 400, showsLegend: false)
        return Figure(panels: [chart])
    }
}
