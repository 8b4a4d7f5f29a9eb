/// Everything the quantiser map shows, for scalar data.
public struct QuantizerMapData: Sendable, Equatable {
    /// The data histogram.
    public var histogram: Histogram
    /// The cell boundaries of the hard encoding rule (where the chosen codeword changes).
    public var cellBoundaries: [Double]
    /// The reconstruction points y_j.
    public var reconstructionPoints: [Double]
    /// The probability q_j of each reconstruction point (same order), if known.
    public var probabilities: [Double]?
    /// Regions of x where samples are important (RDWorkflows derives them from an importance rule).
    public var importantRegions: [ClosedRange<Double>]

    /// Creates the map's data.
    public init(
        histogram: Histogram, cellBoundaries: [Double], reconstructionPoints: [Double],
        probabilities: [Double]? = nil, importantRegions: [ClosedRange<Double>] = []
    ) {
        self.histogram = histogram
        self.cellBoundaries = cellBoundaries
        self.reconstructionPoints = reconstructionPoints
        self.probabilities = probabilities
        self.importantRegions = importantRegions
    }
}

extension Figure {
    /// The quantiser map. Upper panel: the data density with the cell
    /// boundaries and the important region shaded. Lower panel, on the same x range: each
    /// reconstruction point as a stem whose height is its probability q_j (or a marker row
    /// when no probabilities are given), with the same boundaries and shading.
    ///
    /// - Complexity: O(bins + codewords).
    public static func quantizerMap(
        _ data: QuantizerMapData, xLabel: String = "sample value x", title: String = "Quantiser map"
    ) -> Figure {
        let points = data.reconstructionPoints
        let all = data.histogram.edges + points + data.cellBoundaries
        let finite = all.filter(\.isFinite)
        let shared = TickGenerator.linear(
            lower: finite.min() ?? 0, upper: finite.max() ?? 1, target: 8, fixed: false)
        let xAxis = Axis(xLabel, domain: shared.lower...shared.upper)

        let band = Series.bands(
            "important region", data.importantRegions, color: .vermillion, opacity: 0.13)
        let cells = Series(
            name: "cell boundaries", kind: .verticalRules(data.cellBoundaries),
            style: SeriesStyle(color: .gray, lineWidth: 0.8, dash: .dashed))
        let density = Chart(
            title: "Data and cells", xAxis: xAxis, yAxis: Axis("density", includesZero: true),
            series: [
                band,
                Series(
                    name: "data histogram",
                    kind: .histogram(
                        edges: data.histogram.edges, heights: data.histogram.densities),
                    style: SeriesStyle(color: .skyBlue, fillOpacity: 0.55)),
                cells,
            ],
            height: 340)

        var codeSeries: [Series] = [
            Series(name: nil, kind: band.kind, style: band.style),
            Series(name: nil, kind: cells.kind, style: cells.style),
        ]
        let codebook: Chart
        if let q = data.probabilities, q.count == points.count {
            let tops = zip(points, q).map { PlotPoint($0, $1) }
            codeSeries.append(
                Series(
                    name: nil,
                    kind: .segments(tops.map { PlotSegment(from: PlotPoint($0.x, 0), to: $0) }),
                    style: SeriesStyle(color: .blue, lineWidth: 1.5)))
            codeSeries.append(
                .scatter(
                    "reconstruction point y_j (height q_j)", tops, color: .blue, marker: .circle,
                    radius: 4))
            codebook = Chart(
                title: "Codebook (\(points.count) codewords)", xAxis: xAxis,
                yAxis: Axis("probability q_j", includesZero: true),
                series: codeSeries, height: 260)
        } else {
            codeSeries.append(
                .scatter(
                    "reconstruction point y_j", points.map { PlotPoint($0, 0.5) }, color: .blue,
                    marker: .diamond,
                    radius: 5))
            codebook = Chart(
                title: "Codebook (\(points.count) codewords)", xAxis: xAxis,
                yAxis: Axis("", domain: 0...1, ticks: []), series: codeSeries, height: 200)
        }
        return Figure(title: title, panels: [density, codebook])
    }
}
