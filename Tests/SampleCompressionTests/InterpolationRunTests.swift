import Testing

@testable import SampleCompression

/// The interior runs the C loop of interpolation codes (``InterpolationOrder/interiorRun(from:within:)``):
/// the closed loop resumes a run after a sample the loop stopped at without looking for its end
/// again, which holds only if every suffix of a run is the run from its first visit.
@Suite struct InterpolationRunTests {
    @Test(
        "every suffix of an interior run is the interior run from its first visit",
        arguments: [
            (4_097, 4_097, nil), (1_000, 1_000, nil), (33 * 200, 200, nil),
            (9 * 17 * 20, 20, 17), (64 * 64, 64, nil),
        ] as [(Int, Int, Int?)])
    func suffixesAreRuns(count: Int, rowLength: Int, planeRows: Int?) {
        let order = InterpolationOrder(count: count, rowLength: rowLength, planeRows: planeRows)
        var runs = 0
        for (_, visits) in order.levelRanges {
            var t = visits.lowerBound
            while t < visits.upperBound {
                guard let run = order.interiorRun(from: t, within: visits) else {
                    t += 1
                    continue
                }
                #expect(run.lowerBound == t && run.upperBound <= visits.upperBound)
                for u in run {
                    #expect(order.interiorRun(from: u, within: visits) == u..<run.upperBound)
                }
                runs += 1
                t = run.upperBound
            }
        }
        #expect(runs > 0)
    }
}
