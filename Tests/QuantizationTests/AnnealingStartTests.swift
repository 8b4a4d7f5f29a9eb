import Testing

@testable import Quantization

/// The one-time decision of where annealing starts (docs/quantiser-design.md, "Steps and their
/// order").
struct AnnealingStartTests {
    @Test("a relaxation that ends first keeps annealing after it")
    func relaxationEndsFirst() {
        let start = AnnealingStart()
        #expect(start.relaxationEnded())
        #expect(!start.claimBeside())
        #expect(start.relaxationEnded(), "the decision does not change")
    }

    @Test("a wait that ends first starts annealing beside the relaxation")
    func waitEndsFirst() {
        let start = AnnealingStart()
        #expect(start.claimBeside())
        #expect(!start.relaxationEnded())
        #expect(start.claimBeside(), "the decision does not change")
    }

    @Test("two threads racing get one decision between them", arguments: 0..<20)
    func race(round: Int) async {
        let start = AnnealingStart()
        async let beside = Task.detached { start.claimBeside() }.value
        let after = start.relaxationEnded()
        #expect(await beside != after)
    }
}
