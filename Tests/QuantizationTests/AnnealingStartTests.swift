import Testing

@testable import Quantization

/// The decision of where annealing starts (docs/quantiser-design.md, "Steps and their order").
struct AnnealingStartTests {
    @Test("a relaxation that ends first keeps annealing after it")
    func relaxationEndsFirst() {
        let start = AnnealingStart()
        #expect(start.relaxationEnded(restartingBefore: 6))
        #expect(!start.claimBeside())
        #expect(start.relaxationEnded(restartingBefore: 6), "the decision does not change")
        #expect(!start.isStopped)
        #expect(start.stoppedAfterSeconds == nil)
    }

    @Test("annealing beside that has finished enough stages is kept")
    func besideKept() {
        let start = AnnealingStart()
        #expect(start.claimBeside())
        start.finishedStages(6)
        #expect(!start.relaxationEnded(restartingBefore: 6))
        #expect(!start.isStopped)
        #expect(start.claimBeside(), "the decision does not change")
    }

    @Test("annealing beside that is still early is stopped and runs again after")
    func besideStopped() {
        let start = AnnealingStart()
        #expect(start.claimBeside())
        start.finishedStages(5)
        #expect(start.relaxationEnded(restartingBefore: 6))
        #expect(start.isStopped)
        #expect((start.stoppedAfterSeconds ?? -1) >= 0)
        #expect(!start.claimBeside())
    }

    @Test("two threads racing get one decision between them", arguments: 0..<20)
    func race(round: Int) async {
        let start = AnnealingStart()
        async let beside = Task.detached { start.claimBeside() }.value
        // Nothing finished: a claim that came first is stopped, so annealing runs after either way.
        #expect(start.relaxationEnded(restartingBefore: 1))
        let claimed = await beside
        #expect(start.isStopped == claimed)
    }
}
