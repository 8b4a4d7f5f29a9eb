/// Where a text annotation sits relative to its anchor point.
public enum TextAnchor: String, Sendable, Equatable {
    case start, middle, end
}

/// A text label placed at a data point (clamped into the plot area).
public struct TextAnnotation: Sendable, Equatable {
    /// The text.
    public var text: String
    /// The anchor point in data coordinates.
    public var position: PlotPoint
    /// Horizontal alignment of the text at the anchor.
    public var anchor: TextAnchor
    /// A shift in pixels applied after mapping (positive `dy` moves down).
    public var offset: (dx: Double, dy: Double)
    /// The text colour.
    public var color: PlotColor
    /// Bold text.
    public var isBold: Bool

    /// Creates an annotation.
    public init(
        _ text: String, at position: PlotPoint, anchor: TextAnchor = .start, offset: (dx: Double, dy: Double) = (0, 0),
        color: PlotColor = .ink, isBold: Bool = false
    ) {
        self.text = text
        self.position = position
        self.anchor = anchor
        self.offset = offset
        self.color = color
        self.isBold = isBold
    }

    public static func == (a: TextAnnotation, b: TextAnnotation) -> Bool {
        a.text == b.text && a.position == b.position && a.anchor == b.anchor && a.offset.dx == b.offset.dx
            && a.offset.dy == b.offset.dy && a.color == b.color && a.isBold == b.isBold
    }
}

/// One plot: two axes, layers of data, annotations, a legend and notes.
///
/// Every mark is clipped to the plot area: lines and segments are cut at its edges, markers
/// outside it are left out, bars and bands are cut to it. Values a log axis cannot show
/// (zero or negative) are left out and a note under the plot says how many. Render a chart
/// alone with ``svg(width:)`` or stack several in a ``Figure``.
public struct Chart: Sendable, Equatable {
    /// The title above the plot, or `nil`.
    public var title: String?
    /// The horizontal axis.
    public var xAxis: Axis
    /// The vertical axis.
    public var yAxis: Axis
    /// The layers, drawn in order (later ones on top).
    public var series: [Series]
    /// Text labels at data points.
    public var annotations: [TextAnnotation]
    /// Lines of small text under the plot (the chart adds its own about omitted values).
    public var notes: [String]
    /// The chart's total height in pixels, title, legend and notes included.
    public var height: Double
    /// Whether to draw the legend (series with a name only).
    public var showsLegend: Bool

    /// Creates a chart.
    public init(
        title: String? = nil, xAxis: Axis, yAxis: Axis, series: [Series] = [], annotations: [TextAnnotation] = [],
        notes: [String] = [], height: Double = 440, showsLegend: Bool = true
    ) {
        self.title = title
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.series = series
        self.annotations = annotations
        self.notes = notes
        self.height = height
        self.showsLegend = showsLegend
    }

    /// The chart as a standalone SVG document.
    ///
    /// - Parameter width: The width in pixels (800 reads well on screen and in the report).
    public func svg(width: Double = 800) -> String {
        Figure(panels: [self], width: width).svg()
    }
}

/// One or more charts stacked vertically, sharing the width, with an optional overall title.
public struct Figure: Sendable, Equatable {
    /// The title above all panels, or `nil`.
    public var title: String?
    /// The charts, top to bottom.
    public var panels: [Chart]
    /// The width in pixels.
    public var width: Double

    /// Creates a figure.
    public init(title: String? = nil, panels: [Chart], width: Double = 800) {
        self.title = title
        self.panels = panels
        self.width = width
    }

    /// The figure's height in pixels.
    public var height: Double {
        (title == nil ? 0 : Self.titleHeight) + panels.reduce(0) { $0 + $1.height }
    }

    static let titleHeight = 36.0
    static let fontFamily = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"

    /// The figure as a standalone SVG document (with XML declaration and SVG namespace).
    ///
    /// - Complexity: O(total points).
    public func svg() -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + render(standalone: true)
    }

    /// The figure as an `<svg>` element for inline use in HTML (no namespace, no external
    /// reference of any kind).
    public func inlineSVG() -> String {
        render(standalone: false)
    }

    func render(standalone: Bool) -> String {
        var out = SVGWriter()
        var attributes: [(String, String)] = []
        if standalone { attributes.append(("xmlns", "http://www.w3.org/2000/svg")) }
        let w = Markup.number(width)
        let h = Markup.number(height)
        attributes += [
            ("width", w), ("height", h), ("viewBox", "0 0 \(w) \(h)"), ("font-family", Self.fontFamily),
            ("font-size", "12"), ("role", "img"), ("class", "rdopt-figure"),
        ]
        out.open("svg", attributes)
        let label = title ?? panels.compactMap(\.title).first ?? "chart"
        out.element("title", text: label)
        out.element(
            "rect", [("class", "background"), ("x", "0"), ("y", "0"), ("width", w), ("height", h), ("fill", "#ffffff")])
        var y = 0.0
        if let title {
            out.element(
                "text",
                [
                    ("class", "figure-title"), ("x", Markup.number(width / 2)), ("y", "25"), ("text-anchor", "middle"),
                    ("font-size", "17"), ("font-weight", "600"), ("fill", PlotColor.ink.description),
                ],
                text: title)
            y = Self.titleHeight
        }
        for panel in panels {
            var renderer = ChartRenderer(chart: panel, width: width, top: y)
            renderer.render(into: &out)
            y += panel.height
        }
        out.close("svg")
        return out.text
    }
}
