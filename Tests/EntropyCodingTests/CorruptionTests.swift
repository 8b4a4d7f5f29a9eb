import EntropyCoding
import Foundation
import Testing
import _TestSupport

/// A small valid file: metadata, a five-symbol table, 700 samples in three chunks.
private func smallFile() throws -> (bytes: [UInt8], header: CompressedFileHeader, symbols: [UInt32])
{
    let symbols = sample(geometric(5, ratio: 0.5), count: 700, seed: 8)
    let table = try FrequencyTable(counts: FrequencyTable.histogram(of: symbols, alphabetSize: 5))
    let bytes = try CompressedFile.encode(
        symbols, table: table, metadata: Array("{\"d\":1}".utf8), chunkSize: 256)
    return (bytes, try CompressedFile.decode(bytes).header, symbols)
}

/// What a byte of a file belongs to, for the damage each region must produce.
private enum Region { case magic, version, length, header, chunk }

/// The number of bytes of the varint at `offset`.
private func varintLength(_ bytes: [UInt8], at offset: Int) -> Int {
    var end = offset
    while bytes[end] & 0x80 != 0 { end += 1 }
    return end + 1 - offset
}

/// The region of every byte of a valid file (version 2: varint lengths and counts).
private func byteRegions(_ bytes: [UInt8], header: CompressedFileHeader) -> [Region] {
    var regions = [Region](repeating: .magic, count: 8)
    regions += [Region](repeating: .version, count: 2)
    var offset = 10
    func varint() {
        let length = varintLength(bytes, at: offset)
        regions += [Region](repeating: .length, count: length)
        offset += length
    }
    func fields(_ count: Int) {
        regions += [Region](repeating: .header, count: count)
        offset += count
    }
    varint()
    fields(header.metadata.count)
    varint()
    fields(header.table.serialized().count)
    varint()  // the sample count
    varint()  // the chunk size
    fields(4)
    while offset < bytes.count {
        let payload =
            Int(bytes[offset + 4]) | Int(bytes[offset + 5]) << 8 | Int(bytes[offset + 6]) << 16
        regions += [Region](repeating: .chunk, count: 4)
        regions += [Region](repeating: .length, count: 4)
        regions += [Region](repeating: .chunk, count: payload + 4)
        offset += 8 + payload + 4
    }
    return regions
}

@Suite("Corrupt and truncated files")
struct CorruptionTests {
    @Test("every single-bit flip is rejected, by a checksum unless it breaks a length or the magic")
    func everyBitFlip() throws {
        let (bytes, header, _) = try smallFile()
        let regions = byteRegions(bytes, header: header)
        var unexpected: [String] = []
        for bit in 0..<(bytes.count * 8) {
            var damaged = bytes
            let byte = bit / 8
            damaged[byte] ^= 1 << UInt8(bit % 8)
            do {
                _ = try CompressedFile.decode(damaged)
                unexpected.append("bit \(bit): no error")
            } catch {
                switch (regions[byte], error) {
                case (.magic, .notACompressedFile), (.version, .unsupportedVersion),
                    (.header, .headerChecksumMismatch), (.chunk, .chunkChecksumMismatch):
                    break
                // Version 2 turned into 3 reads the fields after the first table as the
                // count of further tables: a framing error or the header checksum.
                case (.version, .invalidField), (.version, .truncated),
                    (.version, .headerChecksumMismatch):
                    break
                // A damaged length moves every later field: any framing error will do.
                case (.length, .invalidField), (.length, .truncated), (.length, .trailingData),
                    (.length, .headerChecksumMismatch), (.length, .chunkChecksumMismatch):
                    break
                default:
                    unexpected.append("bit \(bit) (byte \(byte), \(regions[byte])): \(error)")
                }
            }
        }
        #expect(unexpected.isEmpty, "\(unexpected.prefix(10))")
    }

