import Foundation
import Testing
import _TestSupport

/// The built `rdopt` executable, run as a user would run it.
///
/// How it is found: this test target depends on the `rdopt` executable target, so SwiftPM builds
/// `rdopt` into the same products folder as the test bundle (`.build/debug/`, or
/// `<scratch-path>/debug/` with `--scratch-path`). The candidates, in order:
/// 1. `$RDOPT_BINARY`, if set (to test another build);
/// 2. next to the running test executable, `dirname(CommandLine.arguments[0])/rdopt` (Linux runs
///    `rdoptPackageTests.xctest` from the products folder);
/// 3. next to a loaded `.xctest` bundle (macOS loads the bundle into `xctest`, so `arguments[0]` is
///    Xcode's runner and the bundle's folder is the products folder);
/// 4. `Bundle.main.bundleURL/rdopt`;
/// 5. from `#filePath`: `<repo>/.build/debug/rdopt`, then `<repo>/.build-*/debug/rdopt`.
enum Rdopt {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static let candidates: [URL] = {
        var urls: [URL] = []
        if let override = ProcessInfo.processInfo.environment["RDOPT_BINARY"], !override.isEmpty {
            urls.append(URL(fileURLWithPath: override))
        }
        if let first = CommandLine.arguments.first {
            urls.append(
                URL(fileURLWithPath: first).resolvingSymlinksInPath().deletingLastPathComponent()
                    .appendingPathComponent("rdopt"))
        }
        for bundle in Bundle.allBundles where bundle.bundleURL.pathExtension == "xctest" {
            urls.append(
                bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("rdopt"))
        }
        urls.append(Bundle.main.bundleURL.appendingPathComponent("rdopt"))
        urls.append(repositoryRoot.appendingPathComponent(".build/debug/rdopt"))
        let scratch =
            (try? FileManager.default.contentsOfDirectory(atPath: repositoryRoot.path)) ?? []
        for folder in scratch.sorted()
        where folder.hasPrefix(".build-") || folder.hasPrefix(".build_") {
            urls.append(repositoryRoot.appendingPathComponent("\(folder)/debug/rdopt"))
        }
        return urls
    }()

    /// The executable, or nil if none of the candidates exists.
    static let executable: URL? = candidates.first {
        FileManager.default.isExecutableFile(atPath: $0.path)
    }

    /// Runs `rdopt arguments…` in `folder` and waits for it.
    static func run(
        _ arguments: [String], in folder: ScratchFolder,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> ProcessRun {
        let executable = try #require(
            executable, "rdopt not found; looked at: \(candidates.map(\.path))",
            sourceLocation: sourceLocation)
        return try ProcessRun.run(executable, arguments, in: folder.url)
    }

    /// Runs `rdopt arguments…` in `folder` with its standard streams connected as given.
    static func run(
        _ arguments: [String], in folder: ScratchFolder, input: StreamConnection,
        output: StreamConnection = .captured, error: StreamConnection = .captured,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> ProcessRun {
        let executable = try #require(
            executable, "rdopt not found; looked at: \(candidates.map(\.path))",
            sourceLocation: sourceLocation)
        return try ProcessRun.run(
            executable, arguments, in: folder.url, input: input, output: output, error: error)
    }

    /// Parses `text` as exactly one JSON document (`JSONSerialization` rejects trailing text).
    static func jsonObject(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws
        -> [String: Any]
    {
        let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(
            value as? [String: Any], "not a JSON object: \(text.prefix(200))",
            sourceLocation: sourceLocation)
    }
}

/// Problem files shared by the CLI tests.
enum Problems {
    /// docs/formats.md's example: three points, a per-element tail class.
    static let example = """
        {
          "source": { "points": [-1.0, 0.0, 1.0], "probabilities": [0.25, 0.5, 0.25] },
          "codebook": [-1.0, 0.0, 1.0],
          "distortion": "squared-error",
          "target_distortion": 0.1,
          "fidelity": [ { "name": "tail", "members": [0, 2], "tolerance": 0.02,
                          "semantics": "per-element" } ],
          "gap_tolerance": 1e-9
        }
        """

    /// The same source at another target (a certificate of `example` does not fit it).
    static let otherTarget = """
        {"source": {"points": [-1.0, 0.0, 1.0], "probabilities": [0.25, 0.5, 0.25]},
         "codebook": [-1.0, 0.0, 1.0], "distortion": "squared-error", "target_distortion": 0.2}
        """

    /// Eight 2-D points, a class-average class, Hamming-free squared error.
    static let vector = """
        {"source": {"points": [[0,0],[0,1],[1,0],[1,1],[2,2],[2,1],[1,2],[0.5,0.5]],
                    "probabilities": [0.15,0.1,0.1,0.15,0.1,0.15,0.15,0.1]},
         "codebook": [[0,0],[1,1],[2,2],[0,1],[1,0]], "distortion": "squared-error", "target_distortion": 0.25,
         "fidelity": [{"name": "corner", "members": [0, 3, 4], "tolerance": 0.1, "semantics": "class-average"}]}
        """

    /// A matrix distortion without points, in slope mode.
    static let matrixSlope = """
        {"source": {"probabilities": [0.3, 0.3, 0.4]},
         "distortion": {"matrix": [[0, 1, 2], [1, 0, 1], [2, 1, 0]]}, "slope": 2.5}
        """
}
