/// Wall-clock laps of the named steps of a job (a design, the demo), in seconds.
package struct StepClock {
    private var last = ContinuousClock.now

    /// The steps recorded so far, in order.
    package private(set) var laps: [(step: String, seconds: Double)] = []

    /// Starts the clock.
    package init() {}

    /// Records a step that ran beside the others (its own duration, the clock unchanged).
    package mutating func record(_ step: String, seconds: Double) {
        laps.append((step, seconds))
    }

    /// Records the time since the last lap under `step`.
    package mutating func lap(_ step: String) {
        let now = ContinuousClock.now
        laps.append((step, (now - last) / .seconds(1)))
        last = now
    }
}
