import Foundation
import RDInterchange
import RDWorkflows

/// Reads the caller's buffers, checking every pointer and length first: a null pointer with a
/// positive length, a negative length or a count whose byte size overflows is bad input,
/// never a trap.
enum EntryInput {
    /// The bytes of a buffer (`name` says which in messages).
    static func bytes(_ pointer: UnsafePointer<UInt8>?, _ count: Int, name: String) throws
        -> [UInt8]
    {
        try checkedCount(count, elementSize: 1, pointerIsNull: pointer == nil, name: name)
        guard let pointer, count > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: pointer, count: count))
    }

    /// The bytes of a buffer as `Data`, for the document parsers.
    static func data(_ pointer: UnsafePointer<UInt8>?, _ count: Int, name: String) throws -> Data {
        Data(try bytes(pointer, count, name: name))
    }

    /// A NUL-terminated UTF-8 string, or `nil` for a null pointer.
    static func text(_ pointer: UnsafePointer<CChar>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    /// A problem document from the caller's JSON bytes, named `name` (default "problem") in
    /// error messages; returns the document and that name.
    static func problem(
        _ pointer: UnsafePointer<UInt8>?, _ count: Int, name: UnsafePointer<CChar>?
    ) throws -> (document: ProblemDocument, file: String) {
        let file = text(name) ?? "problem"
        return (try ProblemDocument.parse(data(pointer, count, name: file), file: file), file)
    }

    /// `count` doubles.
    static func doubles(_ pointer: UnsafePointer<Double>?, _ count: Int, name: String) throws
        -> [Double]
    {
        try checkedCount(count, elementSize: 8, pointerIsNull: pointer == nil, name: name)
        guard let pointer, count > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: pointer, count: count))
    }

    /// `count` 0/1 flags, or `nil` for a null pointer.
    static func flags(_ pointer: UnsafePointer<UInt8>?, _ count: Int, name: String) throws
        -> [Bool]?
    {
        guard let pointer else { return nil }
        try checkedCount(count, elementSize: 1, pointerIsNull: false, name: name)
        return UnsafeBufferPointer(start: pointer, count: count).map { $0 != 0 }
    }

    /// `count` doubles, or `nil` for a null pointer.
    static func optionalDoubles(_ pointer: UnsafePointer<Double>?, _ count: Int, name: String)
        throws -> [Double]?
    {
        guard pointer != nil else { return nil }
        return try doubles(pointer, count, name: name)
    }

    /// Rejects a negative count, a byte size that overflows, or a null pointer with data.
    static func checkedCount(_ count: Int, elementSize: Int, pointerIsNull: Bool, name: String)
        throws
    {
        guard count >= 0, !count.multipliedReportingOverflow(by: elementSize).overflow else {
            throw LibraryFailure.badInput("\(name): invalid length \(count)")
        }
        if pointerIsNull, count > 0 {
            throw LibraryFailure.badInput("\(name): null pointer with length \(count)")
        }
    }
}
