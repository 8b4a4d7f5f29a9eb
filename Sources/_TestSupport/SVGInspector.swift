import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Parses an SVG (or XHTML) document with Foundation's XMLParser and checks the plot
/// invariants: every panel has a plot area and both axes, and every mark of the data and
/// annotation layers lies inside its panel's plot area.
public final class SVGInspector: NSObject, XMLParserDelegate {
    public struct Panel {
        public var plotArea: (left: Double, top: Double, right: Double, bottom: Double)?
        public var hasXAxis = false
        public var hasYAxis = false
        public var tickLabels = 0
        public var marks = 0
    }

    public private(set) var isWellFormed = false
    public private(set) var parseError: String?
    public private(set) var panels: [Panel] = []
    /// Coordinates found outside their plot area, described for the failure message.
    public private(set) var strays: [String] = []
    public private(set) var elementCounts: [String: Int] = [:]
    public private(set) var texts: [String] = []

    private var stack: [(name: String, classes: Set<String>)] = []
    private var currentText = ""

    /// Parses `document`; returns the inspector with its findings.
    public static func inspect(_ document: String) -> SVGInspector {
        let inspector = SVGInspector()
        let parser = XMLParser(data: Data(document.utf8))
        parser.delegate = inspector
        inspector.isWellFormed = parser.parse()
        if !inspector.isWellFormed {
            inspector.parseError =
                "\(parser.parserError.map { "\($0)" } ?? "?") at line \(parser.lineNumber)"
        }
        return inspector
    }

    private var inMarkLayer: Bool {
        stack.contains {
            $0.name == "g" && ($0.classes.contains("data") || $0.classes.contains("annotations"))
        }
    }

    public func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
        qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        let classes = Set((attributes["class"] ?? "").split(separator: " ").map(String.init))
        stack.append((name, classes))
        elementCounts[name, default: 0] += 1
        currentText = ""
        if name == "g", classes.contains("panel") { panels.append(Panel()) }
        guard !panels.isEmpty else { return }
        let index = panels.count - 1
        if name == "rect", classes.contains("plot-area") {
            let x = Double(attributes["x"] ?? "") ?? .nan
            let y = Double(attributes["y"] ?? "") ?? .nan
            let w = Double(attributes["width"] ?? "") ?? .nan
            let h = Double(attributes["height"] ?? "") ?? .nan
            panels[index].plotArea = (x, y, x + w, y + h)
        }
        if name == "g", classes.contains("x-axis") { panels[index].hasXAxis = true }
        if name == "g", classes.contains("y-axis") { panels[index].hasYAxis = true }
        if name == "text", classes.contains("tick-label") { panels[index].tickLabels += 1 }
        guard inMarkLayer, name != "g" else { return }
        panels[index].marks += 1
        for (x, y) in Self.coordinates(name: name, classes: classes, attributes: attributes) {
            check(x, y, element: name, in: index)
        }
    }

    public func parser(_ parser: XMLParser, foundCharacters string: String) {
        currentText += string
    }

    public func parser(
        _ parser: XMLParser, didEndElement name: String, namespaceURI: String?,
        qualifiedName: String?
    ) {
        if name == "text" || name == "title" { texts.append(currentText) }
        currentText = ""
        stack.removeLast()
    }

    private func check(_ x: Double, _ y: Double, element: String, in index: Int) {
        guard let a = panels[index].plotArea else {
            strays.append("\(element) at (\(x), \(y)) before any plot area")
            return
        }
        let slack = 0.011
        if !(x >= a.left - slack && x <= a.right + slack && y >= a.top - slack
            && y <= a.bottom + slack)
        {
            strays.append("\(element) at (\(x), \(y)) outside \(a)")
        }
    }

    /// The coordinates that must lie in the plot area. Markers count by their centre.
    static func coordinates(name: String, classes: Set<String>, attributes: [String: String]) -> [(
        Double, Double
    )] {
        func number(_ key: String) -> Double { Double(attributes[key] ?? "") ?? .nan }
        switch name {
        case "circle":
            return [(number("cx"), number("cy"))]
        case "rect":
            let x = number("x")
            let y = number("y")
            return [(x, y), (x + number("width"), y + number("height"))]
        case "line":
            return [(number("x1"), number("y1")), (number("x2"), number("y2"))]
        case "text":
            return [(number("x"), number("y"))]
        case "polyline", "polygon":
            let pairs = (attributes["points"] ?? "").split(separator: " ").map {
                pair -> (Double, Double) in
                let parts = pair.split(separator: ",")
                return (Double(parts.first ?? "") ?? .nan, Double(parts.last ?? "") ?? .nan)
            }
            if classes.contains("marker"), !pairs.isEmpty {
                let n = Double(pairs.count)
                return [(pairs.map(\.0).reduce(0, +) / n, pairs.map(\.1).reduce(0, +) / n)]
            }
            return pairs
        default:
            // An unexpected element in a mark layer fails the check.
            return [(Double.nan, Double.nan)]
        }
    }
}
