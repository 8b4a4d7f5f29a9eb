import Testing

@testable import SampleCompression

/// The design blocks predictors are ranked on: every block while they are few, else evenly
/// spread whole blocks holding at least 2^17 values (a block cut short by a chunk's end holds
/// fewer planes of a field, and 3-D interpolation probed at twice its rate on one).
@Suite("screening blocks")
struct ScreeningBlockTests {
    @Test("few design values: every block")
    func smallSamples() {
        let blocks = [0..<4096, 10_000..<14_096, 20_000..<24_096]
        #expect(PredictiveDesign.screeningBlocks(blocks) == blocks)
    }

    @Test("a 216³ field's four blocks of nine planes: one whole block from the middle")
    func fieldBlocks() {
        let plane = 216 * 216
        let subsample = DesignSubsample(
            count: 216 * plane, rowLength: 216, planeRows: 216, sampleCount: 1 << 15,
            chunkSize: (1 << 20) / plane * plane)
        let screening = PredictiveDesign.screeningBlocks(subsample.blocks)
        let largest = subsample.blocks.map(\.count).max() ?? 0
        #expect(subsample.sampleCount > PredictiveDesign.screeningSamples)
        #expect(screening.count < subsample.blocks.count)
        #expect(screening.allSatisfy { $0.count == largest && subsample.blocks.contains($0) })
        #expect(screening.reduce(0) { $0 + $1.count } >= PredictiveDesign.screeningSamples)
    }

    @Test("blocks cut short are passed over; too few whole ones: every block")
    func shortBlocks() {
        let whole = 100_000
        let blocks = [0..<whole, 200_000..<250_000, 400_000..<500_000, 600_000..<700_000]
        #expect(PredictiveDesign.screeningBlocks(blocks) == [0..<whole, 600_000..<700_000])
        let fewWhole = Array(blocks.prefix(3))
        #expect(PredictiveDesign.screeningBlocks(fewWhole) == fewWhole)
    }
}
