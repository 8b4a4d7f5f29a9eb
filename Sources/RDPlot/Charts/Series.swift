/// A point in data coordinates.
public struct PlotPoint: Sendable, Equatable {
    /// The horizontal coordinate.
    public var x: Double
    /// The vertical coordinate.
    public var y: Double

    /// Creates a point.
    public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }
}

/// A straight segment in data coordinates.
public struct PlotSegment: Sendable, Equatable {
    /// One end.
    public var start: PlotPoint
    /// The other end.
    public var end: PlotPoint

    /// Creates a segment.
    public init(from start: PlotPoint, to end: PlotPoint) {
        self.start = start
        self.end = end
    }
}

/// A bar from `base` to `value`, centred at `center` and `width` wide (data units).
public struct Bar: Sendable, Equatable {
    /// The bar's horizontal centre.
    public var center: Double
    /// The bar's width.
    public var width: Double
    /// The bar's top (or bottom, for negative bars).
    public var value: Double
    /// Where the bar starts, usually 0.
    public var base: Double

    /// Creates a bar.
    public init(center: Double, width: Double, value: Double, base: Double = 0) {
        self.center = center
        self.width = width
        self.value = value
        self.base = base
    }
}

/// The shape drawn for each point of a scatter series.
public enum MarkerShape: Sendable, Equatable {
    case circle, square, diamond, triangle
}

/// How a line is stroked.
public enum LineDash: Sendable, Equatable {
    case solid, dashed, dotted

    /// The SVG `stroke-dasharray`, or `nil` for a solid line.
    var dashArray: String? {
        switch self {
        case .solid: nil
        case .dashed: "7 4"
        case .dotted: "2 3"
        }
    }
}

/// Colour, stroke and marker of a series.
public struct SeriesStyle: Sendable, Equatable {
    /// The stroke and fill colour.
    public var color: PlotColor
    /// The stroke width in pixels.
    public var lineWidth: Double
    /// Solid, dashed or dotted.
    public var dash: LineDash
    /// The marker of scatter points (and of line points when `showsMarkers`).
    public var marker: MarkerShape
    /// The marker's radius in pixels.
    public var markerRadius: Double
    /// Also draw markers at a line's points.
    public var showsMarkers: Bool
    /// Opacity of filled shapes (bars, histograms, bands), 0–1.
    public var fillOpacity: Double

    /// Creates a style; every argument but the colour has a sensible default.
    public init(
        color: PlotColor, lineWidth: Double = 2, dash: LineDash = .solid,
        marker: MarkerShape = .circle,
        markerRadius: Double = 4, showsMarkers: Bool = false, fillOpacity: Double = 0.75
    ) {
        self.color = color
        self.lineWidth = lineWidth
        self.dash = dash
        self.marker = marker
        self.markerRadius = markerRadius
        self.showsMarkers = showsMarkers
        self.fillOpacity = fillOpacity
    }
}

/// One layer of a chart: data of one kind, drawn in one style, with an optional legend entry.
public struct Series: Sendable, Equatable {
    /// What is drawn.
    public enum Kind: Sendable, Equatable {
        /// A polyline through the points in order; non-finite points break it.
        case line([PlotPoint])
        /// A marker at every point.
        case scatter([PlotPoint])
        /// A staircase: from each point horizontally to the next point's x, then vertically.
        case step([PlotPoint])
        /// Independent straight segments (tangents, stems, brackets).
        case segments([PlotSegment])
        /// Filled bars.
        case bars([Bar])
        /// A histogram: `heights[i]` over `edges[i]...edges[i+1]` (`edges.count == heights.count + 1`).
        case histogram(edges: [Double], heights: [Double])
        /// Shaded regions spanning the full height of the plot (e.g. the important region).
        case verticalBands([ClosedRange<Double>])
        /// Vertical lines across the full height (e.g. cell boundaries).
        case verticalRules([Double])
        /// Horizontal lines across the full width (e.g. a reference level).
        case horizontalRules([Double])
    }

    /// The legend entry; `nil` leaves the series out of the legend.
    public var name: String?
    /// The data.
    public var kind: Kind
    /// How it is drawn.
    public var style: SeriesStyle
    /// Whether the automatic axis ranges make room for this series (lines, markers, bars and
    /// histograms only; segments, bands and rules never widen a range). Set it to `false` for
    /// guide lines such as tangents, which are then simply cut at the plot's edges.
    public var widensAxes: Bool

    /// Creates a series.
    public init(name: String?, kind: Kind, style: SeriesStyle, widensAxes: Bool = true) {
        self.name = name
        self.kind = kind
        self.style = style
        self.widensAxes = widensAxes
    }

    /// A line series.
    public static func line(
        _ name: String?, _ points: [PlotPoint], color: PlotColor, dash: LineDash = .solid,
        width: Double = 2, showsMarkers: Bool = false
    ) -> Series {
        Series(
            name: name, kind: .line(points),
            style: SeriesStyle(
                color: color, lineWidth: width, dash: dash, showsMarkers: showsMarkers))
    }

    /// A scatter series.
    public static func scatter(
        _ name: String?, _ points: [PlotPoint], color: PlotColor, marker: MarkerShape = .circle,
        radius: Double = 4
    ) -> Series {
        Series(
            name: name, kind: .scatter(points),
            style: SeriesStyle(color: color, marker: marker, markerRadius: radius))
    }

    /// A shaded band series.
    public static func bands(
        _ name: String?, _ ranges: [ClosedRange<Double>], color: PlotColor, opacity: Double = 0.15
    )
        -> Series
    {
        Series(
            name: name, kind: .verticalBands(ranges),
            style: SeriesStyle(color: color, lineWidth: 0, fillOpacity: opacity))
    }

    /// Whether the legend shows a filled swatch (rather than a line or a marker).
    var hasFilledSwatch: Bool {
        switch kind {
        case .bars, .histogram, .verticalBands: true
        default: false
        }
    }
}
