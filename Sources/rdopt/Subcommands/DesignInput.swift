import Foundation
import Quantization
import RDInterchange
import RDPlot
import RDWorkflows
import SampleCompression

/// Reads a data file for `design` and `baseline` into validated training samples; every
/// failure is bad input (exit 2).
enum DesignInput {
    static func load(path: String, layout: SampleLayoutOptions, importance: ImportanceOptions?)
        throws -> (samples: TrainingSamples, rule: ImportanceRule?)
    {
        try readingInput(path) {
            let rule = try importance?.important.map {
                (text: String) throws(DataInputError) -> ImportanceRule in
                try ImportanceRule(parsing: text)
            }
            if path.lowercased().hasSuffix(".json") {
                return try weightedSource(
                    path: path, layout: layout, importance: importance, rule: rule)
            }
            let options = layout.readOptions(
                importantColumn: importance?.importantColumn, importanceRule: rule)
            let set = try SampleSet(contentsOf: URL(fileURLWithPath: path), options: options)
            let samples = try TrainingSamples(
                values: set.values, dimension: set.dimension, importance: set.isImportant)
            // The reader marked the samples about the mean of these values; the design records
            // that centre.
            return (samples, rule?.resolved(for: set.values))
        }
    }

    /// A weighted source document (points and probabilities, docs/formats.md) as weighted
    /// samples; its important points come from the document or from `--important` (a `dev>T`
    /// rule about the weighted mean of the points), returned with the rule.
    private static func weightedSource(
        path: String, layout: SampleLayoutOptions, importance: ImportanceOptions?,
        rule: ImportanceRule?
    ) throws -> (samples: TrainingSamples, rule: ImportanceRule?) {
        if layout.block != nil || layout.dimension != nil {
            throw CommandFailure.badInput(
                "\(path): --block and --dimension do not apply to a source document (its points "
                    + "give the dimension)")
        }
        if importance?.importantColumn != nil {
            throw CommandFailure.badInput(
                "\(path): --important-column is for CSV data; a source document lists its "
                    + "important points under \"important\"")
        }
        let document = try SourceDocument.load(path: path)
        if document.importance != nil, rule != nil {
            throw CommandFailure.badInput(
                "\(path): the document lists important points; give --important only for a "
                    + "document without them")
        }
        let k = document.dimension
        let centred = rule?.resolved(for: document.values, weights: document.probabilities)
        let flags =
            document.importance
            ?? centred.map { rule in
                (0..<document.count).map { i in
                    rule.isImportant(document.values[(i * k)..<((i + 1) * k)])
                }
            }
        let samples = try TrainingSamples(
            values: document.values, dimension: k, importance: flags,
            weights: document.probabilities)
        return (samples, centred)
    }
}

extension DesignInput {
    /// Runs `body`, turning reading and validation errors into bad input (exit 2) that names
    /// `path` where the error does not already.
    static func readingInput<T>(_ path: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as DataInputError {
            throw CommandFailure.badInput(error.description)
        } catch let error as QuantizationError {
            throw CommandFailure.badInput("\(path): \(error.description)")
        } catch let error as DocumentError {
            throw CommandFailure.badInput(error.description)
        }
    }

    /// Reads a user-given initial codebook: the `codebook` of a quantizer JSON document, or the
    /// rows of a data file (.csv, .npy, or raw .f64/.f32 read with the samples' dimension).
    static func codebook(path: String, dimension: Int) throws -> TrainingSamples {
        try readingInput(path) {
            if path.lowercased().hasSuffix(".json") {
                let document = try QuantizerDocument.load(path: path)
                return try TrainingSamples(
                    values: document.quantizer.codebook,
                    dimension: document.quantizer.dimension)
            }
            // Only raw files need to be told their dimension; a CSV or .npy codebook brings its
            // own, and a mismatch is reported against the samples'.
            let isRaw = [".f64", ".f32"].contains { path.lowercased().hasSuffix($0) }
            let set = try SampleSet(
                contentsOf: URL(fileURLWithPath: path),
                options: DataReadOptions(dimension: isRaw ? dimension : nil))
            return try TrainingSamples(values: set.values, dimension: set.dimension)
        }
    }
}

/// Runs a library call whose `QuantizationError`s are bad input, except a target the method
/// did not reach: the input may be fine, so that is a failure (exit 1) with what to try
/// (``LibraryFailure``).
func reportingQuantizationErrors<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as QuantizationError {
        throw CommandFailure(LibraryFailure(quantization: error))
    } catch { throw CommandFailure(error) }
}
