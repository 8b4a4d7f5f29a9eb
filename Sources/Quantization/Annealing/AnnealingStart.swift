import Foundation

/// Decides where annealing starts on scalar samples: after the relaxation, from its output
/// law, or — when the relaxation is still running after a while — beside it, from annealing's
/// own τ = 1 stage (docs/quantiser-design.md, "Steps and their order").
///
/// A block scheduled for the end of the wait calls ``claimBeside()``; the design's thread
/// calls ``relaxationEnded(restartingBefore:)`` when the relaxation returns. Whichever comes
/// first decides, under a lock. Annealing that started beside reports each finished stage;
/// if the relaxation ends before it has finished a given number, it is stopped
/// (``isStopped``) and annealing starts again from the relaxation's law: its first stages are
/// the ones a cold start makes slow. Nothing blocks while the wait runs.
final class AnnealingStart: @unchecked Sendable {
    private enum Decision { case beside, after }
    private let lock = NSLock()
    private var decision: Decision?
    private var stagesFinished = 0
    private var stopped = false
    private var claimed: ContinuousClock.Instant?

    /// How long annealing had run beside the relaxation when it was stopped (nil: not stopped).
    private(set) var stoppedAfterSeconds: Double?

    /// Called when the wait is over.
    /// - Returns: true when annealing should start now, beside the relaxation.
    func claimBeside() -> Bool {
        lock.withLock {
            if decision == nil {
                decision = .beside
                claimed = .now
            }
            return decision == .beside
        }
    }

    /// Called by annealing beside the relaxation after each stage.
    func finishedStages(_ count: Int) {
        lock.withLock { stagesFinished = count }
    }

    /// Whether annealing beside the relaxation should stop (its result is not used).
    var isStopped: Bool { lock.withLock { stopped } }

    /// Called when the relaxation has returned.
    /// - Parameter stages: annealing that started beside and has finished fewer stages than
    ///   this is stopped and starts again after the relaxation.
    /// - Returns: true when annealing is to run now, after the relaxation.
    func relaxationEnded(restartingBefore stages: Int) -> Bool {
        lock.withLock {
            if decision == .beside && stagesFinished < stages, let claimed {
                stopped = true
                decision = .after
                stoppedAfterSeconds = (ContinuousClock.now - claimed) / .seconds(1)
            }
            if decision == nil { decision = .after }
            return decision == .after
        }
    }
}