    @Test("every truncation is rejected, and so is any trailing byte")
    func everyTruncation() throws {
        let (bytes, _, _) = try smallFile()
        for length in 0..<bytes.count {
            #expect(throws: EntropyCodingError.self, "length \(length)") {
                try CompressedFile.decode(Array(bytes[..<length]))
            }
        }
        #expect(throws: EntropyCodingError.trailingData(byteCount: 1)) {
            try CompressedFile.decode(bytes + [0])
        }
    }

    @Test("while the next batch is read ahead, errors still come in the file's order")
    func errorsInFileOrder() throws {
        // 40 chunks of 1,024 samples: several batches whatever the number of cores.
        let symbols = sample(geometric(5, ratio: 0.5), count: 40 * 1024, seed: 5)
        let table = try FrequencyTable(
            counts: FrequencyTable.histogram(of: symbols, alphabetSize: 5))
        let bytes = try CompressedFile.encode(symbols, table: table, chunkSize: 1024)
        var ends: [Int] = []
        var offset = try CompressedFile.decode(bytes).header.bytes.count
        for _ in 0..<40 {
            let length = Int(bytes[offset + 4]) | Int(bytes[offset + 5]) << 8
            offset += 8 + length + 4
            ends.append(offset)
        }
        /// The chunks a reader returns before its first error, and that error.
        func drain(_ file: [UInt8]) throws -> (chunks: [[UInt32]], error: EntropyCodingError?) {
            var reader = try CompressedFileReader(source: MemoryByteSource(file))
            var chunks: [[UInt32]] = []
            do {
                while let chunk = try reader.next() { chunks.append(chunk) }
            } catch {
                return (chunks, error)
            }
            return (chunks, nil)
        }
        func isPrefix(_ chunks: [[UInt32]]) -> Bool {
            chunks.indices.allSatisfy {
                chunks[$0] == Array(symbols[(1024 * $0)..<(1024 * $0 + 1024)])
            }
        }
        // Chunk 30 damaged and the file cut in chunk 39: chunk 30's error comes first.
        var damaged = Array(bytes[..<(ends[39] - 8)])
        damaged[ends[30] - 5] ^= 0x10
        let first = try drain(damaged)
        #expect(isPrefix(first.chunks) && first.chunks.count <= 30)
        guard case .chunkChecksumMismatch(let chunk, _, _)? = first.error else {
            Issue.record(
                "expected chunk 30's checksum error, got \(String(describing: first.error))")
            return
        }
        #expect(chunk == 30)
        // Only cut: every chunk of the batches before the cut's comes out (the cut was found
        // while that batch was read ahead), then the truncation. A batch is 2 × cores chunks,
        // at most 16.
        let batch = max(1, min(16, 2 * ProcessInfo.processInfo.activeProcessorCount))
        let cut = try drain(Array(bytes[..<(ends[39] - 8)]))
        #expect(isPrefix(cut.chunks) && cut.chunks.count == 39 / batch * batch)
        guard case .truncated? = cut.error else {
            Issue.record("expected a truncation, got \(String(describing: cut.error))")
            return
        }
    }

    @Test("swapped chunks and a chunk from another file fail their checksums")
    func chunksAreBoundToTheirPlace() throws {
        let symbols = [UInt32](repeating: 1, count: 20) + [UInt32](repeating: 0, count: 20)
        let table = try FrequencyTable(counts: [1, 1])
        let bytes = try CompressedFile.encode(symbols, table: table, chunkSize: 20)
        let header = try CompressedFile.decode(bytes).header
        let body = Array(bytes[header.bytes.count...])
        #expect(body.count % 2 == 0)
        let first = body[..<(body.count / 2)]
        let second = body[(body.count / 2)...]
        #expect(throws: EntropyCodingError.self) {
            try CompressedFile.decode(header.bytes + Array(second) + Array(first))
        }
        let other = try CompressedFile.encode(symbols, table: table, metadata: [1], chunkSize: 20)
        let otherHeader = try CompressedFile.decode(other).header
        #expect(throws: EntropyCodingError.self) {
            try CompressedFile.decode(otherHeader.bytes + body)
        }
    }

    @Test("random garbage and random damage never crash the reader")
    func randomInput() throws {
        let (bytes, _, _) = try smallFile()
        var rng = SplitMix64(seed: 17)
        for trial in 0..<2000 {
            var input: [UInt8]
            if trial % 2 == 0 {
                input = (0..<Int.random(in: 0...300, using: &rng)).map { _ in
                    UInt8.random(in: 0...255, using: &rng)
                }
                if trial % 4 == 0 { input = CompressedFileFormat.magic + [1, 0] + input }
            } else {
                input = bytes
                var positions = Set<Int>()
                for _ in 0..<Int.random(in: 1...8, using: &rng) {
                    positions.insert(Int.random(in: 0..<input.count, using: &rng))
                }
                for position in positions {
                    input[position] ^= UInt8.random(in: 1...255, using: &rng)
                }
            }
            #expect(throws: EntropyCodingError.self) { try CompressedFile.decode(input) }
        }
    }
}
