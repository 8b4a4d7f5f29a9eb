import Testing
import _TestSupport

@testable import RateDistortion

/// Newton's excess distortions `d_il − dmin_i` against the distortion field, computed on a
/// line and stored otherwise.
struct ExcessTableTests {
    /// Every entry of `table` is the field's `d(x_i, y_active[l]) − dmin_i`, to the bit.
    static func expectMatchesField(
        _ table: ExcessTable, field: DistortionField, minima: [Double], active: [Int]
    ) {
        #expect(table.columns == active.count)
        var mismatches = 0
        table.withRows { rows in
            for i in 0..<field.rows {
                let row = rows[i]
                var copied = [Double](repeating: .nan, count: active.count)
                copied.withUnsafeMutableBufferPointer {
                    row.copy(0..<active.count, to: $0.baseAddress.unsafelyUnwrapped)
                }
                for (l, j) in active.enumerated() {
                    let expected = field.value(row: i, column: j) - minima[i]
                    if table[i, l].bitPattern != expected.bitPattern
                        || row[l].bitPattern != expected.bitPattern
                        || copied[l].bitPattern != expected.bitPattern
                    {
                        mismatches += 1
                    }
                }
            }
        }
        #expect(mismatches == 0)
    }

    @Test(
        "entries equal the field's to the bit, before and after codewords leave T",
        arguments: [DistortionMeasure.squaredError, .absoluteError, .hamming], [1, 2])
    func matchesTheField(measure: DistortionMeasure, dimension: Int) throws {
        var generator = SplitMix64(seed: 21)
        let n = 57
        let m = 41
        let x = (0..<(n * dimension)).map { _ in (3 * generator.nextGaussian()).rounded() / 2 }
        let y = (0..<(m * dimension)).map { _ in (3 * generator.nextGaussian()).rounded() / 2 }
        let field = DistortionField(
            measure: measure, source: try PointSet(dimension: dimension, coordinates: x),
            codebook: try PointSet(dimension: dimension, coordinates: y))
        let minima = field.rowMinima()
        var active = Array(Set((0..<30).map { _ in Int.random(in: 0..<m, using: &generator) }))
        active.shuffle(using: &generator)
        var table = ExcessTable(field: field, minima: minima, active: active)
        Self.expectMatchesField(table, field: field, minima: minima, active: active)
        // Drop every third position, then all but the first two.
        for kept in [active.indices.filter { $0 % 3 != 1 }, [0, 1]] {
            table.keep(kept)
            active = kept.map { active[$0] }
            Self.expectMatchesField(table, field: field, minima: minima, active: active)
        }
    }

    @Test(
        "the positions within a slack are those a scan finds, sorted line or not",
        arguments: [DistortionMeasure.squaredError, .absoluteError], [true, false])
    func positionsWithin(measure: DistortionMeasure, sorted: Bool) throws {
        var generator = SplitMix64(seed: 23)
        let x = (0..<80).map { _ in (4 * generator.nextGaussian()).rounded() / 2 }
        let y = (0..<60).map { _ in (4 * generator.nextGaussian()).rounded() / 2 }
        let field = DistortionField(
            measure: measure, source: try PointSet(dimension: 1, coordinates: x),
            codebook: try PointSet(dimension: 1, coordinates: y))
        let minima = field.rowMinima()
        var active = Array(Set((0..<40).map { _ in Int.random(in: 0..<60, using: &generator) }))
        active =
            sorted
            ? active.sorted { (y[$0], $0) < (y[$1], $1) } : active.shuffled(using: &generator)
        let table = ExcessTable(field: field, minima: minima, active: active)
        for i in 0..<x.count {
            for slack in [-1.0, 0, 0.25, 1, 4, 100] {
                let scanned = (0..<active.count).filter { table[i, $0] <= slack }
                for limit in [1, 2, 1_000] {
                    #expect(
                        table.positions(ofRow: i, within: slack, limit: limit)
                            == Array(scanned.prefix(limit)))
                }
            }
        }
    }
}
