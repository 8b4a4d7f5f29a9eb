import ArgumentParser
import RDInterchange

/// `--block` and `--dimension`: how the values of a data file become samples, the same for
/// `design`, `baseline` and `compress`.
struct SampleLayoutOptions: ParsableArguments {
    @Option(help: "Group k consecutive samples of a 1-D signal into one k-vector.")
    var block: Int?

    @Option(help: "The dimension k of raw .f64/.f32 data (k values per sample).")
    var dimension: Int?

    /// Rejects a block length or dimension outside `1...DataReadOptions.maximumLength`.
    func validate() throws {
        let range = 1...DataReadOptions.maximumLength
        if let block, !range.contains(block) {
            throw ValidationError(
                "--block must be between 1 and \(range.upperBound) (got \(block))")
        }
        if let dimension, !range.contains(dimension) {
            throw ValidationError(
                "--dimension must be between 1 and \(range.upperBound) (got \(dimension))")
        }
    }

    /// Read options with this layout and the given importance marking.
    func readOptions(importantColumn: String? = nil, importanceRule: ImportanceRule? = nil)
        -> DataReadOptions
    {
        DataReadOptions(
            dimension: dimension, blockLength: block, importantColumn: importantColumn,
            importanceRule: importanceRule)
    }
}
