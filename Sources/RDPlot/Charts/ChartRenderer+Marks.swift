/// Drawing the data layers, each clipped to the plot area.
extension ChartRenderer {
    /// The pixel position of a data point, or `nil` if an axis cannot show it.
    func pixel(_ p: PlotPoint) -> (Double, Double)? {
        guard let px = x.pixel(p.x), let py = y.pixel(p.y) else { return nil }
        return (px, py)
    }

    /// Draws one series inside a `<g class="series">`.
    func draw(_ series: Series, into out: inout SVGWriter) {
        let style = series.style
        out.open("g", [("class", "series"), ("data-name", series.name ?? "")])
        switch series.kind {
        case .line(let points):
            drawPolyline(points, style: style, into: &out)
            if style.showsMarkers { drawMarkers(points, style: style, into: &out) }
        case .step(let points):
            drawPolyline(Self.stairs(points), style: style, into: &out)
            if style.showsMarkers { drawMarkers(points, style: style, into: &out) }
        case .scatter(let points):
            drawMarkers(points, style: style, into: &out)
        case .segments(let segments):
            drawSegments(segments, style: style, into: &out)
        case .bars(let bars):
            for bar in bars {
                drawRect(
                    x0: bar.center - bar.width / 2, x1: bar.center + bar.width / 2, y0: bar.base,
                    y1: bar.value,
                    style: style, into: &out)
            }
        case .histogram(let edges, let heights):
            for i in 0..<min(heights.count, max(edges.count - 1, 0)) {
                drawRect(
                    x0: edges[i], x1: edges[i + 1], y0: 0, y1: heights[i], style: style, into: &out,
                    outline: 0.6)
            }
        case .verticalBands(let ranges):
            drawVerticalBands(ranges, style: style, into: &out)
        case .verticalRules(let values):
            drawRules(values, vertical: true, style: style, into: &out)
        case .horizontalRules(let values):
            drawRules(values, vertical: false, style: style, into: &out)
        }
        out.close("g")
    }

    /// A step function's polyline: each point, then the next point's x at this point's y.
    static func stairs(_ points: [PlotPoint]) -> [PlotPoint] {
        var stairs: [PlotPoint] = []
        for (i, p) in points.enumerated() {
            stairs.append(p)
            if i + 1 < points.count { stairs.append(PlotPoint(points[i + 1].x, p.y)) }
        }
        return stairs
    }

    /// Line segments, each clipped to the plot area.
    private func drawSegments(
        _ segments: [PlotSegment], style: SeriesStyle, into out: inout SVGWriter
    ) {
        for segment in segments {
            guard let a = pixel(segment.start), let b = pixel(segment.end),
                let (x0, y0, x1, y1) = area.clip(a.0, a.1, b.0, b.1)
            else { continue }
            out.element(
                "line",
                [
                    ("x1", Markup.number(x0)), ("y1", Markup.number(y0)),
                    ("x2", Markup.number(x1)),
                    ("y2", Markup.number(y1)),
                ] + strokeAttributes(style))
        }
    }

    /// Shaded vertical bands over x ranges, the full height of the plot area.
    private func drawVerticalBands(
        _ ranges: [ClosedRange<Double>], style: SeriesStyle, into out: inout SVGWriter
    ) {
        for range in ranges {
            let x0 = x.pixel(range.lowerBound) ?? (x.isReversed ? area.right : area.left)
            guard let x1 = x.pixel(range.upperBound),
                let r = area.intersection(x0: x0, x1: x1, y0: area.top, y1: area.bottom)
            else { continue }
            out.element(
                "rect",
                rectAttributes(r) + [
                    ("fill", style.color.description),
                    ("fill-opacity", Markup.number(style.fillOpacity)),
                ])
        }
    }

    /// Vertical lines at x values (or horizontal lines at y values) inside the plot area, the
    /// full height (or width) of it.
    private func drawRules(
        _ values: [Double], vertical: Bool, style: SeriesStyle, into out: inout SVGWriter
    ) {
        for value in values {
            let (x1, y1, x2, y2): (Double, Double, Double, Double)
            if vertical {
                guard let px = x.pixel(value), px >= area.left - 0.01, px <= area.right + 0.01
                else { continue }
                (x1, y1, x2, y2) = (px, area.top, px, area.bottom)
            } else {
                guard let py = y.pixel(value), py >= area.top - 0.01, py <= area.bottom + 0.01
                else { continue }
                (x1, y1, x2, y2) = (area.left, py, area.right, py)
            }
            out.element(
                "line",
                [
                    ("x1", Markup.number(x1)), ("y1", Markup.number(y1)),
                    ("x2", Markup.number(x2)), ("y2", Markup.number(y2)),
                ] + strokeAttributes(style))
        }
    }

