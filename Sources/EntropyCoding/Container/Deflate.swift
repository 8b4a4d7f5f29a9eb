import CZlib

/// zlib's deflate format (RFC 1950) through the system's zlib: for the frequency tables of a
/// version 5 header when that is shorter, and in the metadata of predicted files for the
/// optional provenance (a quantizer document of about 7 KB of JSON shrinks to about a
/// quarter), long codebooks and escapes on a grid.
///
/// zlib rather than a format of our own: it is on every system rdopt builds on (Linux
/// distributions ship it, macOS has it in its SDK), it is among the most reviewed C libraries,
/// and any language can read the stored bytes back.
public enum Deflate {
    /// The bytes compressed at zlib's best level.
    ///
    /// - Returns: A zlib stream, or `nil` if zlib fails (it does not for inputs that fit in
    ///   memory).
    /// - Complexity: O(n) for n bytes.
    public static func compress(_ bytes: [UInt8]) -> [UInt8]? {
        var capacity = compressBound(uLong(bytes.count))
        var output = [UInt8](repeating: 0, count: Int(capacity))
        let status = output.withUnsafeMutableBufferPointer { out in
            bytes.withUnsafeBufferPointer { input in
                compress2(
                    out.baseAddress, &capacity, input.baseAddress, uLong(input.count),
                    Z_BEST_COMPRESSION)
            }
        }
        guard status == Z_OK else { return nil }
        return Array(output.prefix(Int(capacity)))
    }

    /// The bytes of a zlib stream that inflates to exactly `byteCount` bytes.
    ///
    /// - Parameters:
    ///   - bytes: The stream.
    ///   - byteCount: Its inflated size as recorded beside it (the caller bounds it).
    /// - Returns: The inflated bytes, or `nil` for a stream that is corrupt, ends early, or
    ///   inflates to another size.
    /// - Complexity: O(byteCount).
    public static func decompress(_ bytes: [UInt8], byteCount: Int) -> [UInt8]? {
        var produced = uLong(byteCount)
        // One spare byte tells a stream that inflates to more than announced.
        var output = [UInt8](repeating: 0, count: byteCount + 1)
        produced += 1
        var consumed = uLong(bytes.count)
        let status = output.withUnsafeMutableBufferPointer { out in
            bytes.withUnsafeBufferPointer { input in
                uncompress2(out.baseAddress, &produced, input.baseAddress, &consumed)
            }
        }
        guard status == Z_OK, produced == uLong(byteCount), consumed == uLong(bytes.count) else {
            return nil
        }
        return Array(output.prefix(byteCount))
    }
}
