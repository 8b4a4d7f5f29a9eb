import ArgumentParser

/// `--important` and `--important-column`: which samples form the fidelity class.
struct ImportanceOptions: ParsableArguments {
    @Option(
        help:
            "Importance rule for samples: abs>T, >T, <T, or dev>T (|x − mean| > T; dev>T@m about m) (for vectors: the largest absolute, largest or smallest coordinate, or the largest deviation)."
    )
    var important: String?

    @Option(help: "A CSV column read as a 0/1 importance flag (not as data).")
    var importantColumn: String?

    func validate() throws {
        if important != nil && importantColumn != nil {
            throw ValidationError("give either --important or --important-column, not both")
        }
    }

    /// Whether either option was given.
    var isGiven: Bool { important != nil || importantColumn != nil }
}
