import Foundation
import RDInterchange
import RDPlot
import RDWorkflows
import Testing
import _TestSupport

/// The file side of the plots and the page: atomic writes and the importance rule's shading.
@Suite("Writing pages and shading important regions")
struct PageWritingTests {
    @Test("an HTML page is written atomically, leaving only the page in the folder")
    func writesAtomically() throws {
        let folder = try ScratchFolder()
        let url = folder.url.appendingPathComponent("r.html")
        let page = HTMLReport(title: "x")
        try page.write(to: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == page.html())
        #expect(try folder.contents() == ["r.html"])
    }

    @Test("an importance rule shades the parts of the axis it marks important")
    func importanceRegionsForShading() {
        #expect(
            ImportanceRule.absoluteGreaterThan(2.5).regions(within: -4...4) == [
                -4 ... -2.5, 2.5...4,
            ])
        #expect(ImportanceRule.greaterThan(1).regions(within: -4...4) == [1...4])
        #expect(ImportanceRule.lessThan(-5).regions(within: -4...4) == [])
        #expect(
            ImportanceRule.deviationGreaterThan(2, centre: 1).regions(within: -4...4) == [
                -4 ... -1, 3...4,
            ])
        #expect(ImportanceRule.deviationGreaterThan(2, centre: nil).regions(within: -4...4) == [])
    }
}
