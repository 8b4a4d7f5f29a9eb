import Foundation

/// Turns one ``Chart`` into SVG: resolves its axes against the data, lays out title, legend,
/// plot area, tick labels and notes, then draws (see the `+Marks` and `+Decorations` files).
///
/// Layout, top to bottom inside the panel: title, legend rows, plot area, x tick labels, x axis
/// label, notes. The left margin fits the widest y tick label.
struct ChartRenderer {
    let chart: Chart
    let width: Double
    let top: Double
    var x: ResolvedAxis
    var y: ResolvedAxis
    var area: PixelRect
    var notes: [String]
    var legendRows: [[LegendEntry]] = []
    var titleBaseline: Double = 0
    var legendTop: Double = 0

    /// One legend entry and its width in pixels.
    struct LegendEntry {
        var series: Series
        var width: Double
    }

    static let legendRowHeight = 18.0
    static let noteHeight = 15.0

    init(chart: Chart, width: Double, top: Double) {
        self.chart = chart
        self.width = width
        self.top = top
        var notes: [String] = []
        let (xs, ys) = Self.extents(of: chart.series)
        x = Self.resolve(
            chart.xAxis, values: xs, name: "x", target: max(3, Int((width - 120) / 95)),
            notes: &notes)
        y = Self.resolve(
            chart.yAxis, values: ys, name: "y", target: max(3, Int((chart.height - 150) / 55)),
            notes: &notes)
        notes += Self.omissionNotes(chart.series, x: x, y: y)
        self.notes = chart.notes
        self.area = PixelRect(left: 0, top: 0, right: 1, bottom: 1)
        layout(extraNotes: notes)
    }

    /// Places every part of the panel and sets the axes' pixel ranges.
    private mutating func layout(extraNotes: [String]) {
        let widestY =
            y.ticks.filter(\.isMajor).map { Self.textWidth($0.label, size: 12) }.max() ?? 20
        let left = min(150, max(56, 12 + 18 + 8 + widestY + 8))
        let right = width - 28
        var cursor = top + 8
        if chart.title != nil {
            titleBaseline = cursor + 16
            cursor += 28
        }
        if chart.showsLegend {
            legendRows = Self.flow(chart.series.filter { $0.name != nil }, width: right - left)
            legendTop = cursor
            cursor += Double(legendRows.count) * Self.legendRowHeight + (legendRows.isEmpty ? 0 : 6)
        }
        notes += extraNotes
        let bottomReserve = 8 + 18 + 22 + Double(notes.count) * Self.noteHeight + 6
        let plotTop = cursor + 8
        let plotBottom = max(plotTop + 60, top + chart.height - bottomReserve)
        area = PixelRect(left: left, top: plotTop, right: right, bottom: plotBottom)
        x.start = area.left
        x.end = area.right
        y.start = area.bottom
        y.end = area.top
    }

    /// Data values that decide the automatic ranges. Segments, bands and rules do not: they
    /// are drawn within whatever range the data gives.
    static func extents(of series: [Series]) -> (xs: [Double], ys: [Double]) {
        var xs: [Double] = []
        var ys: [Double] = []
        for s in series where s.widensAxes {
            switch s.kind {
            case .line(let points), .scatter(let points), .step(let points):
                xs += points.map(\.x)
                ys += points.map(\.y)
            case .bars(let bars):
                for bar in bars {
                    xs += [bar.center - bar.width / 2, bar.center + bar.width / 2]
                    ys += [bar.base, bar.value]
                }
            case .histogram(let edges, let heights):
                xs += edges
                ys += heights + (heights.isEmpty ? [] : [0])
            case .segments, .verticalBands, .verticalRules, .horizontalRules:
                break
            }
        }
        return (xs.filter(\.isFinite), ys.filter(\.isFinite))
    }

