import ArgumentParser
import Foundation
import RDInterchange
import SampleCompression

/// `rdopt compress DATA --target-distortion D [--max-error E] …`: closed-loop prediction and a
/// residual quantiser designed on the data, in one go.
extension Compress {
    func runPredicted() throws {
        let progress = ProgressLine(quiet: console.quiet)
        let options = layout.readOptions(importantColumn: importance.importantColumn)
        // The rule marks values (a field's values are its samples), not the rows of a 2-D array:
        // it is applied after reading, value by value.
        var rule: ImportanceRule?
        if let text = importance.important {
            do { rule = try ImportanceRule(parsing: text) } catch {
                throw CommandFailure.badInput("--important: \(error)")
            }
        }
        progress.update("rdopt compress: reading \(data)")
        let format = try StreamPaths.format(of: data, given: format)
        let name = StreamPaths.name(of: data)
        let samples: SampleSet
        do { samples = try SampleSet(path: name, format: format, options: options) } catch {
            throw CommandFailure.badInput("\(error)")
        }
        // Only a relative bound needs the range (two passes over 10^7 values took 2.6 % of
        // compressing them).
        let range =
            predictive.relativeError == nil
            ? 0 : (samples.values.max() ?? 0) - (samples.values.min() ?? 0)
        var settings = predictive.settings(hasImportance: importance.isGiven, range: range)
        settings.importanceRule = rule
        progress.update("rdopt compress: designing and coding \(data)")
        let summary: PredictiveSummary
        do {
            summary = try SampleCompression.compressPredicted(
                samples, settings: settings, toPath: StreamPaths.output(output), file: data)
        } catch {
            progress.finish()
            throw Self.failure(error)
        }
        progress.finish()
        try printPredicted(summary, settings: settings)
    }
}
