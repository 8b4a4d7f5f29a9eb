import Foundation

/// Decides, once, where annealing starts on scalar samples: after the relaxation, from its
/// output law, or — when the relaxation is still running after a while — beside it, from
/// annealing's own τ = 1 stage (docs/quantiser-design.md, "Steps and their order").
///
/// A block scheduled for the end of the wait calls ``claimBeside()``; the design's thread
/// calls ``relaxationEnded()`` when the relaxation returns. Whichever comes first decides,
/// under a lock, and the other learns the decision. Nothing blocks while the wait runs.
final class AnnealingStart: @unchecked Sendable {
    private enum Decision { case beside, after }
    private let lock = NSLock()
    private var decision: Decision?

    /// Called when the wait is over.
    /// - Returns: true when annealing should start now, beside the relaxation.
    func claimBeside() -> Bool {
        lock.withLock {
            if decision == nil { decision = .beside }
            return decision == .beside
        }
    }

    /// Called when the relaxation has returned.
    /// - Returns: true when annealing is still to run, after the relaxation.
    func relaxationEnded() -> Bool {
        lock.withLock {
            if decision == nil { decision = .after }
            return decision == .after
        }
    }
}
