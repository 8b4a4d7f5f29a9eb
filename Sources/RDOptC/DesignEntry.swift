import Foundation
import Quantization
import RDInterchange
import RDWorkflows

/// `rdopt_design`: designs a quantiser from samples (`value_count` values, `dimension` per
/// sample, row-major), as `rdopt design` does from a data file.
///
/// `important` (one 0/1 byte per sample) or else `rule` (`abs>2.5`, `>T`, `<T`) marks the
/// important samples; both null: none. A rule given with flags is only recorded in the
/// document (flags gathered by the rule elsewhere, such as merged statistics). `weights` (one
/// positive weight per sample, or null) makes the samples a weighted source (points and
/// probabilities). A NaN `tolerance` is D/10;
/// `class_average` non-zero bounds the important samples' mean instead of each; `codewords` 0
/// picks the grid from D; `relaxation_seconds` 0 skips the certified τ = 1 relaxation.
///
/// Result: the quantizer document (JSON text, docs/formats.md).
@_cdecl("rdopt_design")
public func rdoptDesign(
    _ values: UnsafePointer<Double>?, _ valueCount: Int, _ dimension: Int,
    _ important: UnsafePointer<UInt8>?, _ weights: UnsafePointer<Double>?,
    _ rule: UnsafePointer<CChar>?, _ targetDistortion: Double, _ tolerance: Double,
    _ classAverage: Int32, _ stages: Int, _ codewords: Int, _ relaxationSeconds: Double,
    _ cutsPerStep: Double, _ output: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?,
    _ outputLength: UnsafeMutablePointer<Int>?
) -> Int32 {
    EntryResult.runJSON(output, outputLength) {
        let input = try DesignSamples(
            values: values, valueCount: valueCount, dimension: dimension, important: important,
            weights: weights, rule: EntryInput.text(rule))
        let settings = DesignSettings(
            targetDistortion: targetDistortion, tolerance: tolerance,
            classAverage: classAverage != 0, stages: stages, codewords: codewords,
            relaxationSeconds: relaxationSeconds, cutsPerStep: cutsPerStep)
        let report = try settings.design(input.samples)
        let document = QuantizerDocument(
            designReport: report, importanceRule: input.rule?.description)
        return JSONText(text: document.json.serialized())
    }
}

/// The training samples of a design call, validated as `rdopt design` validates a data file.
struct DesignSamples {
    var samples: TrainingSamples
    var rule: ImportanceRule?

    init(
        values: UnsafePointer<Double>?, valueCount: Int, dimension: Int,
        important: UnsafePointer<UInt8>?, weights: UnsafePointer<Double>?, rule text: String?
    ) throws {
        let name = "samples"
        guard dimension >= 1, valueCount % max(1, dimension) == 0 else {
            throw LibraryFailure.badInput(
                "\(name): \(valueCount) values are not whole samples of dimension \(dimension)")
        }
        let flat = try EntryInput.doubles(values, valueCount, name: name)
        let count = valueCount / dimension
        var flags = try EntryInput.flags(important, count, name: "important")
        if let text {
            let parsed = try ImportanceRule(parsing: text).resolved(for: flat)
            flags = flags ?? ImportanceMarking.flags(of: flat, dimension: dimension, rule: parsed)
            rule = parsed
        }
        let given = try EntryInput.optionalDoubles(weights, count, name: "weights")
        do {
            samples = try TrainingSamples(
                values: flat, dimension: dimension, importance: flags, weights: given)
        } catch {
            throw LibraryFailure.badInput("\(name): \(error.description)")
        }
    }
}

/// The designer's settings, checked as `rdopt design` checks its options.
struct DesignSettings {
    var targetDistortion: Double
    var tolerance: Double
    var classAverage: Bool
    var stages: Int
    var codewords: Int
    var relaxationSeconds: Double
    var cutsPerStep: Double

    /// Checks the settings and designs the quantiser.
    func design(_ samples: TrainingSamples) throws -> DesignReport {
        let designer = try self.designer()
        guard targetDistortion.isFinite, targetDistortion > 0 else {
            throw LibraryFailure.badInput("target_distortion must be a positive number")
        }
        guard tolerance.isNaN || (tolerance.isFinite && tolerance >= 0) else {
            throw LibraryFailure.badInput("tolerance must be non-negative")
        }
        let hasClass = samples.importantCount > 0
        let bound = hasClass ? (tolerance.isNaN ? targetDistortion / 10 : tolerance) : nil
        do {
            if classAverage, let bound {
                return try designer.design(
                    for: samples, targetDistortion: targetDistortion,
                    classAverageTolerance: bound)
            }
            return try designer.design(
                for: samples, targetDistortion: targetDistortion, importantTolerance: bound)
        } catch {
            throw LibraryFailure(error)
        }
    }

    /// The designer (as `DesignerOptions.designer(for:)` of the command line makes it).
    func designer() throws -> QuantizerDesigner {
        guard (1...QuantizerDesigner.maximumStageCount).contains(stages) else {
            throw LibraryFailure.badInput(
                "stages must be between 1 and \(QuantizerDesigner.maximumStageCount) (got \(stages))"
            )
        }
        let limit = QuantizerDesigner.maximumInitialCodewords
        guard codewords == 0 || (1...limit).contains(codewords) else {
            throw LibraryFailure.badInput(
                "codewords must be between 1 and \(limit) (got \(codewords))")
        }
        guard relaxationSeconds.isFinite, relaxationSeconds >= 0, relaxationSeconds <= 1e6 else {
            throw LibraryFailure.badInput("relaxation_seconds must be between 0 and 1e6")
        }
        guard cutsPerStep.isFinite, cutsPerStep >= 1, cutsPerStep <= 1e6 else {
            throw LibraryFailure.badInput("cuts_per_step must be between 1 and 1e6")
        }
        return QuantizerDesigner(
            stageCount: stages, initialCodewords: codewords == 0 ? nil : codewords,
            computesRelaxation: relaxationSeconds > 0,
            intervalProgramme: IntervalProgramme(binsPerStep: cutsPerStep),
            relaxationTimeLimit: relaxationSeconds > 0 ? relaxationSeconds : 10)
    }
}
