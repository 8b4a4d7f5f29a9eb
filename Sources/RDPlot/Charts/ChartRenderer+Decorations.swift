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
        let ink = Self.axisInk
        let muted = Self.axisLabelInk
        out.open("g", [("class", "axis x-axis"), ("fill", muted)])
        out.element(
            "line",
            [
                ("x1", Markup.number(area.left)), ("y1", Markup.number(area.bottom)),
                ("x2", Markup.number(area.right)),
                ("y2", Markup.number(area.bottom)), ("stroke", ink),
            ])
        for tick in x.ticks {
            guard let px = x.pixel(tick.value), px >= area.left - 0.5, px <= area.right + 0.5 else {
                continue
            }
            let length = tick.isMajor ? 5.0 : 3.0
            out.element(
                "line",
                [
                    ("x1", Markup.number(px)), ("y1", Markup.number(area.bottom)),
                    ("x2", Markup.number(px)),
                    ("y2", Markup.number(area.bottom + length)), ("stroke", ink),
                ])
            if !tick.label.isEmpty {
                out.element(
                    "text",
                    [
                        ("class", "tick-label"), ("x", Markup.number(px)),
                        ("y", Markup.number(area.bottom + 18)),
                        ("text-anchor", "middle"),
                    ], text: tick.label)
            }
        }
        out.element(
            "text",
            [
                ("class", "axis-label"), ("x", Markup.number((area.left + area.right) / 2)),
                ("y", Markup.number(area.bottom + 38)),
                ("text-anchor", "middle"), ("font-size", "13"), ("fill", ink),
            ],
            text: chart.xAxis.label)
        out.close("g")
    }

    /// The y axis along the left edge: line, ticks, tick labels, a rotated title.
    private func drawYAxis(into out: inout SVGWriter) {
        let ink = Self.axisInk
        let muted = Self.axisLabelInk
        out.open("g", [("class", "axis y-axis"), ("fill", muted)])
        out.element(
            "line",
            [
                ("x1", Markup.number(area.left)), ("y1", Markup.number(area.top)),
                ("x2", Markup.number(area.left)),
                ("y2", Markup.number(area.bottom)), ("stroke", ink),
            ])
        for tick in y.ticks {
            guard let py = y.pixel(tick.value), py >= area.top - 0.5, py <= area.bottom + 0.5 else {
                continue
            }
            let length = tick.isMajor ? 5.0 : 3.0
            out.element(
                "line",
                [
                    ("x1", Markup.number(area.left - length)), ("y1", Markup.number(py)),
                    ("x2", Markup.number(area.left)), ("y2", Markup.number(py)), ("stroke", ink),
                ])
            if !tick.label.isEmpty {
                out.element(
                    "text",
                    [
                        ("class", "tick-label"), ("x", Markup.number(area.left - 8)),
                        ("y", Markup.number(py + 4)),
                        ("text-anchor", "end"),
                    ], text: tick.label)
            }
        }
        let labelX = 12.0 + 12
        let labelY = (area.top + area.bottom) / 2
        out.element(
            "text",
            [
                ("class", "axis-label"), ("x", Markup.number(labelX)), ("y", Markup.number(labelY)),
                ("text-anchor", "middle"),
                ("font-size", "13"), ("fill", ink),
                ("transform", "rotate(-90 \(Markup.number(labelX)) \(Markup.number(labelY)))"),
            ],
            text: chart.yAxis.label)
        out.close("g")
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
