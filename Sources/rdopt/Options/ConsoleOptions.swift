import ArgumentParser

/// `--json` and `--quiet`: what goes to the terminal, the same on every command that prints a
/// result.
struct ConsoleOptions: ParsableArguments {
    @Flag(help: "Print one JSON document on stdout and nothing else there.")
    var json = false

    @Flag(help: "No progress on stderr (progress is shown only when stderr is a terminal).")
    var quiet = false
}

/// `--quiet` alone, for a command whose result is a folder of files (`demo`).
struct ProgressOptions: ParsableArguments {
    @Flag(help: "No progress on stderr (progress is shown only when stderr is a terminal).")
    var quiet = false
}
