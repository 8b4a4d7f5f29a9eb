/// Drawing grid, axes, annotations, title, legend and notes.
extension ChartRenderer {
    /// Light grid lines at the major ticks.
    func drawGrid(into out: inout SVGWriter) {
        out.open("g", [("class", "grid"), ("stroke", "#e8eaed"), ("stroke-width", "1")])
        for tick in x.ticks where tick.isMajor {
            guard let px = x.pixel(tick.value), px > area.left + 0.5, px < area.right - 0.5 else {
                continue
            }
            out.element(
                "line",
                [
                    ("x1", Markup.number(px)), ("y1", Markup.number(area.top)),
                    ("x2", Markup.number(px)),
                    ("y2", Markup.number(area.bottom)),
                ])
        }
        for tick in y.ticks where tick.isMajor {
            guard let py = y.pixel(tick.value), py > area.top + 0.5, py < area.bottom - 0.5 else {
                continue
            }
            out.element(
                "line",
                [
                    ("x1", Markup.number(area.left)), ("y1", Markup.number(py)),
                    ("x2", Markup.number(area.right)),
                    ("y2", Markup.number(py)),
                ])
        }
        out.close("g")
    }

    /// The x axis along the bottom edge and the y axis along the left edge, with ticks,
    /// tick labels and axis titles.
    func drawAxes(into out: inout SVGWriter) {
        drawXAxis(into: &out)
        drawYAxis(into: &out)
    }

    /// Axis lines and ticks in the text colour, tick labels a little lighter.
    private static let axisInk = PlotColor.ink.description
    private static let axisLabelInk = "#444444"

    /// The x axis along the bottom edge: line, ticks, tick labels, title.
    private func drawXAxis(into out: inout SVGWriter) {
        let bottom = area.bottom
        drawAxis(
            AxisLayout(
                className: "axis x-axis", scale: x, visible: area.left...area.right,
                line: (area.left, bottom, area.right, bottom),
                tick: { px, length in (px, bottom, px, bottom + length) },
                label: { px in (px, bottom + 18, "middle") },
                title: [
                    ("class", "axis-label"),
                    ("x", Markup.number((area.left + area.right) / 2)),
                    ("y", Markup.number(bottom + 38)),
                    ("text-anchor", "middle"), ("font-size", "13"), ("fill", Self.axisInk),
                ],
                titleText: chart.xAxis.label),
            into: &out)
    }

    /// The y axis along the left edge: line, ticks, tick labels, a rotated title.
    private func drawYAxis(into out: inout SVGWriter) {
        let left = area.left
        let labelX = 12.0 + 12
        let labelY = (area.top + area.bottom) / 2
        drawAxis(
            AxisLayout(
                className: "axis y-axis", scale: y, visible: area.top...area.bottom,
                line: (left, area.top, left, area.bottom),
                tick: { py, length in (left - length, py, left, py) },
                label: { py in (left - 8, py + 4, "end") },
                title: [
                    ("class", "axis-label"), ("x", Markup.number(labelX)),
                    ("y", Markup.number(labelY)),
                    ("text-anchor", "middle"),
                    ("font-size", "13"), ("fill", Self.axisInk),
                    (
                        "transform",
                        "rotate(-90 \(Markup.number(labelX)) \(Markup.number(labelY)))"
                    ),
                ],
                titleText: chart.yAxis.label),
            into: &out)
    }

    /// What differs between the two axes: the scale, where the axis line, a tick of a given
    /// length and a tick label go for a tick at a pixel, and the title's attributes.
    private struct AxisLayout {
        let className: String
        let scale: ResolvedAxis
        /// The pixels (with half a pixel of slack) where ticks are drawn.
        let visible: ClosedRange<Double>
        let line: (Double, Double, Double, Double)
        let tick: (_ pixel: Double, _ length: Double) -> (Double, Double, Double, Double)
        let label: (_ pixel: Double) -> (x: Double, y: Double, anchor: String)
        let title: [(String, String)]
        let titleText: String
    }

    /// An axis: its line, major and minor ticks, tick labels and title, in one group.
    private func drawAxis(_ layout: AxisLayout, into out: inout SVGWriter) {
        let ink = Self.axisInk
        out.open("g", [("class", layout.className), ("fill", Self.axisLabelInk)])
        out.element("line", Self.segment(layout.line, stroke: ink))
        for tick in layout.scale.ticks {
            guard let pixel = layout.scale.pixel(tick.value),
                pixel >= layout.visible.lowerBound - 0.5, pixel <= layout.visible.upperBound + 0.5
            else { continue }
            out.element(
                "line", Self.segment(layout.tick(pixel, tick.isMajor ? 5.0 : 3.0), stroke: ink))
            if !tick.label.isEmpty {
                let place = layout.label(pixel)
                out.element(
                    "text",
                    [
                        ("class", "tick-label"), ("x", Markup.number(place.x)),
                        ("y", Markup.number(place.y)),
                        ("text-anchor", place.anchor),
                    ], text: tick.label)
            }
        }
        out.element("text", layout.title, text: layout.titleText)
        out.close("g")
    }

