import ArgumentParser
import Foundation
import RDInterchange

extension DataFormat: ExpressibleByArgument {}

/// `-` as a data path: standard input for `compress`'s data and `decompress`'s file, standard
/// output for their `--output`; the data format then comes from `--format`.
enum StreamPaths {
    /// The name that stands for standard input or output.
    static let standard = "-"

    /// The path an output is written to: `/dev/stdout` for `-` (written in place, see
    /// docs/cli.md, "Output files").
    static func output(_ path: String) -> String {
        path == standard ? "/dev/stdout" : path
    }

    /// The format of the data at `path`: `format` when given, else the path's extension.
    ///
    /// - Throws: ``CommandFailure`` (exit 2) for `-` without `--format`, or an extension that
    ///   names no format.
    static func format(of path: String, given format: DataFormat?) throws -> DataFormat {
        if let format { return format }
        guard path != standard else {
            throw CommandFailure.badInput(
                "standard input and output have no extension; give --format (csv, npy, f64 or f32)")
        }
        do { return try DataFormat(of: URL(fileURLWithPath: path)) } catch {
            throw CommandFailure.badInput("\(error)")
        }
    }

    /// The name of a data path in messages: `-` as given, else the absolute path.
    static func name(of path: String) -> String {
        path == standard ? path : URL(fileURLWithPath: path).path
    }
}
