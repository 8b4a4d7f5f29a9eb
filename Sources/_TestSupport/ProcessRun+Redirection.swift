import Foundation

/// Where a child's standard stream is connected, for tests of failing writes and of input
/// read from a pipe.
public enum StreamConnection: Sendable {
    /// Captured through a temporary file (standard output and error) or the null device
    /// (standard input), as ``ProcessRun/run(_:_:in:environment:)`` does.
    case captured
    /// The file at this path, opened for reading (standard input) or writing (a device such as
    /// `/dev/full`).
    case file(String)
    /// Standard input only: a pipe holding these bytes, its writing end closed (at most 64 KiB,
    /// the pipe's buffer).
    case pipe([UInt8])
    /// Standard output or error only: a pipe whose reading end is already closed, so every
    /// write fails with `EPIPE`.
    case closedPipe
}

extension ProcessRun {
    /// Runs `executable` with `arguments` in `directory`, its standard streams connected as
    /// given, and waits.
    ///
    /// - Parameters:
    ///   - executable: The program.
    ///   - arguments: Its arguments.
    ///   - directory: Its working folder.
    ///   - input: Standard input.
    ///   - output: Standard output (the result's `standardOutput` is empty unless captured).
    ///   - error: Standard error (the result's `standardError` is empty unless captured).
    /// - Returns: The exit status and the captured text.
    /// - Throws: If a file cannot be opened or the program cannot be started.
    public static func run(
        _ executable: URL, _ arguments: [String], in directory: URL? = nil,
        input: StreamConnection, output: StreamConnection = .captured,
        error: StreamConnection = .captured
    ) throws -> ProcessRun {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
            "process-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        process.standardInput = try handle(for: input, reading: true, scratch: nil)
        let outURL = scratch.appendingPathComponent("stdout")
        let errURL = scratch.appendingPathComponent("stderr")
        process.standardOutput = try handle(for: output, reading: false, scratch: outURL)
        process.standardError = try handle(for: error, reading: false, scratch: errURL)
        try process.run()
        process.waitUntilExit()
        return ProcessRun(
            status: process.terminationStatus,
            standardOutput: captured(outURL), standardError: captured(errURL))
    }

    /// The handle or pipe a stream is connected to.
    private static func handle(for connection: StreamConnection, reading: Bool, scratch: URL?)
        throws -> Any
    {
        switch connection {
        case .captured:
            guard let scratch else { return FileHandle.nullDevice }
            _ = FileManager.default.createFile(atPath: scratch.path, contents: nil)
            return try FileHandle(forWritingTo: scratch)
        case .file(let path):
            let handle =
                reading ? FileHandle(forReadingAtPath: path) : FileHandle(forWritingAtPath: path)
            guard let handle else { throw CocoaError(.fileNoSuchFile, userInfo: ["path": path]) }
            return handle
        case .pipe(let bytes):
            let pipe = Pipe()
            try pipe.fileHandleForWriting.write(contentsOf: bytes)
            try pipe.fileHandleForWriting.close()
            return pipe
        case .closedPipe:
            let pipe = Pipe()
            try pipe.fileHandleForReading.close()
            return pipe
        }
    }

    /// The text captured in `url`, or `""` when the stream was not captured there.
    private static func captured(_ url: URL) -> String {
        guard let data = FileManager.default.contents(atPath: url.path) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }
}
