import ArgumentParser

/// `--target-distortion`: the bound D on the mean squared error per dimension.
struct TargetOptions: ParsableArguments {
    @Option(help: "The bound D on the mean squared error per dimension.")
    var targetDistortion: Double

    func validate() throws {
        guard targetDistortion.isFinite, targetDistortion > 0 else {
            throw ValidationError("--target-distortion must be a positive number")
        }
    }
}
