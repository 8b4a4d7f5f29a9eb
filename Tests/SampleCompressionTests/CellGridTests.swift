import Testing
import _TestSupport

@testable import SampleCompression

/// The encoder's lookup grid finds every residual's cell as a binary search over the
/// thresholds does.
@Suite struct CellGridTests {
    /// Threshold sets of every kind: uniform, uneven (narrow inner cells, wide outer ones), with
    /// ties, one threshold, and far apart in magnitude.
    static let thresholdSets: [[Double]] = {
        var rng = SplitMix64(seed: 20_261_207)
        let uneven = (-40...40).map { k in Double(k) * Double(abs(k) + 1) * 0.37 }
        let random = (0..<300).map { _ in rng.nextGaussian() * 5 }.sorted()
        return [
            (0..<17).map { Double($0) - 8 }, uneven, random, [0.5],
            [-1, -1, 0, 0, 0, 2, 2, 7], [-1e9, -1e-9, 0, 1e-9, 1e9],
        ]
    }()

    @Test(
        "the grid's cell is the binary search's for residuals inside, at and beyond the thresholds")
    func sameAsBinarySearch() {
        var rng = SplitMix64(seed: 7)
        for thresholds in Self.thresholdSets {
            let grid = CellGrid(thresholds: thresholds)
            let (low, high) = (thresholds.first!, thresholds.last!)
            let span = max(high - low, 1)
            var residuals = thresholds + thresholds.map { $0.nextDown } + thresholds.map(\.nextUp)
            residuals += (0..<5_000).map { _ in low - span + 3 * span * rng.nextUnit() }
            residuals += [-.infinity, .infinity, -.greatestFiniteMagnitude, 0]
            grid.withTable { table in
                thresholds.withUnsafeBufferPointer { t in
                    for r in residuals {
                        #expect(
                            table.cell(of: r) == ResidualQuantizer.cell(of: r, thresholds: t),
                            "residual \(r) of \(thresholds.count) thresholds")
                    }
                }
            }
        }
    }
}
