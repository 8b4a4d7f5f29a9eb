import Foundation
import RDInterchange
import RDWorkflows
import SampleCompression

/// `rdopt_compress_predicted`: designs a predictor and residual quantiser for an array and
/// compresses it into the bytes of a `.rdq` file, as `rdopt compress DATA --target-distortion D
/// [--max-error E] [--relative-error R] [--important RULE --tolerance T] [--predictor P]` does
/// a `.npy` file of that array.
///
/// `data`, `value_type`, `shape` and `rank`: as for `rdopt_compress`. The bounds are NaN when
/// not given; at least one of `target_distortion`, `max_error` and `relative_error` must be
/// (each finite and > 0). Importance: `important`, one byte per *value* (non-zero: important),
/// or else `rule` (`abs>2.5`, `>T`, `<T`, `dev>T`, applied value by value; null or empty: no
/// important values); `tolerance` (finite, ≥ 0) bounds every important value's squared error
/// (NaN: a tenth of the target, or of the maximum error's square). `predictor`: a name of
/// `--predictor`, or null to choose by measured rate.
///
/// Result: the `.rdq` bytes; `summary` receives the figures of `rdopt compress --json` (JSON
/// text, freed with `rdopt_free` too).
@_cdecl("rdopt_compress_predicted")
public func rdoptCompressPredicted(
    _ data: UnsafeRawPointer?, _ valueType: Int32, _ shape: UnsafePointer<Int>?, _ rank: Int,
    _ important: UnsafePointer<UInt8>?, _ rule: UnsafePointer<CChar>?,
    _ targetDistortion: Double, _ maxError: Double, _ relativeError: Double,
    _ tolerance: Double, _ predictor: UnsafePointer<CChar>?,
    _ summary: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?,
    _ summaryLength: UnsafeMutablePointer<Int>?,
    _ output: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?,
    _ outputLength: UnsafeMutablePointer<Int>?
) -> Int32 {
    EntryResult.run(output, outputLength) {
        let bounds = try PredictedBounds(
            targetDistortion: targetDistortion, maxError: maxError, relativeError: relativeError,
            tolerance: tolerance)
        let kind = try PredictedBounds.predictor(EntryInput.text(predictor))
        let array = try ArrayInput(data: data, valueType: valueType, shape: shape, rank: rank)
        var samples = SampleSet(dimension: array.dimension, values: array.values)
        samples.fileLayout = array.layout
        let flags = try EntryInput.flags(important, array.values.count, name: "important")
        var parsedRule: ImportanceRule?
        if flags == nil, let text = EntryInput.text(rule), !text.isEmpty {
            do { parsedRule = try ImportanceRule(parsing: text) } catch {
                throw LibraryFailure.badInput("important: \(error)")
            }
        }
        let marked = flags != nil || parsedRule != nil
        if bounds.tolerance != nil, !marked {
            throw LibraryFailure.badInput(
                "tolerance: it bounds the important values; mark some with important")
        }
        let range = (array.values.max() ?? 0) - (array.values.min() ?? 0)
        var settings = PredictiveSettings.resolving(
            targetDistortion: bounds.targetDistortion, maximumError: bounds.maxError,
            relativeError: bounds.relativeError, tolerance: bounds.tolerance, range: range,
            hasImportance: marked, predictor: kind)
        settings.importanceRule = parsedRule
        let result: (bytes: [UInt8], summary: PredictiveSummary)
        do {
            result = try SampleCompression.compressPredicted(
                samples, settings: settings, valueImportance: flags, file: ArrayInput.name)
        } catch {
            throw LibraryFailure(error)
        }
        EntryResult.handOverSummary(
            CompressionSummaryDocument.json(result.summary), summary, summaryLength)
        return result.bytes
    }
}

/// The bounds of `rdopt_compress_predicted`, NaN read as "not given", checked and named as
/// the Python binding's arguments are.
struct PredictedBounds {
    var targetDistortion: Double?
    var maxError: Double?
    var relativeError: Double?
    var tolerance: Double?

    init(targetDistortion: Double, maxError: Double, relativeError: Double, tolerance: Double)
        throws
    {
        self.targetDistortion = try Self.positive(targetDistortion, name: "target_distortion")
        self.maxError = try Self.positive(maxError, name: "max_error")
        self.relativeError = try Self.positive(relativeError, name: "relative_error")
        if !tolerance.isNaN {
            guard tolerance.isFinite, tolerance >= 0 else {
                throw LibraryFailure.badInput("tolerance must be finite and ≥ 0, not \(tolerance)")
            }
            self.tolerance = tolerance
        }
        guard self.targetDistortion != nil || self.maxError != nil || self.relativeError != nil
        else {
            throw LibraryFailure.badInput(
                "give target_distortion, max_error or relative_error (or a quantizer)")
        }
    }

    /// `value`, or nil when it is NaN (not given).
    private static func positive(_ value: Double, name: String) throws -> Double? {
        if value.isNaN { return nil }
        guard value.isFinite, value > 0 else {
            throw LibraryFailure.badInput("\(name) must be finite and > 0, not \(value)")
        }
        return value
    }

    /// The predictor named `text` (a name of `rdopt compress --predictor`), or nil for none.
    static func predictor(_ text: String?) throws -> Predictor.Kind? {
        guard let text, !text.isEmpty else { return nil }
        guard let kind = Predictor.Kind.allCases.first(where: { $0.name == text }) else {
            let names = Predictor.Kind.allCases.map(\.name).joined(separator: ", ")
            throw LibraryFailure.badInput("predictor: unknown '\(text)' (one of \(names))")
        }
        return kind
    }
}