    /// The attributes of a line from (x1, y1) to (x2, y2).
    private static func segment(_ ends: (Double, Double, Double, Double), stroke: String)
        -> [(String, String)]
    {
        [
            ("x1", Markup.number(ends.0)), ("y1", Markup.number(ends.1)),
            ("x2", Markup.number(ends.2)), ("y2", Markup.number(ends.3)), ("stroke", stroke),
        ]
    }

    /// Text annotations, their anchors clamped into the plot area, with a white halo.
    func drawAnnotations(into out: inout SVGWriter) {
        guard !chart.annotations.isEmpty else { return }
        out.open("g", [("class", "annotations"), ("font-size", "12")])
        for note in chart.annotations {
            guard let (px, py) = pixel(note.position) else { continue }
            let (cx, cy) = area.clamp(px + note.offset.dx, py + note.offset.dy)
            var attributes = [
                ("x", Markup.number(cx)), ("y", Markup.number(cy)),
                ("text-anchor", note.anchor.rawValue),
                ("fill", note.color.description), ("stroke", "#ffffff"), ("stroke-width", "3"),
                ("paint-order", "stroke"),
            ]
            if note.isBold { attributes.append(("font-weight", "600")) }
            out.element("text", attributes, text: note.text)
        }
        out.close("g")
    }

    /// The panel title, the legend rows and the notes under the axis label.
    func drawTitleLegendAndNotes(into out: inout SVGWriter) {
        if let title = chart.title {
            out.element(
                "text",
                [
                    ("class", "chart-title"), ("x", Markup.number(area.left)),
                    ("y", Markup.number(titleBaseline)),
                    ("font-size", "15"), ("font-weight", "600"),
                    ("fill", PlotColor.ink.description),
                ],
                text: title)
        }
        if !legendRows.isEmpty {
            out.open(
                "g",
                [("class", "legend"), ("font-size", "12"), ("fill", PlotColor.ink.description)])
            for (r, row) in legendRows.enumerated() {
                var cx = area.left
                let cy = legendTop + Double(r) * Self.legendRowHeight + 9
                for entry in row {
                    drawSwatch(entry.series, x: cx, y: cy, into: &out)
                    out.element(
                        "text", [("x", Markup.number(cx + 30)), ("y", Markup.number(cy + 4))],
                        text: entry.series.name ?? "")
                    cx += entry.width
                }
            }
            out.close("g")
        }
        if !notes.isEmpty {
            out.open("g", [("class", "notes"), ("font-size", "11"), ("fill", "#666666")])
            for (i, note) in notes.enumerated() {
                out.element(
                    "text",
                    [
                        ("x", Markup.number(area.left)),
                        ("y", Markup.number(area.bottom + 58 + Double(i) * Self.noteHeight)),
                    ], text: note)
            }
            out.close("g")
        }
    }

    /// The legend's picture of a series, 24 pixels wide, centred vertically on `y`.
    func drawSwatch(_ series: Series, x: Double, y: Double, into out: inout SVGWriter) {
        let style = series.style
        if series.hasFilledSwatch {
            out.element(
                "rect",
                [
                    ("x", Markup.number(x + 4)), ("y", Markup.number(y - 6)), ("width", "16"),
                    ("height", "12"),
                    ("fill", style.color.description),
                    ("fill-opacity", Markup.number(max(style.fillOpacity, 0.25))),
                    ("stroke", style.color.description), ("stroke-width", "1"),
                ])
            return
        }
        if case .scatter = series.kind {
            Self.marker(
                style.marker, x: x + 12, y: y, radius: style.markerRadius, color: style.color,
                into: &out)
            return
        }
        var stroke = strokeAttributes(style)
        stroke[1] = ("stroke-width", Markup.number(min(max(style.lineWidth, 1.5), 4)))
        out.element(
            "line",
            [
                ("x1", Markup.number(x)), ("y1", Markup.number(y)), ("x2", Markup.number(x + 24)),
                ("y2", Markup.number(y)),
            ] + stroke)
        if style.showsMarkers {
            Self.marker(
                style.marker, x: x + 12, y: y, radius: style.markerRadius, color: style.color,
                into: &out)
        }
    }
}
