import ArgumentParser

/// `--json` and `--quiet`: what goes to the terminal, the same on every command that prints a
/// result.
struct ConsoleOptions: ParsableArguments {
    @Flag(help: "Print one JSON document on stdout and nothing else there.")
    var json = false

    @OptionGroup var progress: ProgressOptions

    /// Whether progress on stderr is off.
    var quiet: Bool { progress.quiet }
}

/// `--quiet`, declared once: alone for a command whose result is a folder of files (`demo`),
/// and inside ``ConsoleOptions`` everywhere else.
struct ProgressOptions: ParsableArguments {
    @Flag(help: "No progress on stderr (progress is shown only when stderr is a terminal).")
    var quiet = false
}
