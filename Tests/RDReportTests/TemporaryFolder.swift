import Foundation

/// A fresh folder under the system's temporary directory, removed when the value is released.
final class TemporaryFolder: @unchecked Sendable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("rdreport-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Writes `text` to a file named `name` and returns its URL.
    func file(_ name: String, text: String) throws -> URL {
        try file(name, bytes: Array(text.utf8))
    }

    /// Writes `bytes` to a file named `name` and returns its URL.
    func file(_ name: String, bytes: [UInt8]) throws -> URL {
        let target = url.appendingPathComponent(name)
        try Data(bytes).write(to: target)
        return target
    }

    /// The names of the files now in the folder.
    func contents() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
    }
}

/// Little-endian bytes of float64 values.
func float64Bytes(_ values: [Double]) -> [UInt8] {
    values.flatMap { value in (0..<8).map { UInt8(truncatingIfNeeded: value.bitPattern >> (8 * $0)) } }
}

/// Little-endian bytes of float32 values.
func float32Bytes(_ values: [Float]) -> [UInt8] {
    values.flatMap { value in (0..<4).map { UInt8(truncatingIfNeeded: value.bitPattern >> (8 * $0)) } }
}

/// A `.npy` file with a given header dictionary text, version and payload.
func npyBytes(header: String, payload: [UInt8], major: UInt8 = 1) -> [UInt8] {
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
