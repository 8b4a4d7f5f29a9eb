import ArgumentParser
import EntropyCoding
import Foundation
import RDInterchange
import RDPlot
import RDWorkflows
import SampleCompression

/// `rdopt decompress FILE.rdq --output OUT`: checks and decodes a `.rdq` file and writes the
/// reconstruction value of every sample, in order (docs/cli.md, docs/formats.md).
struct Decompress: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decompress",
        abstract: "Decompress a .rdq file to the quantiser's reconstruction values.",
        discussion: """
            OUT's extension picks the format: .csv, .npy, .f64 or .f32. A corrupt or truncated file \
            is an error (exit 2) and leaves no output file. The size of the reconstruction the file \
            announces is checked before anything is written: more than --max-output-bytes (default \
            4 GiB) is an error.

            FILE and --output may be - (standard input and output; give --format for the output); \
            the figures then go to stderr.

            Example:
              rdopt decompress tails.rdq --output back.csv
              rdopt decompress - --output - --format npy < d.rdq > back.npy
            """)

    @Argument(help: "The compressed file (from rdopt compress), or - for standard input.")
    var file: String

    @Option(
        help:
            "The reconstruction to write: .csv, .npy, .f64 or .f32, or - for standard output (with --format)."
    )
    var output: String

    @Option(
        help: ArgumentHelp(
            "The reconstruction's format: csv, npy, f64 or f32 (default: OUT's extension).",
            discussion: "Needed when OUT is - (standard output) or has no extension."))
    var format: DataFormat?

    @Option(
        help: ArgumentHelp(
            "Also write the quantizer document the file carries (compress --provenance) here.",
            discussion:
                "An error (exit 2, nothing written) when the file carries none."
        ))
    var provenanceOutput: String?

    @Option(
        help: ArgumentHelp(
            "The largest reconstruction to write, in bytes (default 4 GiB).",
            discussion:
                "A small .rdq file can announce a huge output (a constant signal codes to almost nothing); raise this for a trusted file."
        ))
    var maxOutputBytes: Int = SampleDecompression.defaultMaximumOutputByteCount

    @OptionGroup var console: ConsoleOptions

    /// Rejects a non-positive output limit.
    func validate() throws {
        guard maxOutputBytes >= 1 else {
            throw ValidationError("--max-output-bytes must be at least 1 (got \(maxOutputBytes))")
        }
    }

    func run() throws {
        let progress = ProgressLine(quiet: console.quiet)
        progress.update("rdopt decompress: \(file)")
        let outputs = OutputSet()
        let summary: SampleDecompression.Summary
        let format = try StreamPaths.format(of: output, given: format)
        if provenanceOutput != nil, file == StreamPaths.standard {
            throw CommandFailure.badInput(
                "--provenance-output reads the file twice, so it needs a file, not standard input")
        }
        do {
            let document = try provenanceOutput.map { _ throws(CompressionError) in
                try SampleDecompression.provenance(ofFileAt: file)
            }
            if document.map({ $0 == nil }) == true {
                progress.finish()
                throw CommandFailure.badInput(
                    "\(file) carries no quantizer document (compress it with --provenance)")
            }
            summary = try SampleDecompression.decompress(
                fromPath: file, toPath: StreamPaths.output(output), format: format,
                maximumOutputByteCount: maxOutputBytes, stagingIn: outputs)
            if let path = provenanceOutput, let text = document ?? nil {
                try outputs.stage(String(decoding: text, as: UTF8.self) + "\n", to: path)
            }
        } catch let error as CompressionError {
            outputs.discard()
            progress.finish()
            throw Self.failure(error, input: file)
        }
        try outputs.commitOutputs()
        progress.finish()
        try printSummary(summary)
    }

    /// Prints the figures on stdout, or on stderr when the reconstruction went to stdout.
    private func printSummary(_ summary: SampleDecompression.Summary) throws {
        try Terminal.printFigures(
            json: console.json, document: CompressionSummaryDocument.json(summary).serialized(),
            rows: [
                (
                    "samples",
                    "\(summary.samples) of dimension \(summary.dimension), written to \(output)"
                ),
                (
                    "from",
                    "\(file), \(summary.bytes) bytes, \(summary.codedSamples) coded samples"
                ),
            ], dataOnStandardOutput: output == StreamPaths.standard)
    }

    /// A corrupt or unreadable input exits 2; an output that cannot be written exits 1.
    static func failure(_ error: CompressionError, input: String) -> CommandFailure {
        switch error {
        case .container(let path, .fileSystem) where path != input: .failure(error.description)
        case .data(.unwritableFile): .failure(error.description)
        default: .badInput(error.description)
        }
    }
}
