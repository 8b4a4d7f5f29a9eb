/// A cursor over the metadata bytes of a `.rdq` header that never reads past them; every
/// failure is a reason, for ``CompressionError/invalidMetadata(file:reason:)``.
struct MetadataParser {
    private let bytes: [UInt8]
    /// The offset of the next unread byte.
    private(set) var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The bytes not yet read.
    var remaining: Int { bytes.count - offset }

    /// A failure to read `field`.
    struct Failure: Error {
        var reason: String
    }

    /// One byte.
    mutating func byte(_ field: String) throws(Failure) -> UInt8 {
        guard remaining >= 1 else { throw Failure(reason: "it ends in the \(field)") }
        defer { offset += 1 }
        return bytes[offset]
    }

    /// An unsigned LEB128 varint in its shortest form, at most `maximum`.
    mutating func varint(_ field: String, maximum: Int) throws(Failure) -> Int {
        var value: UInt64 = 0
        for index in 0..<10 {
            let next = try byte(field)
            let group = UInt64(next & 0x7F)
            guard group <= (UInt64.max >> (7 * UInt64(index))) else {
                throw Failure(reason: "the \(field) is not a varint of at most 64 bits")
            }
            value |= group << (7 * UInt64(index))
            guard next & 0x80 != 0 else {
                guard next != 0 || index == 0 else {
                    throw Failure(reason: "the \(field) is not a varint in its shortest form")
                }
                guard value <= UInt64(maximum) else {
                    throw Failure(reason: "the \(field) is \(value), more than \(maximum)")
                }
                return Int(value)
            }
        }
        throw Failure(reason: "the \(field) is a varint of more than 10 bytes")
    }

    /// `count` bytes, checked against what is left before anything is copied.
    mutating func bytes(_ count: Int, _ field: String) throws(Failure) -> [UInt8] {
        guard count <= remaining else {
            throw Failure(
                reason: "it ends in the \(field): \(count) bytes needed, \(remaining) left")
        }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    /// `count` little-endian IEEE 754 single-precision values, as doubles, checked against what
    /// is left first.
    mutating func floats(_ count: Int, _ field: String) throws(Failure) -> [Double] {
        let start = try take(count, width: 4, field)
        return (0..<count).map { i in
            var bits: UInt32 = 0
            for b in 0..<4 { bits |= UInt32(bytes[start + 4 * i + b]) << (8 * UInt32(b)) }
            return Double(Float(bitPattern: bits))
        }
    }

    /// `count` little-endian IEEE 754 doubles, checked against what is left first.
    mutating func doubles(_ count: Int, _ field: String) throws(Failure) -> [Double] {
        let start = try take(count, width: 8, field)
        return (0..<count).map { i in
            var bits: UInt64 = 0
            for b in 0..<8 { bits |= UInt64(bytes[start + 8 * i + b]) << (8 * UInt64(b)) }
            return Double(bitPattern: bits)
        }
    }

    /// Claims `count` values of `width` bytes (checked against what is left, without overflow)
    /// and returns where they start.
    private mutating func take(_ count: Int, width: Int, _ field: String) throws(Failure) -> Int {
        let (byteCount, overflow) = count.multipliedReportingOverflow(by: width)
        guard !overflow, byteCount <= remaining else {
            throw Failure(
                reason:
                    "it ends in the \(field): \(count) values need more than the \(remaining) bytes left"
            )
        }
        defer { offset += byteCount }
        return offset
    }
}

extension Array where Element == UInt8 {
    /// Appends `value` as an unsigned LEB128 varint (7 bits per byte, low groups first).
    mutating func appendVarint(_ value: Int) {
        var v = UInt64(value)
        while v >= 0x80 {
            append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        append(UInt8(v))
    }

    /// Appends each value, rounded to float32, as 4 little-endian bytes.
    mutating func appendFloats(_ values: [Double]) {
        reserveCapacity(count + 4 * values.count)
        for value in values {
            let bits = Float(value).bitPattern
            for b in 0..<4 { append(UInt8(truncatingIfNeeded: bits >> (8 * UInt32(b)))) }
        }
    }

    /// Appends each value as 8 little-endian bytes of its IEEE 754 bit pattern.
    mutating func appendDoubles(_ values: [Double]) {
        reserveCapacity(count + 8 * values.count)
        for value in values {
            let bits = value.bitPattern
            for b in 0..<8 { append(UInt8(truncatingIfNeeded: bits >> (8 * UInt64(b)))) }
        }
    }
}
