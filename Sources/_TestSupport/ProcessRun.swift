import Foundation

/// The outcome of running a program to completion.
public struct ProcessRun: Sendable {
    /// The exit status (or the terminating signal's number if it was killed).
    public var status: Int32
    /// Everything written to standard output, as UTF-8.
    public var standardOutput: String
    /// Everything written to standard error, as UTF-8.
    public var standardError: String

    /// Runs `executable` with `arguments` in `directory`, with no standard input, and waits.
    ///
    /// Output goes through temporary files rather than pipes, so a chatty child can never block
    /// on a full pipe while the parent waits for it.
    /// - Throws: if the program cannot be started.
    public static func run(
        _ executable: URL, _ arguments: [String], in directory: URL? = nil,
        environment: [String: String]? = nil
    ) throws -> ProcessRun {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
            "process-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout")
        let errURL = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if let environment { process.environment = environment }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return ProcessRun(
            status: process.terminationStatus,
            standardOutput: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
            standardError: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }
}