    /// Stroke attributes of a line style.
    func strokeAttributes(_ style: SeriesStyle) -> [(String, String)] {
        var attributes = [
            ("stroke", style.color.description), ("stroke-width", Markup.number(style.lineWidth)),
            ("fill", "none"),
        ]
        if let dash = style.dash.dashArray { attributes.append(("stroke-dasharray", dash)) }
        return attributes
    }

    func rectAttributes(_ r: PixelRect) -> [(String, String)] {
        [
            ("x", Markup.number(r.left)), ("y", Markup.number(r.top)),
            ("width", Markup.number(r.width)),
            ("height", Markup.number(r.height)),
        ]
    }

    /// A filled rectangle between two data x and two data y values, cut to the plot area. On a
    /// log y axis a base at or below zero starts at the bottom edge.
    func drawRect(
        x0: Double, x1: Double, y0: Double, y1: Double, style: SeriesStyle,
        into out: inout SVGWriter,
        outline: Double = 1
    ) {
        guard
            let px0 = x.pixel(x0)
                ?? (x.scale == .log10 ? (x.isReversed ? area.right : area.left) : nil),
            let px1 = x.pixel(x1),
            let py0 = y.pixel(y0)
                ?? (y.scale == .log10 ? (y.isReversed ? area.top : area.bottom) : nil),
            let py1 = y.pixel(y1),
            let r = area.intersection(x0: px0, x1: px1, y0: py0, y1: py1)
        else { return }
        out.element(
            "rect",
            rectAttributes(r) + [
                ("fill", style.color.description),
                ("fill-opacity", Markup.number(style.fillOpacity)),
                ("stroke", style.color.description), ("stroke-width", Markup.number(outline)),
            ])
    }

    /// A polyline through the points, cut at the plot area's edges; points an axis cannot show
    /// break the line.
    func drawPolyline(_ points: [PlotPoint], style: SeriesStyle, into out: inout SVGWriter) {
        var pieces: [[(Double, Double)]] = []
        var current: [(Double, Double)] = []
        var previous: (Double, Double)? = nil
        for p in points {
            guard let q = pixel(p) else {
                previous = nil
                continue
            }
            defer { previous = q }
            guard let a = previous, let (x0, y0, x1, y1) = area.clip(a.0, a.1, q.0, q.1) else {
                continue
            }
            if let last = current.last, abs(last.0 - x0) < 1e-6, abs(last.1 - y0) < 1e-6 {
                current.append((x1, y1))
            } else {
                if current.count >= 2 { pieces.append(current) }
                current = [(x0, y0), (x1, y1)]
            }
        }
        if current.count >= 2 { pieces.append(current) }
        for piece in pieces {
            let text = piece.map { "\(Markup.number($0.0)),\(Markup.number($0.1))" }.joined(
                separator: " ")
            out.element(
                "polyline",
                [("points", text), ("stroke-linejoin", "round"), ("stroke-linecap", "round")]
                    + strokeAttributes(style))
        }
    }

    /// Markers at the points inside the plot area.
    func drawMarkers(_ points: [PlotPoint], style: SeriesStyle, into out: inout SVGWriter) {
        for p in points {
            guard let (px, py) = pixel(p), area.contains(px, py) else { continue }
            Self.marker(
                style.marker, x: px, y: py, radius: style.markerRadius, color: style.color,
                into: &out)
        }
    }

    /// One marker centred at (x, y); polygons' vertices average to the centre.
    static func marker(
        _ shape: MarkerShape, x: Double, y: Double, radius r: Double, color: PlotColor,
        into out: inout SVGWriter
    ) {
        let paint = [("fill", color.description), ("stroke", "#ffffff"), ("stroke-width", "1")]
        let vertices: [(Double, Double)]
        switch shape {
        case .circle:
            out.element(
                "circle",
                [
                    ("class", "marker"), ("cx", Markup.number(x)), ("cy", Markup.number(y)),
                    ("r", Markup.number(r)),
                ]
                    + paint)
            return
        case .square:
            let s = r * 0.9
            vertices = [(x - s, y - s), (x + s, y - s), (x + s, y + s), (x - s, y + s)]
        case .diamond:
            let s = r * 1.25
            vertices = [(x, y - s), (x + s, y), (x, y + s), (x - s, y)]
        case .triangle:
            let s = r * 1.3
            // Vertices at angles 90°, 210°, 330° around the centre, so they average to it.
            vertices = [(x, y - s), (x + s * 0.866, y + s * 0.5), (x - s * 0.866, y + s * 0.5)]
        }
        let text = vertices.map { "\(Markup.number($0.0)),\(Markup.number($0.1))" }.joined(
            separator: " ")
        out.element("polygon", [("class", "marker"), ("points", text)] + paint)
    }
}
