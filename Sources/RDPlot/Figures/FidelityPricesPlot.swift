/// The dual prices of one fidelity class: μ_i for each member element at its value x_i.
public struct FidelityPriceSet: Sendable, Equatable {
    /// The class name, e.g. `tail`.
    public var name: String
    /// One point per member: x is the element's value, y its price μ_i.
    public var prices: [PlotPoint]

    /// Creates a price set.
    public init(name: String, prices: [PlotPoint]) {
        self.name = name
        self.prices = prices
    }
}

extension Figure {
    /// Fidelity prices μ_i against x: a stem and a marker per constrained
    /// element, one colour per class. A price is the rate saved per unit of relaxation of that
    /// element's tolerance; zero means the element's bound does not bind.
    ///
    /// - Parameters:
    ///   - classes: One price set per fidelity class.
    ///   - xLabel: What x is (for vectors: which coordinate or summary is plotted).
    ///   - title: The chart's title, above the plot.
    /// - Complexity: O(members).
    public static func fidelityPrices(
        _ classes: [FidelityPriceSet], xLabel: String = "source value x",
        title: String = "Fidelity prices"
    ) -> Figure {
        var series: [Series] = []
        var annotations: [TextAnnotation] = []
        let colors: [PlotColor] = [.vermillion, .blue, .green, .purple, .orange]
        var binding = 0
        var total = 0
        for (i, set) in classes.enumerated() {
            let color = colors[i % colors.count]
            let stems = set.prices.map { PlotSegment(from: PlotPoint($0.x, 0), to: $0) }
            series.append(
                Series(
                    name: nil, kind: .segments(stems),
                    style: SeriesStyle(color: color, lineWidth: 1.2)))
            series.append(
                .scatter(
                    "\(set.name) (\(set.prices.count) elements)", set.prices, color: color,
                    radius: 3.5))
            binding += set.prices.filter { $0.y > 0 }.count
            total += set.prices.count
            if let top = set.prices.max(by: { $0.y < $1.y }), top.y > 0 {
                annotations.append(
                    TextAnnotation(
                        "max μ = \(NumberText.format(top.y, significant: 3)) at x = \(NumberText.format(top.x, significant: 3))",
                        at: top, anchor: .middle, offset: (0, -10), color: color))
            }
        }
        let chart = Chart(
            title: title, xAxis: Axis(xLabel),
            yAxis: Axis("price μ_i (nats per unit of tolerance)", includesZero: true),
            series: series, annotations: annotations,
            notes: [
                "\(binding) of \(total) constrained elements have a positive price (their bound binds)."
            ],
            height: 420)
        return Figure(panels: [chart])
    }
}
