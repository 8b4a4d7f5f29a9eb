import Foundation
import RDPlot
import _TestSupport

/// A realistic report built from synthetic numbers (a unit Gaussian source at D = 0.1), used
/// by the tests (a real report to look at comes from `rdopt demo` or `rdopt design --report`).
enum SampleReport {
    static let target = 0.1

    static var curve: [RateDistortionCurvePoint] {
        (0..<24).map { i in
            let d = 0.02 * pow(45.0, Double(i) / 23)
            let rate = 0.5 * log2(1 / d)
            return RateDistortionCurvePoint(
                distortion: d, rateBits: rate, lowerBoundBits: rate - 3e-10, slope: 1 / (2 * d))
        }
    }

    static var rateDistortion: Figure {
        let ecsq = [0.03, 0.06, 0.1, 0.2, 0.35, 0.6].map {
            PlotPoint($0, 0.5 * log2(1 / $0) + 0.254 * min(1, 1.6 - $0))
        }
        let uniform = [0.03, 0.06, 0.1, 0.2, 0.35, 0.6].map {
            PlotPoint($0, 0.5 * log2(1 / $0) + 0.27 * min(1, 1.5 - $0))
        }
        let lloydMax = [(0.3634, 1.0), (0.1175, 2.0), (0.03454, 3.0)].map { PlotPoint($0.0, $0.1) }
        return .rateDistortion(
            RateDistortionPlotData(
                curve: curve,
                designed: OperatingPoint(
                    "designed quantiser H(Y)", distortion: 0.0998, bits: 1.915),
                written: OperatingPoint("bits written", distortion: 0.0998, bits: 1.921),
                baselines: [
                    BaselineHull(name: "ECSQ Lloyd", points: ecsq),
                    BaselineHull(name: "uniform + entropy coding", points: uniform),
                    BaselineHull(name: "Lloyd–Max (fixed rate)", points: lloydMax),
                ],
                targetDistortion: target))
    }

    static var stages: [AnnealingStage] {
        (0..<10).map { k in
            let tau = pow(10, -Double(k) / 3)
            let i = 1.661 + 0.254 * (1 - pow(tau, 0.5))
            let h = i + 3.8 * pow(tau, 0.8)
            return AnnealingStage(
                temperature: tau, mutualInformationBits: i, outputEntropyBits: h,
                conditionalEntropyBits: h - i,
                distortion: 0.1 - 0.0004 * Double(k % 3),
                liveCodewords: Int(400 * pow(tau, 0.6)) + 9)
        }
    }

    static var samples: [Double] {
        var rng = SplitMix64(seed: 42)
        return (0..<20_000).map { _ in rng.nextGaussian() }
    }

    static var quantizerMap: Figure {
        let data = samples
        let step = (12 * target).squareRoot()
        let indices = data.map { Int(($0 / step).rounded()) }
        let lowest = indices.min() ?? 0
        let highest = indices.max() ?? 0
        let points = (lowest...highest).map { Double($0) * step }
        let q = (lowest...highest).map { j in
            Double(indices.filter { $0 == j }.count) / Double(data.count)
        }
        let boundaries = (lowest..<highest).map { (Double($0) + 0.5) * step }
        let range = (data.min() ?? -4)...(data.max() ?? 4)
        return .quantizerMap(
            QuantizerMapData(
                histogram: Histogram(values: data, binCount: 80), cellBoundaries: boundaries,
                reconstructionPoints: points,
                probabilities: q,
                importantRegions: [range.lowerBound ... -2.5, 2.5...range.upperBound]))
    }

    static var prices: Figure {
        let tails = samples.prefix(3000).filter { abs($0) > 2.5 }
        return .fidelityPrices([
            FidelityPriceSet(
                name: "tail |x| > 2.5",
                prices: tails.map { PlotPoint($0, max(0, (abs($0) - 2.7) * 0.004)) })
        ])
    }

    static var bits: Figure {
        .bitAccounting(
            BitAccountingStage.standard(
                lowerBound: 1.660964, mutualInformation: 1.660964, outputEntropy: 1.915,
                written: 1.921))
    }

    static var report: HTMLReport {
        HTMLReport(
            title: "rdopt design — gaussian.csv",
            subtitle: "Squared error, target D = 0.1, important: abs>2.5 with tolerance 0.01",
            summary: [
                ReportRow("rate of the designed quantiser H(Y)", "1.915 bits/sample"),
                ReportRow("bits written", "1.921 bits/sample"),
                ReportRow("certified lower bound", "1.661 bits/sample (gap 3e-10)"),
                ReportRow("distortion D̂", "0.0998 (target 0.1)"),
                ReportRow("important samples", "124, 0 violations"),
                ReportRow("ECSQ Lloyd at D", "1.915 bits/sample"),
            ],
            sections: [
                ReportSection(
                    "Rate and distortion",
                    paragraphs: [
                        "The designed quantiser against R(D) and the baselines <on the same data>."
                    ],
                    tables: [
                        ReportTable(
                            caption: "Baselines at D ≤ 0.1",
                            columns: ["method", "H(Y) bits", "D", "codewords"],
                            rows: [
                                ["ECSQ Lloyd", "1.915", "0.0999", "13"],
                                ["uniform", "1.93", "0.0997", "15"],
                                ["Lloyd–Max", "2.32"],
                            ])
                    ],
                    figures: [
                        ReportFigure(
                            rateDistortion, caption: "R(D) with its certified lower bound.")
                    ]),
                ReportSection(
                    "Annealing",
                    figures: [ReportFigure(.annealingPath(stages, targetDistortion: target))]),
                ReportSection(
                    "Quantiser", figures: [ReportFigure(quantizerMap), ReportFigure(prices)]),
                ReportSection(
                    "Bit accounting",
                    figures: [ReportFigure(bits, caption: "From the bound to the file.")]),
            ],
            settings: [
                ReportRow("data", "gaussian.csv (20000 samples)"),
                ReportRow("important", "abs>2.5, tolerance 0.01"),
            ],
            command:
                "rdopt design gaussian.csv --target-distortion 0.1 --important 'abs>2.5' --tolerance 0.01 --report \"r&d <1>.html\"",
            footer: "Generated by rdopt.")
    }
}
