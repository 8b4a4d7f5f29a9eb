import Foundation
import Quantization
import RDInterchange
import RDWorkflows

/// `rdopt_encode`: the quantiser's hard rule on `value_count` values (row-major samples of its
/// dimension). Importance (`ImportanceMarking`): the `important` flags (one byte per sample,
/// non-zero: important) win over `rule`, an empty `rule` marks none, and with both null the
/// quantizer document's rule, if any, applies.
///
/// Result: one little-endian int64 codeword index per sample; `violation_count` receives the
/// number of important samples no codeword serves within the tolerance (they get their
/// nearest codeword).
@_cdecl("rdopt_encode")
public func rdoptEncode(
    _ quantizer: UnsafePointer<UInt8>?, _ quantizerLength: Int, _ values: UnsafePointer<Double>?,
    _ valueCount: Int, _ important: UnsafePointer<UInt8>?, _ rule: UnsafePointer<CChar>?,
    _ violationCount: UnsafeMutablePointer<Int>?,
    _ output: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?,
    _ outputLength: UnsafeMutablePointer<Int>?
) -> Int32 {
    EntryResult.run(output, outputLength) {
        let document = try ImportanceMarking.document(quantizer, quantizerLength)
        let k = document.quantizer.dimension
        let samples = try FiniteSamples.read(values, valueCount, dimension: k, name: "samples")
        let flags = try ImportanceMarking.flags(
            given: important, rule: rule, document: document, values: samples, dimension: k)
        let batch = document.quantizer.encode(contentsOf: samples, isImportant: flags)
        violationCount?.pointee = batch.violations.count
        return batch.indices.withUnsafeBytes { Array($0) }
    }
}

/// `rdopt_decode`: the codeword of each of `index_count` indices.
///
/// Result: `index_count × dimension` little-endian float64 values, row-major.
@_cdecl("rdopt_decode")
public func rdoptDecode(
    _ quantizer: UnsafePointer<UInt8>?, _ quantizerLength: Int, _ indices: UnsafePointer<Int>?,
    _ indexCount: Int, _ output: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?,
    _ outputLength: UnsafeMutablePointer<Int>?
) -> Int32 {
    EntryResult.run(output, outputLength) {
        let q = try ImportanceMarking.document(quantizer, quantizerLength).quantizer
        try EntryInput.checkedCount(
            indexCount, elementSize: 8 * q.dimension, pointerIsNull: indices == nil,
            name: "indices")
        guard let indices, indexCount > 0 else { return [] }
        let given = UnsafeBufferPointer(start: indices, count: indexCount)
        if let bad = given.firstIndex(where: { !(0..<q.count).contains($0) }) {
            throw LibraryFailure.badInput(
                "indices: index \(given[bad]) at position \(bad) is outside 0..<\(q.count)")
        }
        var values: [Double] = []
        values.reserveCapacity(indexCount * q.dimension)
        for j in given { values.append(contentsOf: q.codeword(j)) }
        return values.withUnsafeBytes { Array($0) }
    }
}

/// Samples from the caller, checked as the data readers check a file: whole samples, every
/// value finite.
enum FiniteSamples {
    /// `count` doubles, a multiple of `dimension`, all finite.
    static func read(
        _ pointer: UnsafePointer<Double>?, _ count: Int, dimension: Int, name: String
    ) throws -> [Double] {
        let values = try EntryInput.doubles(pointer, count, name: name)
        try check(values, dimension: dimension, name: name)
        return values
    }

    /// Throws the readers' messages for a ragged or non-finite input.
    static func check(_ values: [Double], dimension: Int, name: String) throws {
        guard values.count % dimension == 0 else {
            throw LibraryFailure(
                DataInputError.countNotDivisible(
                    file: name, count: values.count, dimension: dimension))
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw LibraryFailure(
                DataInputError.nonFiniteValue(
                    file: name,
                    at: .element(sample: bad / dimension, coordinate: bad % dimension),
                    field: "\(values[bad])"))
        }
    }
}
