import Foundation
import RDInterchange
import RDWorkflows

/// An array from the caller: its values as float64, its dimension and its layout (value type
/// and shape), checked as the `.npy` reader checks a file (1 to ``SampleLayout/maximumRank``
/// extents, finite values; the values of a field of rank 3 or more are scalar samples).
struct ArrayInput {
    var values: [Double]
    var dimension: Int
    var layout: SampleLayout

    /// The name of the array in messages.
    static let name = "array"

    init(data: UnsafeRawPointer?, valueType: Int32, shape: UnsafePointer<Int>?, rank: Int) throws {
        let extents = try EntryInput.checkedExtents(shape, rank)
        guard (1...SampleLayout.maximumRank).contains(extents.count) else {
            throw LibraryFailure(
                DataInputError.unsupportedShape(file: Self.name, shape: extents))
        }
        guard let count = SampleLayout(valueType: .float64, shape: extents).valueCount else {
            throw LibraryFailure.badInput("\(Self.name): the shape \(extents) is too large")
        }
        dimension = SampleLayout(valueType: .float64, shape: extents).rowLength
        guard dimension >= 1 else {
            throw LibraryFailure(
                DataInputError.unsupportedShape(file: Self.name, shape: extents))
        }
        switch valueType {
        case 0:
            values = try EntryInput.doubles(
                data?.assumingMemoryBound(to: Double.self), count, name: Self.name)
            layout = SampleLayout(valueType: .float64, shape: extents)
        case 1:
            try EntryInput.checkedCount(
                count, elementSize: 4, pointerIsNull: data == nil, name: Self.name)
            values = Self.widened(data, count: count)
            layout = SampleLayout(valueType: .float32, shape: extents)
        default:
            throw LibraryFailure.badInput(
                "\(Self.name): value type \(valueType) is neither 0 (float64) nor 1 (float32)")
        }
        try FiniteSamples.check(values, dimension: dimension, name: Self.name)
    }

    /// `count` float32 values as float64.
    private static func widened(_ data: UnsafeRawPointer?, count: Int) -> [Double] {
        guard let data, count > 0 else { return [] }
        let source = UnsafeBufferPointer(
            start: data.assumingMemoryBound(to: Float.self), count: count)
        return [Double](unsafeUninitializedCapacity: count) { target, initialized in
            for i in 0..<count { target[i] = Double(source[i]) }
            initialized = count
        }
    }
}

extension EntryInput {
    /// `rank` non-negative extents.
    static func checkedExtents(_ shape: UnsafePointer<Int>?, _ rank: Int) throws -> [Int] {
        guard (0...32).contains(rank) else {
            throw LibraryFailure.badInput("shape: invalid rank \(rank)")
        }
        try checkedCount(rank, elementSize: 8, pointerIsNull: shape == nil, name: "shape")
        guard let shape, rank > 0 else { return [] }
        let extents = Array(UnsafeBufferPointer(start: shape, count: rank))
        if let bad = extents.first(where: { $0 < 0 }) {
            throw LibraryFailure.badInput("shape: negative extent \(bad)")
        }
        return extents
    }
}
