import Foundation
import Testing
import _TestSupport

@testable import RDPlot

@Suite("HTML report")
struct HTMLReportTests {
    let html = SampleReport.report.html()

    @Test("references nothing outside itself") func referencesNothingOutsideItself() throws {
        let lower = html.lowercased()
        #expect(!lower.contains("http"))
        #expect(!lower.contains("src="))
        #expect(!lower.contains("<script"))
        #expect(!lower.contains("<link"))
        #expect(!lower.contains("@import"))
        #expect(!lower.contains("@font-face"))
        for match in lower.ranges(of: "href=\"") {
            #expect(lower[match.upperBound...].hasPrefix("#"), "href to outside")
        }
        for match in lower.ranges(of: "url(") {
            #expect(lower[match.upperBound...].hasPrefix("#"), "url( to outside")
        }
    }

    @Test("is well formed and holds every figure") func isWellFormedAndHoldsEveryFigure() {
        let inspector = SVGInspector.inspect(html)
        #expect(inspector.isWellFormed, "\(inspector.parseError ?? "")")
        #expect(inspector.elementCounts["svg"] == 5)
        #expect(inspector.elementCounts["figure"] == 5)
        #expect(inspector.strays.isEmpty)
        #expect(inspector.panels.allSatisfy { $0.hasXAxis && $0.hasYAxis })
    }

    @Test("summary settings and command are there and escaped")
    func summarySettingsAndCommandAreThereAndEscaped() {
        #expect(html.contains("<th scope=\"row\">certified lower bound</th>"))
        #expect(html.contains("--report &quot;r&amp;d &lt;1&gt;.html&quot;"))
        #expect(html.contains("&lt;on the same data&gt;"))
        #expect(html.contains("<title>rdopt design — gaussian.csv</title>"))
        #expect(html.contains("id=\"reproduce\""))
        #expect(html.contains("<td></td>"))  // the short row is padded
    }

    @Test("minimal report is valid") func minimalReportIsValid() {
        let text = HTMLReport(title: "x").html()
        #expect(SVGInspector.inspect(text).isWellFormed)
        #expect(!text.contains("<nav"))
    }
}
