/// Appending and parsing the little-endian integers and LEB128 varints of the `.rdq` format.
///
/// Internal: ``CompressedFileFormat`` and ``FrequencyTable`` serialisation use these. A parser
/// never reads past its bytes; running out throws ``EntropyCodingError/truncated(field:needed:available:)``
/// naming the field being read.

extension Array where Element == UInt8 {
    /// Appends `value` in little-endian byte order.
    @inline(__always)
    mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        var v = value.littleEndian
        Swift.withUnsafeBytes(of: &v) { append(contentsOf: $0) }
    }

    /// Appends `value` as an unsigned LEB128 varint (7 bits per byte, low groups first).
    mutating func appendVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        append(UInt8(v))
    }
}

/// A cursor over bytes that reads fields and never reads out of bounds.
struct ByteParser {
    private let bytes: [UInt8]
    /// The offset of the next unread byte.
    private(set) var offset: Int

    init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    /// The number of unread bytes.
    var remaining: Int { bytes.count - offset }

    /// Reads a little-endian integer, or throws `.truncated(field:…)`.
    mutating func read<T: FixedWidthInteger>(_: T.Type, field: ContainerField)
        throws(EntropyCodingError) -> T
    {
        let size = MemoryLayout<T>.size
        guard remaining >= size else {
            throw .truncated(field: field, needed: size, available: remaining)
        }
        var value: T = 0
        for index in 0..<size {
            value |= T(truncatingIfNeeded: bytes[offset + index]) << (8 * index)
        }
        offset += size
        return value
    }

    /// Reads `count` bytes, or throws `.truncated(field:…)`.
    mutating func readBytes(_ count: Int, field: ContainerField) throws(EntropyCodingError)
        -> [UInt8]
    {
        guard count >= 0, remaining >= count else {
            throw .truncated(field: field, needed: count, available: remaining)
        }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    /// Reads an unsigned LEB128 varint of at most `maximumBytes` bytes whose value must not
    /// exceed `maximum`; throws `.truncated` or `.invalidField` otherwise.
    mutating func readVarint(
        field: ContainerField, maximum: UInt64, maximumBytes: Int = 10
    ) throws(EntropyCodingError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        for index in 0..<maximumBytes {
            guard remaining > 0 else {
                throw .truncated(field: field, needed: index + 1, available: index)
            }
            let byte = bytes[offset]
            offset += 1
            let group = UInt64(byte & 0x7F)
            guard shift < 64, group <= (UInt64.max >> shift) else {
                throw .invalidField(field, value: group, expected: "a varint of at most 64 bits")
            }
            value |= group << shift
            if byte & 0x80 == 0 {
                // Only the shortest form is valid, so that every table has one serialisation.
                guard byte != 0 || index == 0 else {
                    throw .invalidField(
                        field, value: value, expected: "a varint without trailing zero groups")
                }
                guard value <= maximum else {
                    throw .invalidField(field, value: value, expected: "at most \(maximum)")
                }
                return value
            }
            shift += 7
        }
        throw .invalidField(
            field, value: value, expected: "a varint of at most \(maximumBytes) bytes")
    }
}
