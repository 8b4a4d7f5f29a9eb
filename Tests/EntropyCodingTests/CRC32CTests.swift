import EntropyCoding
import Testing
import _TestSupport

/// Bit-at-a-time CRC-32C, obviously correct and slow: the oracle for the table-driven one.
private func referenceCRC32C(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
        crc ^= UInt32(byte)
        for _ in 0..<8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
    }
    return ~crc
}

/// Published check values: the CRC catalogue's "123456789" and RFC 3720 appendix B.4.
private let publishedCheckValues: [([UInt8], UInt32)] = [
    (Array("123456789".utf8), 0xE306_9283),
    ([UInt8](repeating: 0, count: 32), 0x8A91_36AA),
    ([UInt8](repeating: 0xFF, count: 32), 0x62A8_AB43),
    ((0..<32).map { UInt8($0) }, 0x46DD_794E),
    ((0..<32).reversed().map { UInt8($0) }, 0x113F_DB5C),
    ([], 0),
]

@Suite("CRC-32C")
struct CRC32CTests {
    @Test("matches the published check values", arguments: publishedCheckValues)
    func checkValues(bytes: [UInt8], expected: UInt32) {
        #expect(CRC32C.checksum(of: bytes) == expected)
    }

    @Test("equals the bit-by-bit reference on every length up to 100")
    func matchesReference() {
        var rng = SplitMix64(seed: 7)
        for length in 0...100 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            #expect(CRC32C.checksum(of: bytes) == referenceCRC32C(bytes), "length \(length)")
        }
    }

    @Test("gives the same value however the bytes are split")
    func incremental() {
        var rng = SplitMix64(seed: 11)
        let bytes = (0..<1000).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let whole = CRC32C.checksum(of: bytes)
        for split in [0, 1, 3, 8, 9, 500, 999, 1000] {
            var crc = CRC32C()
            crc.update(Array(bytes[..<split]))
            crc.update(Array(bytes[split...]))
            #expect(crc.checksum == whole, "split at \(split)")
        }
    }

    @Test("detects every single-bit flip in a short message")
    func detectsFlips() {
        let bytes = Array("rate-distortion".utf8)
        let original = CRC32C.checksum(of: bytes)
        for bit in 0..<(bytes.count * 8) {
            var flipped = bytes
            flipped[bit / 8] ^= 1 << UInt8(bit % 8)
            #expect(CRC32C.checksum(of: flipped) != original)
        }
    }
}
