import Foundation
import RDInterchange
import RDWorkflows

/// How every C entry point hands back its result: the status of docs/cli.md (0 success, 1
/// failure, 2 bad input) as the return value, and a buffer the caller frees with
/// `rdopt_free` — the result on success, the error message (UTF-8, the text `rdopt` prints
/// after `error: `) otherwise.
enum EntryResult {
    /// Runs `body` and reports its bytes or its error through `output` and `outputLength`.
    ///
    /// Nothing escapes: every thrown error becomes a message and a status; null output
    /// pointers give status 2 without a message.
    static func run(
        _ output: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?,
        _ outputLength: UnsafeMutablePointer<Int>?, _ body: () throws -> [UInt8]
    ) -> Int32 {
        guard let output, let outputLength else { return 2 }
        output.pointee = nil
        outputLength.pointee = 0
        do {
            let bytes = try body()
            return handOver(bytes, output, outputLength) ? 0 : 1
        } catch {
            let failure = LibraryFailure(error)
            _ = handOver(Array(failure.message.utf8), output, outputLength)
            return failure.status
        }
    }

    /// Runs `body`, which returns JSON, and reports it as compact UTF-8 text.
    static func runJSON(
        _ output: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?,
        _ outputLength: UnsafeMutablePointer<Int>?, _ body: () throws -> JSONText
    ) -> Int32 {
        run(output, outputLength) { Array(try body().text.utf8) }
    }

    /// Hands `document` over as JSON text in `summary` when the caller asked for it (both
    /// pointers given): the figures beside a compression's bytes.
    static func handOverSummary(
        _ document: JSONValue, _ summary: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?,
        _ summaryLength: UnsafeMutablePointer<Int>?
    ) {
        guard let summary, let summaryLength else { return }
        _ = handOver(Array(document.serialized(pretty: false).utf8), summary, summaryLength)
    }

    /// Copies `bytes` into a fresh `malloc` buffer owned by the caller; false when memory
    /// runs out.
    static func handOver(
        _ bytes: [UInt8], _ output: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>,
        _ outputLength: UnsafeMutablePointer<Int>
    ) -> Bool {
        guard let buffer = malloc(max(1, bytes.count))?.assumingMemoryBound(to: UInt8.self) else {
            return false
        }
        bytes.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { buffer.update(from: base, count: bytes.count) }
        }
        output.pointee = buffer
        outputLength.pointee = bytes.count
        return true
    }
}

/// Serialised JSON text, the result of the document entry points.
struct JSONText {
    var text: String
}
