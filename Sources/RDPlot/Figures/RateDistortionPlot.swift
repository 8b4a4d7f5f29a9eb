import Foundation

/// One point of a traced rate–distortion curve, as `rdopt curve` writes it.
public struct RateDistortionCurvePoint: Sendable, Equatable {
    /// The distortion bound D.
    public var distortion: Double
    /// The rate found, I(Q) in bits (an upper bound on R(D)).
    public var rateBits: Double
    /// The certified lower bound on R(D), in bits.
    public var lowerBoundBits: Double
    /// The slope s = λ = −R′(D) in nats per unit distortion (the solver's multiplier).
    public var slope: Double

    /// Creates a curve point.
    public init(distortion: Double, rateBits: Double, lowerBoundBits: Double, slope: Double) {
        self.distortion = distortion
        self.rateBits = rateBits
        self.lowerBoundBits = lowerBoundBits
        self.slope = slope
    }
}

/// A named (distortion, bits) point, e.g. the designed quantiser.
public struct OperatingPoint: Sendable, Equatable {
    /// The legend text.
    public var label: String
    /// The distortion measured.
    public var distortion: Double
    /// The rate measured, in bits per sample.
    public var bits: Double

    /// Creates an operating point.
    public init(_ label: String, distortion: Double, bits: Double) {
        self.label = label
        self.distortion = distortion
        self.bits = bits
    }
}

/// The (distortion, bits) points a baseline method found: its lower convex hull.
public struct BaselineHull: Sendable, Equatable {
    /// The method's name, e.g. `ECSQ Lloyd`.
    public var name: String
    /// Hull points, in any order (they are sorted by distortion for drawing).
    public var points: [PlotPoint]

    /// Creates a hull from points whose x is the distortion and y the bits.
    public init(name: String, points: [PlotPoint]) {
        self.name = name
        self.points = points
    }
}

/// Everything the rate–distortion figure shows.
public struct RateDistortionPlotData: Sendable, Equatable {
    /// The traced curve with its certified bounds and slopes.
    public var curve: [RateDistortionCurvePoint]
    /// How many curve points get a tangent line of slope −s (spread over the curve).
    public var tangentCount: Int
    /// The designed quantiser's measured (D, H(Y)), if any.
    public var designed: OperatingPoint?
    /// The bits per sample the compressed file actually used, if known.
    public var written: OperatingPoint?
    /// Baseline hulls.
    public var baselines: [BaselineHull]
    /// The target distortion, drawn as a vertical line.
    public var targetDistortion: Double?
    /// Draw the distortion axis on a log scale.
    public var isDistortionLogarithmic: Bool
    /// What the distortion is, for the axis title (e.g. "mean squared error per dimension",
    /// "Hamming: fraction of symbols wrong").
    public var distortionMeaning: String

    /// Creates the figure's data; only the curve is required.
    public init(
        curve: [RateDistortionCurvePoint], tangentCount: Int = 3, designed: OperatingPoint? = nil,
        written: OperatingPoint? = nil, baselines: [BaselineHull] = [],
        targetDistortion: Double? = nil,
        isDistortionLogarithmic: Bool = false,
        distortionMeaning: String = "mean squared error per dimension"
    ) {
        self.distortionMeaning = distortionMeaning
        self.curve = curve
        self.tangentCount = tangentCount
        self.designed = designed
        self.written = written
        self.baselines = baselines
        self.targetDistortion = targetDistortion
        self.isDistortionLogarithmic = isDistortionLogarithmic
    }
}

