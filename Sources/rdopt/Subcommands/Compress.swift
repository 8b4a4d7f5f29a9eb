import ArgumentParser
import EntropyCoding
import Foundation
import RDInterchange
import RDPlot
import RDWorkflows
import SampleCompression

/// `rdopt compress DATA --quantizer Q --output FILE.rdq`: the quantiser's hard rule, then rANS,
/// into a chunked, checksummed `.rdq` file (docs/formats.md, docs/cli.md).
struct Compress: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compress",
        abstract: "Compress data with a designed quantiser and an rANS entropy coder.",
        discussion: """
            Every sample is mapped to a codeword by the quantiser's hard rule; important samples \
            (by the quantiser's rule, or --important-column) must meet its tolerance. A sample no \
            codeword serves (important with none within the tolerance, or beyond every codeword) \
            is coded as an escape symbol and stored exactly, its cost reported; with --no-escapes \
            the command fails instead, naming the samples. The indices are entropy-coded with a table built from their own \
            counts. The output is lossy: decompression gives the codewords, at the distortion reported.

            DATA and --output may be - (standard input and output; give --format for the data): \
            .npy, .f64 and .f32 data is read a piece at a time, so memory does not grow with the \
            input; the figures then go to stderr.

            Example:
              rdopt compress examples/tails.csv --quantizer q.json --output tails.rdq
              generate | rdopt compress - --format f64 --quantizer q.json --output - > d.rdq
            """)

    @Argument(help: "The data: .csv, .npy, .f64 or .f32, or - for standard input (with --format).")
    var data: String

    @Option(
        help: ArgumentHelp(
            "The quantizer file (from rdopt design), used as it is, without prediction.",
            discussion:
                "Without it, give --target-distortion and/or --max-error: the command then designs a predictor and a residual quantiser on the data and compresses in one go."
        ))
    var quantizer: String?

    @OptionGroup(title: "Design and compress in one go (without --quantizer)")
    var predictive: PredictiveOptions

    @Option(help: "The compressed file to write (.rdq), or - for standard output.")
    var output: String

    @Option(
        help: ArgumentHelp(
            "The data's format: csv, npy, f64 or f32 (default: DATA's extension).",
            discussion: "Needed when DATA is - (standard input) or has no extension."))
    var format: DataFormat?

    @Flag(
        help: ArgumentHelp(
            "Store the quantizer document in the file too, compressed (off by default).",
            discussion:
                "Decoding needs only the codebook, which is always stored; the document (design figures, stages, ladder) adds about 2 KB for a typical design. Read it back with decompress --provenance-output."
        ))
    var provenance = false

    @Flag(
        help:
            "Fail, naming the samples, instead of storing exactly the samples no codeword serves."
    )
    var noEscapes = false

    @OptionGroup var layout: SampleLayoutOptions

    @OptionGroup(title: "Important samples (default: the quantizer's rule)")
    var importance: ImportanceOptions

    @OptionGroup var console: ConsoleOptions

    func validate() throws {
        if quantizer != nil, predictive.isGiven {
            throw ValidationError(
                "--quantizer is a quantiser designed earlier, for the values themselves; --target-distortion, --max-error, --relative-error, --tolerance and --predictor design one for prediction residuals instead: give one or the other"
            )
        }
        if quantizer == nil, !predictive.hasBound {
            throw ValidationError(
                "give --quantizer, or --target-distortion and/or --max-error or --relative-error")
        }
        if quantizer == nil, layout.block != nil {
            throw ValidationError(
                "--block applies only with --quantizer (prediction codes scalars)")
        }
    }

    func run() throws {
        guard let quantizer else { return try runPredicted() }
        let progress = ProgressLine(quiet: console.quiet)
        let document = try reportingErrors { try QuantizerDocument.load(path: quantizer) }
        var options = layout.readOptions(importantColumn: importance.importantColumn)
        if let text = importance.important {
            do { options.importanceRule = try ImportanceRule(parsing: text) } catch {
                throw CommandFailure.badInput("--important: \(error)")
            }
        } else if !importance.isGiven, let text = document.importanceRule {
            do { options.importanceRule = try ImportanceRule(parsing: text) } catch {
                throw CommandFailure.badInput("\(quantizer): important.rule: \(error)")
            }
        }
        if document.quantizer.importantTolerance != nil, options.importanceRule == nil,
            importance.importantColumn == nil
        {
            try Terminal.printWarning(
                "\(quantizer) has a tolerance but no importance rule; no sample is treated as important"
            )
        }
        progress.update("rdopt compress: coding \(data)")
        let stream = try openData(
            options: options, quantizerDimension: document.quantizer.dimension)
        let summary: SampleCompression.Summary
        do {
            summary = try SampleCompression.compress(
                stream, with: document, toPath: StreamPaths.output(output), file: data,
                provenance: provenance, escapes: !noEscapes)
        } catch {
            progress.finish()
            throw Self.failure(error)
        }
        progress.finish()
        try printSummary(summary)
    }

    /// Prints the figures: a JSON object with --json, else a table (on stderr with the file on
    /// stdout).
    private func printSummary(_ summary: SampleCompression.Summary) throws {
        try Terminal.printFigures(
            json: console.json, document: CompressionSummaryDocument.json(summary).serialized(),
            rows: [
                ("samples", "\(summary.samples)"),
                (
                    "file",
                    "\(output), \(summary.bytes) bytes (header \(summary.headerBytes), header and framing \(summary.overheadBytes))"
                ),
                (
                    "bits/sample",
                    "\(Format.fixed(summary.bitsPerSample, 4))   (H(Y) = \(Format.fixed(summary.entropyBits, 4)) bits)"
                ),
                (
                    "distortion",
                    "\(Format.general(summary.distortion)) (lossy: mean squared error per dimension)"
                ),
                (
                    "important",
                    "\(summary.importantCount) samples, max distortion \(Format.general(summary.importantMaxDistortion))"
                ),
            ] + escapeRow(summary), dataOnStandardOutput: output == StreamPaths.standard)
    }

    /// The escapes' row, when a sample escaped: how many, and their cost.
    private func escapeRow(_ summary: SampleCompression.Summary) -> [(String, String)] {
        guard summary.escapedSamples > 0 else { return [] }
        let perSample = summary.escapeBits / Double(max(1, summary.samples))
        return [
            (
                "escaped",
                "\(summary.escapedSamples) samples no codeword serves, stored exactly: \(Format.fixed(perSample, 4)) bits/sample (\(Int((summary.escapeBits / 8).rounded(.up))) bytes)"
            )
        ]
    }

    /// Opens the data as a stream (read as compression goes); an empty file is zero samples
    /// (of the quantiser's dimension).
    private func openData(options: DataReadOptions, quantizerDimension: Int) throws
        -> SampleStream
    {
        let format = try StreamPaths.format(of: data, given: format)
        let name = StreamPaths.name(of: data)
        do {
            return try SampleStream(path: name, format: format, options: options)
        } catch .emptyData {
            let k = layout.block ?? layout.dimension ?? quantizerDimension
            let empty = SampleSet(
                dimension: k, values: [], isImportant: [],
                originalLength: layout.block == nil ? nil : 0)
            return SampleStream(empty, file: name)
        } catch {
            throw CommandFailure.badInput("\(error)")
        }
    }

    /// Bad input exits 2; a file that cannot be written exits 1.
    static func failure(_ error: CompressionError) -> CommandFailure {
        CommandFailure(LibraryFailure(compression: error))
    }
}
