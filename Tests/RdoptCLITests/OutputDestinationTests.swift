import Foundation
import Testing
import _TestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `rdopt` does to whatever is at an output path (docs/cli.md, "Output files"): devices
/// and FIFOs are written in place, symbolic links are followed, modes are kept.
@Suite("Output destinations")
struct OutputDestinationTests {
    /// A scratch folder holding the example problem as `p.json`.
    static func folderWithProblem() throws -> ScratchFolder {
        let folder = try ScratchFolder("rdopt-output")
        try folder.write("p.json", Problems.example)
        return folder
    }

    @Test(
        "a full device at --certificate is written in place: exit 1, ENOSPC named, node kept",
        .enabled(if: SpecialFiles.canMakeDeviceNodes, "mknod is not permitted (not root)"))
    func fullDeviceIsWrittenInPlace() throws {
        let folder = try Self.folderWithProblem()
        let full = try SpecialFiles.makeDevice("full", in: folder, device: SpecialFiles.fullDevice)
        let run = try Rdopt.run(
            ["solve", "p.json", "--certificate", "full", "--quiet"], in: folder)
        #expect(run.status == 1)
        #expect(run.standardError.contains("'full'"))
        #expect(run.standardError.contains("No space left on device"))
        #expect(SpecialFiles.fileType(full) == S_IFCHR)
        #expect(try folder.contents() == ["full", "p.json"])
    }

    @Test(
        "a null device at --output is written in place and stays a device",
        .enabled(if: SpecialFiles.canMakeDeviceNodes, "mknod is not permitted (not root)"))
    func nullDeviceStaysADevice() throws {
        let folder = try Self.folderWithProblem()
        let null = try SpecialFiles.makeDevice("null", in: folder, device: SpecialFiles.nullDevice)
        let run = try Rdopt.run(["solve", "p.json", "--output", "null", "--quiet"], in: folder)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(SpecialFiles.fileType(null) == S_IFCHR)
    }

    @Test("a FIFO at --certificate is written in place: its reader gets the certificate")
    func fifoIsWrittenInPlace() throws {
        let folder = try Self.folderWithProblem()
        let fifo = try SpecialFiles.makeFIFO("cert", in: folder)
        let reader = FIFOPeer.reader(fifo)
        let run = try Rdopt.run(
            ["solve", "p.json", "--certificate", "cert", "--quiet"], in: folder)
        let received = String(decoding: reader.finish(), as: UTF8.self)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(received.contains("\"rdopt-certificate\""))
        #expect(SpecialFiles.fileType(fifo) == S_IFIFO)
    }

    @Test("a symbolic link at --certificate is kept and its target replaced")
    func symbolicLinkIsFollowed() throws {
        let folder = try Self.folderWithProblem()
        try folder.write("target.json", "old")
        #expect(symlink("target.json", folder.path("link.json")) == 0)
        let run = try Rdopt.run(
            ["solve", "p.json", "--certificate", "link.json", "--quiet"], in: folder)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(SpecialFiles.fileType(folder.path("link.json")) == S_IFLNK)
        #expect(try folder.read("target.json").contains("\"rdopt-certificate\""))
        #expect(try folder.contents() == ["link.json", "p.json", "target.json"])
    }

    @Test("a dangling link creates its target; one into a missing folder is an error naming it")
    func danglingLinks() throws {
        let folder = try Self.folderWithProblem()
        #expect(symlink("made.json", folder.path("link.json")) == 0)
        #expect(symlink("missing/x.json", folder.path("lost.json")) == 0)
        let made = try Rdopt.run(
            ["solve", "p.json", "--certificate", "link.json", "--quiet"], in: folder)
        #expect(made.status == 0, "\(made.standardError)")
        #expect(SpecialFiles.fileType(folder.path("link.json")) == S_IFLNK)
        #expect(try folder.read("made.json").contains("\"rdopt-certificate\""))
        let lost = try Rdopt.run(
            ["solve", "p.json", "--certificate", "lost.json", "--quiet"], in: folder)
        #expect(lost.status == 1)
        #expect(lost.standardError.contains("'lost.json'"))
        #expect(SpecialFiles.fileType(folder.path("lost.json")) == S_IFLNK)
    }

    @Test("a 0600 file keeps mode 0600 when replaced")
    func replacedFileKeepsItsMode() throws {
        let folder = try Self.folderWithProblem()
        try folder.write("c.json", "old")
        #expect(chmod(folder.path("c.json"), 0o600) == 0)
        let run = try Rdopt.run(
            ["solve", "p.json", "--certificate", "c.json", "--quiet"], in: folder)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(SpecialFiles.permissions(folder.path("c.json")) == 0o600)
        #expect(try folder.read("c.json").contains("\"rdopt-certificate\""))
    }

    @Test("a new file gets 0666 less the umask (umask 027: 0640)")
    func newFileRespectsTheUmask() throws {
        let folder = try Self.folderWithProblem()
        let executable = try #require(Rdopt.executable)
        let run = try ProcessRun.run(
            URL(fileURLWithPath: "/bin/sh"),
            [
                "-c", "umask 027 && exec \"$0\" solve p.json --certificate c.json --quiet",
                executable.path,
            ],
            in: folder.url)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(SpecialFiles.permissions(folder.path("c.json")) == 0o640)
    }
}
