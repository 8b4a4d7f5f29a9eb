/// The report's inline style sheet: system fonts only, a readable measure, quiet tables,
/// figures scaled to the page width, and a print layout.
enum ReportStyle {
    static let css = """
        :root {
          --ink: #1f2328; --muted: #57606a; --line: #d8dee4; --panel: #ffffff;
          --page: #f5f6f8; --accent: #0072b2; --code: #f0f2f5;
        }
        * { box-sizing: border-box; }
        html { background: var(--page); }
        body {
          margin: 0; color: var(--ink); background: var(--page);
          font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
        }
        main { max-width: 920px; margin: 0 auto; padding: 32px 24px 48px; }
        header { border-bottom: 3px solid var(--accent); margin-bottom: 24px; padding-bottom: 8px; }
        h1 { font-size: 30px; line-height: 1.2; margin: 0 0 6px; letter-spacing: -0.01em; }
        h2 { font-size: 21px; margin: 0 0 12px; }
        .subtitle { color: var(--muted); margin: 0 0 8px; }
        section {
          background: var(--panel); border: 1px solid var(--line); border-radius: 10px;
          padding: 20px 24px; margin: 0 0 22px; box-shadow: 0 1px 2px rgba(31, 35, 40, 0.04);
        }
        p { margin: 0 0 12px; }
        table { border-collapse: collapse; width: 100%; margin: 4px 0 16px; font-size: 15px; }
        caption { text-align: left; font-weight: 600; padding: 0 0 6px; }
        th, td { text-align: left; padding: 7px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
        thead th { border-bottom: 2px solid var(--ink); font-weight: 600; }
        tbody tr:nth-child(even) { background: #fafbfc; }
        .summary-table th, .settings-table th { width: 42%; color: var(--muted); font-weight: 500; }
        .summary-table td { font-weight: 600; font-variant-numeric: tabular-nums; }
        td { font-variant-numeric: tabular-nums; }
        nav.contents { margin: 0 0 22px; color: var(--muted); }
        nav.contents ol { margin: 0; padding-left: 22px; columns: 2; }
        nav.contents a { color: var(--accent); text-decoration: none; }
        nav.contents a:hover { text-decoration: underline; }
        figure { margin: 18px 0 8px; }
        figure svg { display: block; max-width: 100%; height: auto; margin: 0 auto; }
        figcaption { color: var(--muted); font-size: 14px; margin-top: 6px; text-align: center; }
        pre.command {
          background: var(--code); border: 1px solid var(--line); border-radius: 6px; padding: 12px 14px;
          overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere;
          font: 14px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
        }
        footer { max-width: 920px; margin: 0 auto; padding: 0 24px 32px; color: var(--muted); font-size: 13px; }
        @media print {
          html, body { background: #ffffff; }
          section { border: none; box-shadow: none; padding: 0; break-inside: avoid; }
          nav.contents { display: none; }
        }

        """
}
