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
        do {
            let rule = try importance?.important.map {
                (text: String) throws(DataInputError) -> ImportanceRule in
                try ImportanceRule(parsing: text)
            }
            let options = layout.readOptions(
                importantColumn: importance?.importantColumn, importanceRule: rule)
            let set = try SampleSet(contentsOf: URL(fileURLWithPath: path), options: options)
            let samples = try TrainingSamples(
                values: set.values, dimension: set.dimension, importance: set.isImportant)
            return (samples, rule)
        } catch let error as DataInputError {
            throw CommandFailure.badInput(error.description)
        } catch let error as QuantizationError {
            throw CommandFailure.badInput("\(path): \(error.description)")
        }
    }
}

/// Runs a library call whose `QuantizationError`s are bad input, except a target the method
/// did not reach: the input may be fine, so that is a failure (exit 1) with what to try.
func reportingQuantizationErrors<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as QuantizationError {
        if case .targetNotReached = error {
            throw CommandFailure.failure(
                error.description
                    + "; the method fell short on these samples (for design, try more --stages or --codewords)"
            )
        }
        throw CommandFailure.badInput(error.description)
    } catch { throw CommandFailure(error) }
}
