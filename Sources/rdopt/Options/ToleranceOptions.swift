import ArgumentParser

/// `--tolerance`: each important sample's own bound D′ (default D/10), for `design` and `bound`.
struct ToleranceOptions: ParsableArguments {
    @Option(help: "Per-sample tolerance D' of important samples (default D/10).")
    var tolerance: Double?

    func validate() throws {
        if let tolerance, !(tolerance.isFinite && tolerance >= 0) {
            throw ValidationError(
                "--tolerance must be a finite non-negative number, not \(tolerance)")
        }
    }

    /// D′ when there is a fidelity class (the given tolerance, or D/10), else nil.
    func resolved(target: Double, hasClass: Bool) -> Double? {
        hasClass ? (tolerance ?? target / 10) : nil
    }
}
