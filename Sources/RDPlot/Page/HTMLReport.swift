import Foundation

/// A self-contained HTML report: one file with inline CSS and inline SVG figures, and no
/// reference to anything outside itself (no scripts, style sheets, fonts, images or links to
/// other addresses), so it opens the same offline, from an e-mail, or years later.
///
/// Layout: title and subtitle, a summary table, a contents list, the sections with their
/// text, tables and figures, the settings table, and the command that reproduces the report.
/// All text is escaped; nothing the caller passes is interpreted as markup.
public struct HTMLReport: Sendable, Equatable {
    /// The page title and main heading.
    public var title: String
    /// A line under the title, or `nil`.
    public var subtitle: String?
    /// Key figures shown first (rate, bound, gap, D, violations, baselines…).
    public var summary: [ReportRow]
    /// The body.
    public var sections: [ReportSection]
    /// The options the run used.
    public var settings: [ReportRow]
    /// The shell command that reproduces the report, or `nil`.
    public var command: String?
    /// Small print at the end (e.g. the tool's version and the date), or `nil`.
    public var footer: String?

    /// Creates a report.
    public init(
        title: String, subtitle: String? = nil, summary: [ReportRow] = [],
        sections: [ReportSection] = [],
        settings: [ReportRow] = [], command: String? = nil, footer: String? = nil
    ) {
        self.title = title
        self.subtitle = subtitle
        self.summary = summary
        self.sections = sections
        self.settings = settings
        self.command = command
        self.footer = footer
    }

    /// The whole report as one HTML5 document.
    ///
    /// - Complexity: O(total size of the figures and text).
    public func html() -> String {
        var out = SVGWriter()
        out.raw("<!DOCTYPE html>")
        out.open("html", [("lang", "en")])
        out.open("head")
        out.element("meta", [("charset", "utf-8")])
        out.element(
            "meta", [("name", "viewport"), ("content", "width=device-width, initial-scale=1")])
        out.element("meta", [("name", "generator"), ("content", "rdopt")])
        out.element("title", text: title)
        out.raw("<style>\n\(ReportStyle.css)</style>")
        out.close("head")
        out.open("body")
        out.open("main")
        out.open("header")
        out.element("h1", text: title)
        if let subtitle { out.element("p", [("class", "subtitle")], text: subtitle) }
        out.close("header")

        if !summary.isEmpty {
            out.open("section", [("class", "summary"), ("id", "summary")])
            out.element("h2", text: "Summary")
            Self.keyValueTable(summary, class: "summary-table", into: &out)
            out.close("section")
        }
        let anchors = sections.indices.map { "section-\($0 + 1)" }
        if sections.count > 1 {
            out.open("nav", [("class", "contents")])
            out.open("ol")
            for (section, anchor) in zip(sections, anchors) {
                out.open("li")
                out.element("a", [("href", "#\(anchor)")], text: section.heading)
                out.close("li")
            }
            if !settings.isEmpty || command != nil {
                out.open("li")
                out.element("a", [("href", "#reproduce")], text: "Settings and command")
                out.close("li")
            }
            out.close("ol")
            out.close("nav")
        }
        for (section, anchor) in zip(sections, anchors) {
            Self.render(section, id: anchor, into: &out)
        }
        if !settings.isEmpty || command != nil {
            out.open("section", [("id", "reproduce")])
            out.element("h2", text: "Settings and command")
            if !settings.isEmpty {
                Self.keyValueTable(settings, class: "settings-table", into: &out)
            }
            if let command {
                out.element("p", text: "To reproduce this report:")
                out.raw("<pre class=\"command\"><code>\(Markup.escape(command))</code></pre>")
            }
            out.close("section")
        }
        out.close("main")
        if let footer { out.element("footer", text: footer) }
        out.close("body")
        out.close("html")
        return out.text
    }

    static func render(_ section: ReportSection, id: String, into out: inout SVGWriter) {
        out.open("section", [("id", id)])
        out.element("h2", text: section.heading)
        for paragraph in section.paragraphs { out.element("p", text: paragraph) }
        for table in section.tables { render(table, into: &out) }
        for figure in section.figures {
            out.open("figure")
            out.raw(figure.figure.inlineSVG())
            if let caption = figure.caption { out.element("figcaption", text: caption) }
            out.close("figure")
        }
        out.close("section")
    }

    static func render(_ table: ReportTable, into out: inout SVGWriter) {
        out.open("table", [("class", "data-table")])
        if let caption = table.caption { out.element("caption", text: caption) }
        out.open("thead")
        out.open("tr")
        for column in table.columns { out.element("th", [("scope", "col")], text: column) }
        out.close("tr")
        out.close("thead")
        out.open("tbody")
        for row in table.rows {
            out.open("tr")
            for i in 0..<max(table.columns.count, row.count) {
                out.element("td", text: i < row.count ? row[i] : "")
            }
            out.close("tr")
        }
        out.close("tbody")
        out.close("table")
    }

    static func keyValueTable(_ rows: [ReportRow], class name: String, into out: inout SVGWriter) {
        out.open("table", [("class", name)])
        out.open("tbody")
        for row in rows {
            out.open("tr")
            out.element("th", [("scope", "row")], text: row.key)
            out.element("td", text: row.value)
            out.close("tr")
        }
        out.close("tbody")
        out.close("table")
    }
}
