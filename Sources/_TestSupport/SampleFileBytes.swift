import Foundation

/// Bytes of sample files built by hand, for reader tests.

/// Little-endian bytes of float64 values.
public func float64Bytes(_ values: [Double]) -> [UInt8] {
    values.flatMap { value in
        (0..<8).map { UInt8(truncatingIfNeeded: value.bitPattern >> (8 * $0)) }
    }
}

/// Little-endian bytes of float32 values.
public func float32Bytes(_ values: [Float]) -> [UInt8] {
    values.flatMap { value in
        (0..<4).map { UInt8(truncatingIfNeeded: value.bitPattern >> (8 * $0)) }
    }
}

/// A `.npy` file with a given header dictionary text, version and payload.
public func npyBytes(header: String, payload: [UInt8], major: UInt8 = 1) -> [UInt8] {
    var text = header
    let prefix = major == 1 ? 10 : 12
    let unpadded = prefix + text.utf8.count + 1
    text += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
    let length = text.utf8.count
    let lengthBytes: [UInt8] =
        major == 1
        ? [UInt8(length & 0xFF), UInt8(length >> 8)]
        : [UInt8(length & 0xFF), UInt8((length >> 8) & 0xFF), 0, 0]
    return [0x93] + Array("NUMPY".utf8) + [major, 0] + lengthBytes + Array(text.utf8) + payload
}

/// Little-endian bytes of whole numbers, each `width` bytes wide (their low bytes).
public func integerBytes(_ values: [Int64], width: Int) -> [UInt8] {
    values.flatMap { value in (0..<width).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
}

/// Little-endian bytes of IEEE 754 half-precision values, given by their bits.
public func float16Bytes(bits: [UInt16]) -> [UInt8] {
    bits.flatMap { [UInt8(truncatingIfNeeded: $0), UInt8(truncatingIfNeeded: $0 >> 8)] }
}

/// The bytes of each `width`-byte value of `littleEndian` in the other order: the big-endian
/// bytes of the same values (a `>` descriptor's data).
public func reversingEachValue(_ littleEndian: [UInt8], width: Int) -> [UInt8] {
    stride(from: 0, to: littleEndian.count, by: width).flatMap {
        littleEndian[$0..<min(littleEndian.count, $0 + width)].reversed()
    }
}

/// The elements of an array given in C order (the last index varying fastest), in Fortran
/// order (the first index fastest), as numpy stores `np.asfortranarray(a)`: the element at
/// multi-index `i` moves from `((i_0 · s_1 + i_1) · s_2 + …)` to `i_0 + s_0 · (i_1 + s_1 · …)`.
public func fortranOrder<Element>(_ cOrder: [Element], shape: [Int]) -> [Element] {
    var stored = cOrder
    for position in cOrder.indices {
        // The multi-index of the C-order position, last axis first.
        var rest = position
        var index = [Int](repeating: 0, count: shape.count)
        for axis in shape.indices.reversed() {
            index[axis] = rest % shape[axis]
            rest /= shape[axis]
        }
        var target = 0
        for axis in shape.indices.reversed() { target = target * shape[axis] + index[axis] }
        stored[target] = cOrder[position]
    }
    return stored
}

/// The value of the finite IEEE 754 half-precision number with these bits (a NaN or an
/// infinity for the exponent of all ones).
public func float16Value(bits: UInt16) -> Double {
    let magnitude: Double
    let exponent = Int((bits >> 10) & 0x1F)
    let fraction = Double(bits & 0x3FF)
    switch exponent {
    case 0: magnitude = fraction / 1024 * pow(2, -14)
    case 0x1F: magnitude = fraction == 0 ? .infinity : .nan
    default: magnitude = (1 + fraction / 1024) * pow(2, Double(exponent - 15))
    }
    return bits & 0x8000 == 0 ? magnitude : -magnitude
}
