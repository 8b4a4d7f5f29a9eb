import Foundation

/// How an axis maps values to positions.
public enum AxisScale: Sendable, Equatable {
    /// Equal distances for equal differences.
    case linear
    /// Equal distances for equal ratios; only positive values can be shown.
    case log10
}

/// A tick mark with its label, for axes whose ticks the caller chooses (e.g. category names).
public struct AxisTick: Sendable, Equatable {
    /// Where the tick sits, in data units.
    public var value: Double
    /// The text under (or beside) the tick.
    public var label: String

    /// Creates a tick.
    public init(_ value: Double, label: String) {
        self.value = value
        self.label = label
    }
}

/// One axis of a ``Chart``: its label, scale and range.
public struct Axis: Sendable, Equatable {
    /// The axis title, e.g. `distortion D`.
    public var label: String
    /// Linear or logarithmic.
    public var scale: AxisScale
    /// The range shown; `nil` chooses one from the data, widened to "nice" tick values.
    public var domain: ClosedRange<Double>?
    /// Widen the automatic range to include 0 (linear axes only).
    public var includesZero: Bool
    /// Draw values decreasing from left to right (or bottom to top).
    public var isReversed: Bool
    /// Ticks chosen by the caller; `nil` places "nice" ticks automatically.
    public var ticks: [AxisTick]?

    /// Creates an axis.
    ///
    /// - Parameters:
    ///   - label: The axis title.
    ///   - scale: `.linear` (default) or `.log10`.
    ///   - domain: A fixed range, or `nil` to fit the data.
    ///   - includesZero: Keep 0 inside an automatic linear range.
    ///   - isReversed: Draw the axis from high to low.
    ///   - ticks: Explicit ticks, or `nil` for automatic ones.
    public init(
        _ label: String, scale: AxisScale = .linear, domain: ClosedRange<Double>? = nil,
        includesZero: Bool = false, isReversed: Bool = false, ticks: [AxisTick]? = nil
    ) {
        self.label = label
        self.scale = scale
        self.domain = domain
        self.includesZero = includesZero
        self.isReversed = isReversed
        self.ticks = ticks
    }
}

/// An axis resolved against data: the final range, its ticks, and the map to pixels.
struct ResolvedAxis {
    /// One tick: where, what label, and whether it gets a grid line and label (major).
    struct Tick {
        var value: Double
        var label: String
        var isMajor: Bool
    }

    var scale: AxisScale
    var lower: Double
    var upper: Double
    var ticks: [Tick]
    var isReversed: Bool
    /// Pixel positions of `lower` and `upper` (before reversal).
    var start: Double = 0
    var end: Double = 1

    /// The pixel position of `value`, or `nil` if it cannot be shown (non-finite, or ≤ 0 on a
    /// log axis). Values outside the range map outside `start...end`.
    func pixel(_ value: Double) -> Double? {
        guard value.isFinite else { return nil }
        let t: Double
        switch scale {
        case .linear:
            t = (value - lower) / (upper - lower)
        case .log10:
            guard value > 0 else { return nil }
            t =
                (Foundation.log10(value) - Foundation.log10(lower))
                / (Foundation.log10(upper) - Foundation.log10(lower))
        }
        let u = isReversed ? 1 - t : t
        let p = start + u * (end - start)
        return p.isFinite ? p : nil
    }

    /// Whether `value` can be drawn on this axis at all.
    func accepts(_ value: Double) -> Bool {
        value.isFinite && (scale == .linear || value > 0)
    }
}
