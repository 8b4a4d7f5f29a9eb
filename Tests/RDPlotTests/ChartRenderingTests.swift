import Foundation
import Testing
import _TestSupport

@testable import RDPlot

@Suite("SVG charts")
struct ChartRenderingTests {
    /// Checks the invariants every figure must meet and returns the inspection.
    @discardableResult
    func expectValid(
        _ figure: Figure, panels: Int, sourceLocation: SourceLocation = #_sourceLocation
    ) -> SVGInspector {
        let svg = figure.svg()
        let inspector = SVGInspector.inspect(svg)
        #expect(
            inspector.isWellFormed, "not well-formed: \(inspector.parseError ?? "")",
            sourceLocation: sourceLocation)
        #expect(inspector.panels.count == panels, sourceLocation: sourceLocation)
        for panel in inspector.panels {
            #expect(panel.plotArea != nil, sourceLocation: sourceLocation)
            #expect(panel.hasXAxis && panel.hasYAxis, sourceLocation: sourceLocation)
            #expect(panel.marks > 0, "a panel drew nothing", sourceLocation: sourceLocation)
        }
        #expect(
            inspector.strays.isEmpty, "marks outside the plot area: \(inspector.strays.prefix(5))",
            sourceLocation: sourceLocation)
        #expect(svg.hasPrefix("<?xml"), sourceLocation: sourceLocation)
        #expect(!figure.inlineSVG().contains("http"), sourceLocation: sourceLocation)
        return inspector
    }

    @Test("rate distortion figure") func rateDistortionFigure() {
        let inspector = expectValid(SampleReport.rateDistortion, panels: 1)
        #expect(inspector.texts.contains("certified lower bound"))
        #expect(inspector.texts.contains { $0.hasPrefix("s = ") && $0.hasSuffix(" nats/unit") })
        #expect(inspector.panels[0].tickLabels >= 6)
    }

    @Test("rate distortion figure on log distortion") func rateDistortionFigureOnLogDistortion() {
        var data = RateDistortionPlotData(curve: SampleReport.curve, isDistortionLogarithmic: true)
        data.tangentCount = 5
        expectValid(.rateDistortion(data), panels: 1)
    }

    @Test("annealing figure has two panels on log temperature")
    func annealingFigureHasTwoPanelsOnLogTemperature() {
        let inspector = expectValid(
            .annealingPath(SampleReport.stages, targetDistortion: 0.1), panels: 2)
        #expect(inspector.texts.contains("H(Y|X)"))
        #expect(inspector.texts.contains("0.001"))
    }

    @Test("distortions that differ only at rounding level are drawn flat, with short tick labels")
    func annealingDistortionAtRoundingLevelIsFlat() {
        let stages = SampleReport.stages.enumerated().map { k, stage in
            var flat = stage
            flat.distortion = 0.1 - 6e-11 * Double(k % 2)
            return flat
        }
        let inspector = expectValid(.annealingPath(stages, targetDistortion: 0.1), panels: 2)
        let numeric = inspector.texts.filter { Double($0) != nil }
        #expect(!numeric.isEmpty)
        #expect(numeric.allSatisfy { $0.count <= 6 }, "tick labels: \(numeric)")
        let domain = Figure.distortionDomain([0.1, 0.1 - 6e-11])
        #expect(domain.map { abs($0.upperBound - $0.lowerBound - 0.002) < 1e-15 } == true)
    }

    @Test("fidelity prices figure") func fidelityPricesFigure() {
        let inspector = expectValid(SampleReport.prices, panels: 1)
        #expect(inspector.texts.contains { $0.hasPrefix("max μ") })
    }

    @Test("quantizer map figure") func quantizerMapFigure() {
        let inspector = expectValid(SampleReport.quantizerMap, panels: 2)
        #expect(inspector.texts.contains("important region"))
    }

    @Test("quantizer map without probabilities") func quantizerMapWithoutProbabilities() {
        let data = QuantizerMapData(
            histogram: Histogram(values: [0, 1, 1, 2, 3], binCount: 3),
            cellBoundaries: [0.5, 1.5, 2.5],
            reconstructionPoints: [0, 1, 2, 3], importantRegions: [2.5...3])
        expectValid(.quantizerMap(data), panels: 2)
    }

    @Test("bit accounting figure labels every gap") func bitAccountingFigureLabelsEveryGap() {
        let inspector = expectValid(SampleReport.bits, panels: 1)
        #expect(inspector.texts.contains("±0 bit"))
        #expect(inspector.texts.contains("+0.254 bit"))
        #expect(inspector.texts.contains("+0.006 bit"))
        #expect(inspector.texts.contains("bits written"))
    }

    @Test("log axes drop non positive values and say so")
    func logAxesDropNonPositiveValuesAndSaySo() {
        let chart = Chart(
            xAxis: Axis("x", scale: .log10), yAxis: Axis("y", scale: .log10),
            series: [
                .line(
                    "curve",
                    [
                        PlotPoint(-1, 1), PlotPoint(0, 2), PlotPoint(1, 3), PlotPoint(10, 0),
                        PlotPoint(100, 5),
                        PlotPoint(200, 6),
                    ], color: .blue)
            ])
        let inspector = expectValid(Figure(panels: [chart]), panels: 1)
        #expect(inspector.texts.contains { $0.contains("3 non-positive values of ‘curve’") })
    }

    @Test("log axis with nothing positive still renders")
    func logAxisWithNothingPositiveStillRenders() {
        let chart = Chart(
            xAxis: Axis("x"), yAxis: Axis("y", scale: .log10, domain: -1...1),
            series: [.scatter("s", [PlotPoint(1, -1), PlotPoint(2, 0)], color: .blue)],
            annotations: [TextAnnotation("note", at: PlotPoint(1, 1))])
        let svg = chart.svg()
        let inspector = SVGInspector.inspect(svg)
        #expect(inspector.isWellFormed)
        #expect(inspector.strays.isEmpty)
        #expect(inspector.texts.contains { $0.contains("not positive") })
    }

    @Test("marks beyond a fixed range are clipped or left out")
    func marksBeyondAFixedRangeAreClippedOrLeftOut() {
        let chart = Chart(
            xAxis: Axis("x", domain: 0...1), yAxis: Axis("y", domain: 0...1),
            series: [
                .line(
                    "line",
                    [
                        PlotPoint(-1, -1), PlotPoint(0.5, 0.5), PlotPoint(3, 0.2),
                        PlotPoint(.nan, 1),
                        PlotPoint(0.2, 0.9),
                    ], color: .blue),
                .scatter(
                    "dots", [PlotPoint(0.5, 0.5), PlotPoint(2, 2), PlotPoint(1, 1)], color: .green,
                    marker: .triangle),
                Series(
                    name: "bars", kind: .bars([Bar(center: 0.9, width: 0.4, value: 5)]),
                    style: SeriesStyle(color: .orange)),
                Series(
                    name: "h", kind: .histogram(edges: [-1, 0.5, 2], heights: [0.5, 3]),
                    style: SeriesStyle(color: .purple)),
                .bands("band", [0.8...4, -3 ... -2], color: .vermillion),
                Series(
                    name: "rules", kind: .verticalRules([0.5, 7]), style: SeriesStyle(color: .gray)),
                Series(
                    name: "hrules", kind: .horizontalRules([0.5, -7]),
                    style: SeriesStyle(color: .gray)),
                Series(
                    name: "segments",
                    kind: .segments([PlotSegment(from: PlotPoint(-5, 0.5), to: PlotPoint(5, 0.5))]),
                    style: SeriesStyle(color: .ink)),
            ],
            annotations: [
                TextAnnotation("far away", at: PlotPoint(50, -50), anchor: .end, offset: (30, 30))
            ])
        let inspector = expectValid(Figure(panels: [chart]), panels: 1)
        // Two triangles in range, one in the legend.
        #expect(inspector.elementCounts["polygon", default: 0] == 3)
        #expect(inspector.texts.contains("1 point of ‘dots’ outside the axis range not shown."))
    }

    @Test("reversed axis draws high values on the left") func reversedAxisDrawsHighValuesOnTheLeft()
        throws
    {
        let chart = Chart(
            xAxis: Axis("τ", domain: 0...10, isReversed: true), yAxis: Axis("y", domain: 0...1),
            series: [.scatter(nil, [PlotPoint(10, 0.5)], color: .blue)])
        let svg = chart.svg()
        let renderer = ChartRenderer(chart: chart, width: 800, top: 0)
        let cx = try #require(renderer.x.pixel(10))
        #expect(isClose(cx, renderer.area.left, absolute: 1e-9))
        #expect(svg.contains("cx=\"\(Markup.number(renderer.area.left))\""))
    }

    @Test("titles and labels are escaped") func titlesAndLabelsAreEscaped() {
        let chart = Chart(
            title: "R<D> & \"friends\" \u{7}", xAxis: Axis("x < 1"), yAxis: Axis("y & z"),
            series: [.line("a<b", [PlotPoint(0, 0), PlotPoint(1, 1)], color: .blue)])
        let inspector = expectValid(Figure(title: "<script>", panels: [chart]), panels: 1)
        #expect(inspector.texts.contains("R<D> & \"friends\" "))
        #expect(inspector.texts.contains("<script>"))
    }

    @Test("empty chart still has axes") func emptyChartStillHasAxes() {
        let inspector = SVGInspector.inspect(Chart(xAxis: Axis("x"), yAxis: Axis("y")).svg())
        #expect(inspector.isWellFormed)
        #expect(inspector.panels.first?.hasXAxis == true)
        #expect(inspector.panels.first?.hasYAxis == true)
    }

}
