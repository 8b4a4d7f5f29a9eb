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
    static let fontFamily =
        "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"

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
            ("width", w), ("height", h), ("viewBox", "0 0 \(w) \(h)"),
            ("font-family", Self.fontFamily),
            ("font-size", "12"), ("role", "img"), ("class", "rdopt-figure"),
        ]
        out.open("svg", attributes)
        let label = title ?? panels.compactMap(\.title).first ?? "chart"
        out.element("title", text: label)
        out.element(
            "rect",
            [
                ("class", "background"), ("x", "0"), ("y", "0"), ("width", w), ("height", h),
                ("fill", "#ffffff"),
            ])
        var y = 0.0
        if let title {
            out.element(
                "text",
                [
                    ("class", "figure-title"), ("x", Markup.number(width / 2)), ("y", "25"),
                    ("text-anchor", "middle"),
                    ("font-size", "17"), ("font-weight", "600"),
                    ("fill", PlotColor.ink.description),
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
