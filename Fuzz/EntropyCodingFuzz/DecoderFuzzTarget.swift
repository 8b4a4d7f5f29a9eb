// libFuzzer target for the .rdq reader (built by Scripts/fuzz/run-decoder-fuzz.sh together
// with the EntropyCoding sources; not part of the package build).
//
// Every input is decoded twice:
//  1. as is, which exercises the framing checks and the checksums;
//  2. after its CRCs have been recomputed, so that the checks behind the checksums (the
//     chunk size, frequency table, chunk sample counts, the rANS payload) see arbitrary
//     bytes too; without this a fuzzer would almost never get past the header CRC.
// A decode may throw; it must never trap, hang or leak. When it succeeds, the symbols must
// be consistent with the header and must encode back to exactly the same bytes, so the
// reader accepts nothing but what the writer produces.

@_cdecl("LLVMFuzzerTestOneInput")
public func decoderFuzzTarget(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    checkDecode(input)
    var repaired = input
    if repairChecksums(&repaired), repaired != input { checkDecode(repaired) }
    return 0
}

/// Decodes `bytes`; on success checks the invariants and the canonical re-encoding.
private func checkDecode(_ bytes: [UInt8]) {
    guard let (header, symbols) = try? CompressedFile.decode(bytes) else { return }
    precondition(UInt64(symbols.count) == header.sampleCount, "decoded sample count differs from the header")
    precondition(symbols.allSatisfy(header.table.canEncode), "decoded a symbol the table cannot code")
    let again = try? CompressedFile.encode(
        symbols, table: header.table, metadata: header.metadata, chunkSize: header.chunkSize)
    precondition(again == bytes, "an accepted file does not re-encode to the same bytes")
}

/// Recomputes the header CRC and each chunk CRC in place, following the framing as far as
/// the bytes allow. Returns `false` if not even the header framing can be followed.
private func repairChecksums(_ bytes: inout [UInt8]) -> Bool {
    func word(_ offset: Int) -> Int? {
        guard offset >= 0, offset + 4 <= bytes.count else { return nil }
        return Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 | Int(bytes[offset + 2]) << 16 | Int(bytes[offset + 3]) << 24
    }
    func store(_ value: UInt32, at offset: Int) {
        for index in 0..<4 { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * index)) }
    }
    // Version 2: magic, version, then varints for the metadata length, the table length, the
    // sample count and the chunk size (docs/formats.md).
    func varint(_ offset: inout Int) -> Int? {
        var value = 0
        for index in 0..<9 {
            guard offset < bytes.count else { return nil }
            let byte = bytes[offset]
            offset += 1
            value |= Int(byte & 0x7F) << (7 * index)
            if byte & 0x80 == 0 { return value }
        }
        return nil
    }
    var position = 10
    guard let metadataLength = varint(&position), metadataLength <= bytes.count else { return false }
    position += metadataLength
    guard let tableLength = varint(&position), tableLength <= bytes.count else { return false }
    position += tableLength
    guard varint(&position) != nil, varint(&position) != nil else { return false }
    let checksumOffset = position
    guard checksumOffset + 4 <= bytes.count else { return false }
    let headerChecksum = CRC32C.checksum(of: Array(bytes[..<checksumOffset]))
    store(headerChecksum, at: checksumOffset)
    var offset = checksumOffset + 4
    var index: UInt64 = 0
    while let length = word(offset + 4), offset + 8 + length + 4 <= bytes.count {
        var crc = CRC32C()
        var context: [UInt8] = []
        for shift in stride(from: 0, to: 32, by: 8) { context.append(UInt8(truncatingIfNeeded: headerChecksum >> UInt32(shift))) }
        for shift in stride(from: 0, to: 64, by: 8) { context.append(UInt8(truncatingIfNeeded: index >> UInt64(shift))) }
        crc.update(context)
        crc.update(Array(bytes[offset..<offset + 8 + length]))
        store(crc.checksum, at: offset + 8 + length)
        offset += 8 + length + 4
        index += 1
    }
    return true
}
