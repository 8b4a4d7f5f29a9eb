import EntropyCoding
import Foundation
import Testing
import _TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A source that does not know its length and hands out at most a few bytes per read, like
/// a pipe.
private struct TrickleSource: ByteSource {
    var bytes: [UInt8]
    var offset = 0
    let step: Int

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(EntropyCodingError) -> Int
    {
        let count = min(buffer.count, step, bytes.count - offset)
        for index in 0..<count { buffer[index] = bytes[offset + index] }
        offset += count
        return count
    }

    var remainingByteCount: Int? { nil }
}

private struct Interrupted: Error, Equatable {}

@Suite("Byte streams and atomic files")
struct ByteStreamTests {
    @Test("a reader on a stream of unknown length decodes, and rejects every truncation")
    func streamOfUnknownLength() throws {
        let symbols = sample(geometric(6, ratio: 0.6), count: 3000, seed: 12)
        let table = try FrequencyTable(
            counts: FrequencyTable.histogram(of: symbols, alphabetSize: 6))
        let bytes = try CompressedFile.encode(
            symbols, table: table, metadata: [7, 7], chunkSize: 1024)
        var reader = try CompressedFileReader(source: TrickleSource(bytes: bytes, step: 7))
        #expect(try reader.readAll() == symbols)
        for length in stride(from: 0, to: bytes.count, by: 3) {
            #expect(throws: EntropyCodingError.self, "length \(length)") {
                var reader = try CompressedFileReader(
                    source: TrickleSource(bytes: Array(bytes[..<length]), step: 5))
                _ = try reader.readAll()
            }
        }
        #expect(throws: EntropyCodingError.trailingData(byteCount: 1)) {
            var reader = try CompressedFileReader(
                source: TrickleSource(bytes: bytes + [1, 2], step: 64))
            _ = try reader.readAll()
        }
    }

    @Test("an atomic write keeps the old file when the body throws, and returns the body's value")
    func atomicWrite() throws {
        let scratch = try ScratchFolder("rdq-atomic")
        let folder = scratch.url.path
        let path = folder + "/result.csv"
        let value = try AtomicFileWriter.write(toPath: path) { sink in
            try sink.write(Array("1,2,3\n".utf8))
            return 42
        }
        #expect(value == 42)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "1,2,3\n")
        #expect(throws: Interrupted()) {
            try AtomicFileWriter.write(toPath: path) { sink in
                try sink.write([UInt8](repeating: 65, count: 3 << 20))  // past the buffer
                throw Interrupted()
            }
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "1,2,3\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["result.csv"])
    }

    @Test(
        "replacing a file leaves the new bytes, the old mode, no temporary file, and other links alone"
    )
    func replacementByExchange() throws {
        let scratch = try ScratchFolder("rdq-replace")
        let folder = scratch.url.path
        let path = folder + "/result.f64"
        let link = folder + "/other-name.f64"
        #expect(FileManager.default.createFile(atPath: path, contents: Data("old".utf8)))
        #expect(chmod(path, 0o600) == 0)
        #expect(Glibc.link(path, link) == 0)
        let bytes = [UInt8](repeating: 7, count: 3 << 20)
        try AtomicFileWriter.write(toPath: path) { sink in try sink.write(bytes) }
        #expect(FileManager.default.contents(atPath: path) == Data(bytes))
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        // The other name still holds the old file: the new one took only this name.
        #expect(FileManager.default.contents(atPath: link) == Data("old".utf8))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
                == ["other-name.f64", "result.f64"])
    }

    @Test("file errors name the operation and the path")
    func fileErrors() {
        #expect(
            throws: EntropyCodingError.fileSystem(
                operation: .open, path: "/nonexistent/x.rdq", code: ENOENT)
        ) {
            try FileByteSource(path: "/nonexistent/x.rdq")
        }
        let message = EntropyCodingError.fileSystem(
            operation: .open, path: "/nonexistent/x.rdq", code: ENOENT
        ).description
        #expect(message.contains("/nonexistent/x.rdq") && message.contains("No such file"))
    }
}
