import Foundation
import Quantization
import RDInterchange
import RDPlot
import RateDistortion
import SampleCompression

/// A figure of the report with the file name it is written under (without `.svg`).
public struct NamedFigure: Sendable {
    /// The file stem, e.g. `rd-curve`.
    public var name: String
    /// The figure.
    public var figure: Figure
    /// Its caption in the report.
    public var caption: String

    /// Creates a named figure.
    public init(name: String, figure: Figure, caption: String) {
        self.name = name
        self.figure = figure
        self.caption = caption
    }
}

extension RateDistortionReport {
    /// The figures (a)–(e) that have data, in report order.
    ///
    /// - Complexity: O(curve points + stages + prices + histogram bins + codewords).
    public func figures() -> [NamedFigure] {
        var figures: [NamedFigure] = []
        if let curveFigure { figures.append(curveFigure) }
        if !stages.isEmpty {
            figures.append(
                NamedFigure(
                    name: "annealing",
                    figure: .annealingPath(stages, targetDistortion: targetDistortion),
                    caption:
                        "(b) Deterministic annealing from the relaxation (τ = 1) to a hard encoder."
                ))
        }
        if !prices.isEmpty {
            figures.append(
                NamedFigure(
                    name: "fidelity-prices", figure: .fidelityPrices(prices),
                    caption:
                        "(c) Dual prices μ_i of the per-element fidelity bounds: the rate each important value costs."
                ))
        }
        if let map {
            figures.append(
                NamedFigure(
                    name: "quantizer-map", figure: .quantizerMap(map),
                    caption:
                        "(d) The hard encoding rule on the data: cells, reconstruction points and their mass."
                ))
        }
        if let accountingFigure { figures.append(accountingFigure) }
        return figures
    }

    /// (a) The R(D) curve with the designed, written and baseline points, when traced.
    private var curveFigure: NamedFigure? {
        guard !curve.isEmpty else { return nil }
        let data = RateDistortionPlotData(
            curve: curve, tangentCount: 3,
            designed: designed.map {
                OperatingPoint($0.name, distortion: $0.distortion, bits: $0.entropyBits)
            },
            written: compression.map {
                OperatingPoint("bits written", distortion: $0.distortion, bits: $0.bitsPerSample)
            },
            baselines: baselines.filter { !$0.hull.isEmpty }.map {
                BaselineHull(name: $0.name, points: $0.hull)
            },
            targetDistortion: targetDistortion)
        return NamedFigure(
            name: "rd-curve", figure: .rateDistortion(data),
            caption:
                "(a) R(D) of the empirical source with its certified lower bound: no quantiser that "
                + "codes each sample alone (a memoryless model of the data) can lie below the green line; "
                + "coders that use the dependence between samples can. Baselines are their methods' "
                + "lower convex hulls.")
    }

    /// (e) The bit accounting from the certified bounds to the bits written, when it has at
    /// least two stages.
    private var accountingFigure: NamedFigure? {
        let accounting = BitAccountingStage.standard(
            dataBound: dataBoundBits, lowerBound: relaxation?.lowerBoundBits,
            mutualInformation: relaxation?.rateBits,
            intervalBound: intervalBoundBits, outputEntropy: designed?.entropyBits,
            written: compression?.bitsPerSample)
        guard accounting.count >= 2 else { return nil }
        return NamedFigure(
            name: "bit-accounting", figure: .bitAccounting(accounting),
            caption:
                "(e) From the certified bounds to the bits actually written, per sample (bounds for "
                + "quantisers that code each sample alone).")
    }
}

extension RateDistortionCurvePoint {
    /// The plotting module's point (bits) for a traced curve point (nats), or nil when a value
    /// is not finite (the hard-assignment end of the curve, where λ = ∞).
    public init?(_ point: CurvePoint) {
        let rate = point.rateNats / Double.ln2
        let bound = point.lowerBoundNats / Double.ln2
        guard point.distortion.isFinite, rate.isFinite, bound.isFinite, point.slope.isFinite else {
            return nil
        }
        self.init(
            distortion: point.distortion, rateBits: rate, lowerBoundBits: bound, slope: point.slope)
    }
}

extension PlotPoint {
    /// The (distortion, bits) point of a baseline's operating point.
    public init(_ point: Quantization.OperatingPoint) {
        self.init(point.distortion, point.entropyBits)
    }
}

extension RateDistortionReport.MeasuredQuantizer {
    /// A baseline's figures (its importance bounds are not honoured, so violations are nil).
    public init(_ baseline: BaselineResult, name: String) {
        self.init(
            name: name, entropyBits: baseline.entropyBits, distortion: baseline.distortion,
            codewords: baseline.codewordCount, hull: baseline.hull.map(PlotPoint.init))
    }
}

extension QuantizerMapData {
    /// The map of a scalar quantiser's rule for unimportant samples over `values`: a
    /// histogram of the data, the points where the chosen codeword changes (found on a fine
    /// grid, to within half its step), the codewords the data use and their share.
    ///
    /// - Parameters:
    ///   - quantizer: A scalar quantiser.
    ///   - values: The data.
    ///   - indices: The codeword index of each value, for the shares.
    ///   - importantRegions: Where values are important, for shading.
    ///   - bins: The number of equal bins of the data's histogram, spanning its range.
    /// - Complexity: O(N + grid · log m) with a grid of 8192 points.
    public init(
        quantizer: Quantizer, values: [Double], indices: [Int],
        importantRegions: [ClosedRange<Double>] = [],
        bins: Int = 120
    ) {
        let low = values.min() ?? 0
        let high = values.max() ?? 1
        let gridCount = 8192
        let step = (high - low) / Double(gridCount - 1)
        let grid = (0..<gridCount).map { low + Double($0) * step }
        let gridIndices = step > 0 ? quantizer.encode(contentsOf: grid).indices : []
        var boundaries: [Double] = []
        for i in 1..<max(gridIndices.count, 1) where gridIndices[i] != gridIndices[i - 1] {
            boundaries.append((grid[i] + grid[i - 1]) / 2)
        }
        var counts = [Int](repeating: 0, count: quantizer.count)
        for j in indices where j < counts.count { counts[j] += 1 }
        let total = Double(max(indices.count, 1))
        let used = counts.indices.filter { counts[$0] > 0 }
        self.init(
            histogram: Histogram(values: values, binCount: bins), cellBoundaries: boundaries,
            reconstructionPoints: used.map { quantizer.codebook[$0] },
            probabilities: used.map { Double(counts[$0]) / total },
            importantRegions: importantRegions)
    }
}
