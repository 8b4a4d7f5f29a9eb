import EntropyCoding
import Foundation
import Testing
import _TestSupport

/// ``OutputSet`` and ``AtomicFileWriter/stage(toPath:synchronize:_:)``: staged outputs wait in
/// recognisable temporaries until committed, and a failure discards every one of them.
@Suite("Output sets")
struct OutputSetTests {
    @Test("a staged output waits in .NAME.rdopt-tmp-RANDOM until commit")
    func stagedOutputIsATemporary() throws {
        let folder = try ScratchFolder("output-set")
        let outputs = OutputSet()
        try outputs.write(Array("new".utf8), toPath: folder.path("a.txt"))
        let names = try folder.contents()
        #expect(names.count == 1)
        #expect(names.allSatisfy { $0.hasPrefix(".a.txt" + AtomicFileWriter.temporaryMarker) })
        #expect(names.allSatisfy { $0.count == ".a.txt".count + 11 + 6 })
        try outputs.commit()
        #expect(try folder.contents() == ["a.txt"])
        #expect(try folder.read("a.txt") == "new")
    }

    @Test("a failing output discards the others and leaves existing files untouched")
    func failureDiscardsEverything() throws {
        let folder = try ScratchFolder("output-set")
        try folder.write("a.txt", "old")
        let outputs = OutputSet()
        try outputs.write(Array("new".utf8), toPath: folder.path("a.txt"))
        try outputs.write(Array("new".utf8), toPath: folder.path("b.txt"))
        let missing = folder.path("missing/c.txt")
        #expect(
            throws: EntropyCodingError.fileSystem(
                operation: .createTemporary, path: missing, code: ENOENT)
        ) {
            try outputs.write(Array("new".utf8), toPath: missing)
        }
        try outputs.commit()
        #expect(try folder.contents() == ["a.txt"])
        #expect(try folder.read("a.txt") == "old")
    }

    @Test("an output set released without commit leaves nothing")
    func releasedSetDiscards() throws {
        let folder = try ScratchFolder("output-set")
        do {
            let outputs = OutputSet()
            try outputs.write(Array("new".utf8), toPath: folder.path("a.txt"))
        }
        #expect(try folder.contents().isEmpty)
    }

    @Test("a write error names the destination, not the temporary file")
    func errorsNameTheDestination() throws {
        let folder = try ScratchFolder("output-set")
        let path = folder.path("a.txt")
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try AtomicFileWriter.write(toPath: path) { sink in
                #expect(sink.path == path)
                throw Stop()
            }
        }
        #expect(try folder.contents().isEmpty)
    }
}
