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
        _ text: String, at position: PlotPoint, anchor: TextAnchor = .start,
        offset: (dx: Double, dy: Double) = (0, 0),
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
        a.text == b.text && a.position == b.position && a.anchor == b.anchor
            && a.offset.dx == b.offset.dx
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
        title: String? = nil, xAxis: Axis, yAxis: Axis, series: [Series] = [],
        annotations: [TextAnnotation] = [],
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
