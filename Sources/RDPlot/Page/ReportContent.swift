/// A key and its value, one row of a two-column table (summary, settings).
public struct ReportRow: Sendable, Equatable {
    /// The left column, e.g. `rate H(Y)`.
    public var key: String
    /// The right column, e.g. `1.734 bits/sample`.
    public var value: String

    /// Creates a row.
    public init(_ key: String, _ value: String) {
        self.key = key
        self.value = value
    }
}

/// A table with a header row, e.g. the baselines compared at the target distortion.
public struct ReportTable: Sendable, Equatable {
    /// The caption above the table, or `nil`.
    public var caption: String?
    /// Column titles.
    public var columns: [String]
    /// Rows of cells; short rows are padded with empty cells.
    public var rows: [[String]]

    /// Creates a table.
    public init(caption: String? = nil, columns: [String], rows: [[String]]) {
        self.caption = caption
        self.columns = columns
        self.rows = rows
    }
}

/// A figure with its caption, rendered inline as SVG.
public struct ReportFigure: Sendable, Equatable {
    /// The figure.
    public var figure: Figure
    /// The text under it, or `nil`.
    public var caption: String?

    /// Creates a report figure.
    public init(_ figure: Figure, caption: String? = nil) {
        self.figure = figure
        self.caption = caption
    }
}

/// A titled part of the report: paragraphs, then tables, then figures.
public struct ReportSection: Sendable, Equatable {
    /// The heading.
    public var heading: String
    /// Plain-text paragraphs (escaped; no markup is interpreted).
    public var paragraphs: [String]
    /// Tables.
    public var tables: [ReportTable]
    /// Figures.
    public var figures: [ReportFigure]

    /// Creates a section.
    public init(
        _ heading: String, paragraphs: [String] = [], tables: [ReportTable] = [],
        figures: [ReportFigure] = []
    ) {
        self.heading = heading
        self.paragraphs = paragraphs
        self.tables = tables
        self.figures = figures
    }
}
