import Foundation
import RDInterchange
import RDWorkflows

/// Which samples are important when coding with a quantiser: the caller's flags, else the
/// caller's rule (an empty rule: none), else the rule recorded in the quantizer document
/// (the default of `rdopt compress`).
enum ImportanceMarking {
    /// The flags for `count` samples of `values` (row-major, `dimension` per sample), or `nil`.
    static func flags(
        given: UnsafePointer<UInt8>?, rule: UnsafePointer<CChar>?, document: QuantizerDocument,
        values: [Double], dimension: Int
    ) throws -> [Bool]? {
        let count = values.count / dimension
        if let flags = try EntryInput.flags(given, count, name: "important") { return flags }
        let text = EntryInput.text(rule)
        if text?.isEmpty == true { return nil }
        guard let ruleText = text ?? document.importanceRule else { return nil }
        let parsed: ImportanceRule
        do { parsed = try ImportanceRule(parsing: ruleText) } catch {
            let source = text == nil ? "quantizer: important.rule" : "important"
            throw LibraryFailure.badInput("\(source): \(error)")
        }
        return flags(of: values, dimension: dimension, rule: parsed)
    }

    /// The rule's flag for each sample of `values` (row-major, `dimension` per sample).
    static func flags(of values: [Double], dimension: Int, rule: ImportanceRule) -> [Bool] {
        rule.flags(for: SampleSet(dimension: dimension, values: values))
    }

    /// The quantizer document of a call (`name` in messages).
    static func document(_ pointer: UnsafePointer<UInt8>?, _ length: Int) throws
        -> QuantizerDocument
    {
        try QuantizerDocument.parse(
            EntryInput.data(pointer, length, name: "quantizer"), file: "quantizer")
    }
}

/// `rdopt_mark_important`: the flags of an importance rule (`abs>2.5`, `>T`, `<T`, `dev>T`) for
/// `value_count` values, `dimension` per sample.
///
/// Result: one byte per sample, 1 for an important sample.
@_cdecl("rdopt_mark_important")
public func rdoptMarkImportant(
    _ values: UnsafePointer<Double>?, _ valueCount: Int, _ dimension: Int,
    _ rule: UnsafePointer<CChar>?, _ output: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?,
    _ outputLength: UnsafeMutablePointer<Int>?
) -> Int32 {
    EntryResult.run(output, outputLength) {
        guard dimension >= 1 else {
            throw LibraryFailure.badInput("samples: dimension \(dimension) is not positive")
        }
        let samples = try FiniteSamples.read(
            values, valueCount, dimension: dimension, name: "samples")
        let parsed: ImportanceRule
        do { parsed = try ImportanceRule(parsing: EntryInput.text(rule) ?? "") } catch {
            throw LibraryFailure.badInput("important: \(error)")
        }
        return ImportanceMarking.flags(of: samples, dimension: dimension, rule: parsed).map {
            $0 ? 1 : 0
        }
    }
}