    /// The axis's final range and ticks.
    static func resolve(
        _ axis: Axis, values: [Double], name: String, target: Int, notes: inout [String]
    )
        -> ResolvedAxis
    {
        var resolved: ResolvedAxis
        switch axis.scale {
        case .linear:
            if let domain = axis.domain, domain.upperBound > domain.lowerBound,
                domain.lowerBound.isFinite,
                domain.upperBound.isFinite
            {
                resolved = TickGenerator.linear(
                    lower: domain.lowerBound, upper: domain.upperBound, target: target, fixed: true)
            } else {
                var lower = values.min() ?? 0
                var upper = values.max() ?? 1
                if axis.includesZero {
                    lower = min(lower, 0)
                    upper = max(upper, 0)
                }
                let pad = 0.03 * (upper - lower)
                lower = lower >= 0 && lower - pad < 0 ? 0 : lower - pad
                upper = upper <= 0 && upper + pad > 0 ? 0 : upper + pad
                resolved = TickGenerator.linear(
                    lower: lower, upper: upper, target: target, fixed: false)
            }
        case .log10:
            let positive = values.filter { $0 > 0 }
            if let domain = axis.domain, domain.lowerBound > 0,
                domain.upperBound > domain.lowerBound,
                domain.upperBound.isFinite
            {
                resolved = TickGenerator.logarithmic(
                    lower: domain.lowerBound, upper: domain.upperBound, fixed: true)
            } else {
                if axis.domain != nil {
                    notes.append(
                        "The fixed \(name) range is not positive; the log \(name) axis fits the data instead."
                    )
                }
                if positive.isEmpty, !values.isEmpty {
                    notes.append("No positive value to show on the log \(name) axis.")
                }
                resolved = TickGenerator.logarithmic(
                    lower: positive.min() ?? 1, upper: positive.max() ?? 10, fixed: false)
            }
        }
        if let ticks = axis.ticks {
            resolved.ticks = ticks.filter {
                $0.value >= resolved.lower && $0.value <= resolved.upper
                    && resolved.accepts($0.value)
            }
            .map { .init(value: $0.value, label: $0.label, isMajor: true) }
        }
        resolved.isReversed = axis.isReversed
        return resolved
    }

    /// Notes for points left out: values a log axis cannot show, and markers outside a fixed
    /// axis range (lines are simply cut at the edge, which needs no note).
    static func omissionNotes(_ series: [Series], x: ResolvedAxis, y: ResolvedAxis) -> [String] {
        var notes: [String] = []
        for s in series {
            let points: [PlotPoint]
            switch s.kind {
            case .line(let p), .scatter(let p), .step(let p): points = p
            case .bars(let bars): points = bars.map { PlotPoint($0.center, $0.value) }
            default: continue
            }
            let label = s.name.map { "‘\($0)’" } ?? "a series"
            let shown = points.filter { $0.x.isFinite && $0.y.isFinite }
            let omitted = shown.filter { !(x.accepts($0.x) && y.accepts($0.y)) }.count
            if omitted > 0 {
                notes.append(
                    "\(omitted) non-positive value\(omitted == 1 ? "" : "s") of \(label) not shown on the log scale."
                )
            }
            if case .scatter = s.kind {
                let drawable = shown.filter { x.accepts($0.x) && y.accepts($0.y) }
                let outside = drawable.filter {
                    !(x.lower...x.upper).contains($0.x) || !(y.lower...y.upper).contains($0.y)
                }.count
                if outside > 0 {
                    notes.append(
                        "\(outside) point\(outside == 1 ? "" : "s") of \(label) outside the axis range not shown."
                    )
                }
            }
        }
        return notes
    }

    /// Splits legend entries into rows that fit `width`.
    static func flow(_ series: [Series], width: Double) -> [[LegendEntry]] {
        var rows: [[LegendEntry]] = []
        var row: [LegendEntry] = []
        var used = 0.0
        for s in series {
            let w = 30 + textWidth(s.name ?? "", size: 12) + 18
            if used + w > width, !row.isEmpty {
                rows.append(row)
                row = []
                used = 0
            }
            row.append(LegendEntry(series: s, width: w))
            used += w
        }
        if !row.isEmpty { rows.append(row) }
        return rows
    }

    /// An estimate of the rendered width of `text` in a sans-serif font of `size` pixels.
    static func textWidth(_ text: String, size: Double) -> Double {
        Double(text.count) * size * 0.56
    }

    /// Draws the whole panel.
    mutating func render(into out: inout SVGWriter) {
        out.open("g", [("class", "panel")])
        out.element(
            "rect",
            [
                ("class", "plot-area"), ("x", Markup.number(area.left)),
                ("y", Markup.number(area.top)),
                ("width", Markup.number(area.width)), ("height", Markup.number(area.height)),
                ("fill", "#fcfcfd"), ("stroke", "#d5d8dc"),
            ])
        drawGrid(into: &out)
        out.open("g", [("class", "data")])
        for s in chart.series { draw(s, into: &out) }
        out.close("g")
        drawAxes(into: &out)
        drawAnnotations(into: &out)
        drawTitleLegendAndNotes(into: &out)
        out.close("g")
    }
}