extension Figure {
    /// The R–D curve: the rate found and its certified lower bound against
    /// D, tangents of slope −s at a few points, baseline hulls, and the designed quantiser.
    ///
    /// Tangent lines use `R(D₀) − (λ / ln 2)(D − D₀)` in bits; because R(D) is convex, each is
    /// a supporting line that the whole curve lies above.
    ///
    /// - Complexity: O(curve points + baseline points).
    public static func rateDistortion(
        _ data: RateDistortionPlotData, title: String = "Rate–distortion curve"
    ) -> Figure {
        let curve = data.curve.sorted { $0.distortion < $1.distortion }
        var series = baselineSeries(data)
        series.append(
            .line(
                "rate found I(Q)", curve.map { PlotPoint($0.distortion, $0.rateBits) },
                color: .blue, width: 2.5))
        series.append(
            .line(
                "certified lower bound", curve.map { PlotPoint($0.distortion, $0.lowerBoundBits) },
                color: .green,
                dash: .dashed, width: 2))
        let tangents = tangentSeries(curve, data: data)
        series += tangents.series
        series += quantizerMarks(data)
        if let target = data.targetDistortion {
            series.insert(
                Series(
                    name: "target D", kind: .verticalRules([target]),
                    style: SeriesStyle(color: .gray, lineWidth: 1, dash: .dashed)), at: 0)
        }
        var notes: [String] = []
        if let worst = curve.map({ $0.rateBits - $0.lowerBoundBits }).max() {
            notes.append(
                "Largest gap between the rate found and its certified lower bound: \(NumberText.format(worst, significant: 2)) bit."
            )
        }
        let chart = Chart(
            title: title,
            xAxis: Axis(
                "distortion D (\(data.distortionMeaning))",
                scale: data.isDistortionLogarithmic ? .log10 : .linear),
            yAxis: Axis("rate (bits per sample)", includesZero: true),
            series: series, annotations: tangents.annotations, notes: notes, height: 540)
        return Figure(panels: [chart])
    }

    /// The baselines' operating-point hulls, one colour each.
    static func baselineSeries(_ data: RateDistortionPlotData) -> [Series] {
        let baselineColors: [PlotColor] = [.orange, .purple, .skyBlue, .gray]
        return data.baselines.enumerated().map { i, hull in
            .line(
                hull.name, hull.points.sorted { $0.x < $1.x },
                color: baselineColors[i % baselineColors.count],
                dash: .solid, width: 1.5, showsMarkers: true)
        }
    }

    /// Supporting lines of slope −s at a few curve points (drawn in bits), each labelled with
    /// its slope in nats per unit, as in every table and CSV.
    static func tangentSeries(_ curve: [RateDistortionCurvePoint], data: RateDistortionPlotData)
        -> (series: [Series], annotations: [TextAnnotation])
    {
        var series: [Series] = []
        var annotations: [TextAnnotation] = []
        let dLow = curve.first?.distortion ?? 0
        let dHigh = curve.last?.distortion ?? 1
        for (n, index) in tangentIndices(count: curve.count, wanted: data.tangentCount).enumerated()
        {
            let p = curve[index]
            let bitsSlope = p.slope / log(2)
            let points = tangentAbscissae(
                around: p.distortion, low: dLow, high: dHigh,
                logarithmic: data.isDistortionLogarithmic
            )
            .map { PlotPoint($0, p.rateBits - bitsSlope * ($0 - p.distortion)) }
            var tangent = Series.line(
                n == 0 ? "tangent, slope −s (drawn in bits)" : nil, points, color: .gray,
                dash: .dotted,
                width: 1.5)
            tangent.widensAxes = false
            series.append(tangent)
            annotations.append(
                TextAnnotation(
                    "s = \(NumberText.format(p.slope, significant: 3)) nats/unit",
                    at: PlotPoint(p.distortion, p.rateBits), offset: (8, -8), color: .gray))
        }
        return (series, annotations)
    }

    /// The bits written and the designed quantiser, as single marks.
    static func quantizerMarks(_ data: RateDistortionPlotData) -> [Series] {
        var series: [Series] = []
        if let written = data.written {
            series.append(
                .scatter(
                    written.label, [PlotPoint(written.distortion, written.bits)], color: .ink,
                    marker: .square,
                    radius: 4))
        }
        if let designed = data.designed {
            series.append(
                .scatter(
                    designed.label, [PlotPoint(designed.distortion, designed.bits)],
                    color: .vermillion,
                    marker: .diamond, radius: 6))
        }
        return series
    }

    /// `wanted` indices spread over `0..<count`, away from the ends.
    static func tangentIndices(count: Int, wanted: Int) -> [Int] {
        guard count > 0, wanted > 0 else { return [] }
        let k = min(wanted, count)
        let indices = (0..<k).map { Int((Double($0) + 0.5) / Double(k) * Double(count - 1) + 0.5) }
        return Array(Set(indices)).sorted()
    }

    /// Points along a short tangent around `d`: a quarter of the range each side, or a factor
    /// of 2 each side on a log axis.
    static func tangentAbscissae(around d: Double, low: Double, high: Double, logarithmic: Bool)
        -> [Double]
    {
        if logarithmic {
            return (0...16).map { d * pow(2, Double($0 - 8) / 8) }
        }
        let half = max(high - low, abs(d) * 0.1, 1e-12) * 0.25
        return [d - half, d + half]
    }
}
