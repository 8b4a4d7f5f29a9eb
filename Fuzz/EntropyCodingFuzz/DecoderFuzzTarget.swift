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

/// Decodes `bytes` chunk by chunk; on success checks the invariants, the segment counts the
/// reader reports against the payloads, and the canonical re-encoding.
private func checkDecode(_ bytes: [UInt8]) {
    guard let (header, symbols, segments) = try? CompressedFile.decodeSegmented(bytes) else {
        return
    }
    precondition(
        UInt64(symbols.count) == header.sampleCount, "decoded sample count differs from the header")
    if header.tables.count == 1 {
        precondition(
            symbols.allSatisfy(header.table.canEncode), "decoded a symbol the table cannot code")
        precondition(
            segments.enumerated().allSatisfy { $1 == [header.sampleCount(ofChunk: UInt64($0))] },
            "a one-table chunk reported segments")
    } else {
        precondition(
            segments == segmentCounts(bytes, header: header), "the reader's segment counts differ")
    }
    // A segmented file (version 3) re-encodes with the segment counts its chunks store, and a
    // version 4 or 5 file in its own version (short streams with one state; in version 5 a
    // chunk's short segments in one).
    let again =
        header.tables.count == 1 && !header.isCompact
        ? try? CompressedFile.encode(
            symbols, table: header.table, metadata: header.metadata, chunkSize: header.chunkSize)
        : try? CompressedFile.encode(
            symbols, tables: header.tables, segments: segments, metadata: header.metadata,
            chunkSize: header.chunkSize, version: header.version)
    precondition(again == bytes, "an accepted file does not re-encode to the same bytes")
}

/// Each chunk's segment sample counts, read from the payloads of an accepted segmented file
/// independently of the reader: `UInt32`s 8 bytes apart in versions 3 and 4, varints in 5.
private func segmentCounts(_ bytes: [UInt8], header: CompressedFileHeader) -> [[Int]]? {
    func word(_ offset: Int) -> Int {
        Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 | Int(bytes[offset + 2]) << 16 | Int(
            bytes[offset + 3]) << 24
    }
    func varints(_ count: Int, from start: Int) -> [Int]? {
        var values: [Int] = []
        var offset = start
        for _ in 0..<count {
            var value = 0
            var shift = 0
            while true {
                guard offset < bytes.count, shift < 28 else { return nil }
                value |= Int(bytes[offset] & 0x7F) << shift
                shift += 7
                offset += 1
                if bytes[offset - 1] & 0x80 == 0 { break }
            }
            values.append(value)
        }
        return values
    }
    let g = header.tables.count
    var offset = header.bytes.count
    var result: [[Int]] = []
    for index in 0..<header.chunkCount {
        let count = header.sampleCount(ofChunk: index)
        var counts: [Int]
        if header.version >= 5 {
            guard let values = varints(g - 1, from: offset + 8) else { return nil }
            counts = values
        } else {
            guard offset + 8 + 8 * (g - 1) <= bytes.count else { return nil }
            counts = (0..<(g - 1)).map { word(offset + 8 + 8 * $0) }
        }
        counts.append(count - counts.reduce(0, +))
        result.append(counts)
        offset += 8 + word(offset + 4) + 4
    }
    return result
}

/// Recomputes the header CRC and each chunk CRC in place, following the framing as far as
/// the bytes allow. Returns `false` if not even the header framing can be followed.
private func repairChecksums(_ bytes: inout [UInt8]) -> Bool {
    func word(_ offset: Int) -> Int? {
        guard offset >= 0, offset + 4 <= bytes.count else { return nil }
        return Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 | Int(bytes[offset + 2]) << 16
            | Int(bytes[offset + 3]) << 24
    }
    func store(_ value: UInt32, at offset: Int) {
        for index in 0..<4 {
            bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * index))
        }
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
    guard let metadataLength = varint(&position), metadataLength <= bytes.count else {
        return false
    }
    position += metadataLength
    guard let tableLength = varint(&position), tableLength <= bytes.count else { return false }
    position += tableLength
    if tableLength == 0, bytes[8] >= 5 {
        // Version 5's deflated tables: the table count, the inflated and stored lengths, the
        // stream.
        guard varint(&position) != nil, varint(&position) != nil,
            let stored = varint(&position), stored <= bytes.count
        else { return false }
        position += stored
    } else if bytes[8] >= 3 {
        // Versions 3 to 5: the number of further tables, then each table's length and bytes.
        guard let extra = varint(&position), extra <= 8 else { return false }
        for _ in 0..<extra {
            guard let length = varint(&position), length <= bytes.count else { return false }
            position += length
        }
    }
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
        for shift in stride(from: 0, to: 32, by: 8) {
            context.append(UInt8(truncatingIfNeeded: headerChecksum >> UInt32(shift)))
        }
        for shift in stride(from: 0, to: 64, by: 8) {
            context.append(UInt8(truncatingIfNeeded: index >> UInt64(shift)))
        }
        crc.update(context)
        crc.update(Array(bytes[offset..<offset + 8 + length]))
        store(crc.checksum, at: offset + 8 + length)
        offset += 8 + length + 4
        index += 1
    }
    return true
}
