import EntropyCoding

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a whole input file with plain POSIX reads until the end, so that pipes, FIFOs,
/// `/dev/stdin` and devices work as well as regular files; `-` means standard input.
package enum InputFile {
    /// The name that stands for standard input.
    package static let standardInputName = "-"

    /// What ``bytes(atPath:maximum:)`` read, or how much it would have had to.
    package enum Contents {
        /// Every byte of the file.
        case complete([UInt8])
        /// The file holds more than the limit: `byteCount` bytes (a regular file's size), or
        /// at least that many (a stream, read no further).
        case tooLarge(byteCount: Int)
    }

    /// Every byte of the file at `path` (`-`: standard input).
    ///
    /// A regular file is read into a buffer of its size; anything else grows its buffer until
    /// the writer closes its end.
    ///
    /// - Parameter path: The file, as the user gave it.
    /// - Returns: The bytes.
    /// - Throws: `DataInputError.unreadableFile` with the system's reason.
    /// - Complexity: O(n) for n bytes.
    package static func bytes(atPath path: String) throws(DataInputError) -> [UInt8] {
        switch try bytes(atPath: path, maximum: .max) {
        case .complete(let bytes): return bytes
        case .tooLarge(let count):
            throw .unreadableFile(file: path, reason: "larger than memory allows (\(count) bytes)")
        }
    }

    /// Every byte of the file at `path`, unless it holds more than `maximum`: a regular
    /// file's size is checked before anything is read, a stream is read no further than
    /// `maximum + 1` bytes.
    ///
    /// - Throws: `DataInputError.unreadableFile` with the system's reason.
    /// - Complexity: O(min(n, maximum)) for n bytes.
    package static func bytes(atPath path: String, maximum: Int) throws(DataInputError)
        -> Contents
    {
        let source = try Self.source(atPath: path)
        do throws(EntropyCodingError) {
            if let size = source.remainingByteCount, size > maximum {
                return .tooLarge(byteCount: size)
            }
            var bytes: [UInt8] = []
            bytes.reserveCapacity((source.remainingByteCount ?? 0) + 1)
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                var failure: EntropyCodingError? = nil
                let count = chunk.withUnsafeMutableBytes { buffer -> Int in
                    do throws(EntropyCodingError) { return try source.read(into: buffer) } catch {
                        failure = error
                        return 0
                    }
                }
                if let failure { throw failure }
                if count == 0 { break }
                bytes.append(contentsOf: chunk[..<count])
                if bytes.count > maximum { return .tooLarge(byteCount: bytes.count) }
            }
            return .complete(bytes)
        } catch {
            throw unreadable(path, error)
        }
    }

    /// The file at `path` (`-`: standard input) opened for reading to its end.
    ///
    /// - Throws: `DataInputError.unreadableFile` with the system's reason.
    package static func source(atPath path: String) throws(DataInputError) -> FileByteSource {
        do throws(EntropyCodingError) {
            return path == standardInputName
                ? try FileByteSource(duplicating: STDIN_FILENO, path: path)
                : try FileByteSource(path: path)
        } catch {
            throw unreadable(path, error)
        }
    }

    /// A failure to read `path`, in the words of the other messages.
    static func unreadable(_ path: String, _ error: EntropyCodingError) -> DataInputError {
        guard case .fileSystem(_, _, let code) = error else {
            return .unreadableFile(file: path, reason: error.description)
        }
        return .unreadableFile(file: path, reason: reason(code))
    }

    /// The system's words for `errno` value `code`, lower-case as in the other messages.
    private static func reason(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        let message = String(cString: text)
        return message.prefix(1).lowercased() + message.dropFirst()
    }
}
