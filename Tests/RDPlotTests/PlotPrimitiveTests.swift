import Foundation
import Testing
import _TestSupport

@testable import RDPlot

@Suite("plot primitives")
struct PlotPrimitiveTests {
    @Test(
        "nice steps are one two or five times a power of ten",
        arguments: [
            (0.13, 0.1), (0.26, 0.2), (0.4, 0.5), (0.8, 1.0), (3.2, 5.0), (12, 10), (1.4e-5, 1e-5),
        ])
    func niceStepsAreOneTwoOrFiveTimesAPowerOfTen(raw: Double, step: Double) {
        #expect(isClose(TickGenerator.niceStep(raw), step, relative: 1e-12))
    }

    @Test("linear ticks snap the range and format cleanly")
    func linearTicksSnapTheRangeAndFormatCleanly() {
        let axis = TickGenerator.linear(lower: 0.03, upper: 0.97, target: 5, fixed: false)
        #expect(axis.lower == 0)
        #expect(axis.upper == 1)
        #expect(axis.ticks.map(\.label) == ["0", "0.2", "0.4", "0.6", "0.8", "1.0"])
    }

    @Test("tiny and huge labels are scientific") func tinyAndHugeLabelsAreScientific() {
        let tiny = TickGenerator.linear(lower: 0, upper: 4e-4, target: 4, fixed: false)
        #expect(tiny.ticks.map(\.label) == ["0", "1e-4", "2e-4", "3e-4", "4e-4"])
        let huge = TickGenerator.linear(lower: 0, upper: 3e6, target: 3, fixed: false)
        #expect(huge.ticks.map(\.label) == ["0", "1e6", "2e6", "3e6"])
    }

    @Test("log ticks label decades") func logTicksLabelDecades() {
        let axis = TickGenerator.logarithmic(lower: 0.0013, upper: 0.9, fixed: false)
        #expect(axis.lower == 0.001)
        #expect(axis.upper == 1)
        #expect(
            axis.ticks.filter { !$0.label.isEmpty }.map(\.label) == ["0.001", "0.01", "0.1", "1"])
        #expect(axis.ticks.contains { !$0.isMajor })
        let wide = TickGenerator.logarithmic(lower: 1e-9, upper: 1, fixed: false)
        #expect(wide.ticks.contains { $0.label == "10⁻⁹" })
        let narrow = TickGenerator.logarithmic(lower: 0.2, upper: 0.8, fixed: false)
        #expect(
            narrow.ticks.filter { !$0.label.isEmpty }.map(\.label) == ["0.1", "0.2", "0.5", "1"])
    }

    @Test("liang barsky clips to the rectangle") func liangBarskyClipsToTheRectangle() throws {
        let r = PixelRect(left: 0, top: 0, right: 10, bottom: 10)
        let clipped = try #require(r.clip(-5, 5, 15, 5))
        #expect(clipped == (0, 5, 10, 5))
        #expect(r.clip(-5, -5, -1, 20) == nil)
        let inside = try #require(r.clip(1, 2, 3, 4))
        #expect(inside == (1, 2, 3, 4))
        let diagonal = try #require(r.clip(-10, -10, 20, 20))
        #expect(diagonal == (0, 0, 10, 10))
    }

    @Test("markup escapes every special character") func markupEscapesEverySpecialCharacter() {
        #expect(
            Markup.escape("a<b & \"c\" 'd'>\u{1}") == "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;")
        #expect(Markup.number(12.0) == "12")
        #expect(Markup.number(-3.256) == "-3.26")
        #expect(Markup.number(.nan) == "0")
    }

    @Test("colors are hex") func colorsAreHex() {
        #expect(PlotColor.blue.description == "#0072b2")
        #expect(PlotColor(red: 1, green: 2, blue: 255).description == "#0102ff")
    }

    @Test(
        "numbers for labels",
        arguments: [
            (0.0, "0"), (1.23456, "1.235"), (-0.0000123456, "-1.235e-5"), (2.5e7, "2.500e7"),
            (.infinity, "—"),
        ])
    func numbersForLabels(value: Double, text: String) {
        #expect(NumberText.format(value) == text)
    }

    @Test("signed differences") func signedDifferences() {
        #expect(NumberText.signed(0.02314) == "+0.0231")
        #expect(NumberText.signed(-0.002) == "−0.002")
        #expect(NumberText.signed(0) == "±0")
    }

    @Test("histogram bins every value and normalises") func histogramBinsEveryValueAndNormalises() {
        let h = Histogram(values: [0, 0.1, 0.5, 0.9, 1, .nan], binCount: 2)
        #expect(h.edges == [0, 0.5, 1])
        #expect(h.counts == [2, 3])
        #expect(
            isClose(zip(h.densities, [0.5, 0.5]).map { $0 * $1 }.reduce(0, +), 1, relative: 1e-12))
    }
}
