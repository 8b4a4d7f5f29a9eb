/// The outputs of one command, which appear together or not at all.
///
/// Each ``write(toPath:_:)`` stages one output through ``AtomicFileWriter`` (a complete
/// temporary file beside its destination); ``commit()`` renames them all at the end. If any
/// staging fails, every output staged before it is discarded and the error is rethrown, so
/// files that existed before the command stay untouched and no new one appears. Released
/// without ``commit()`` (a later step threw), the set discards what it holds.
///
/// The guarantee has two limits, both inherent to POSIX: the renames of ``commit()`` are atomic
/// one by one, not together (a rename fails only if the folder changed under the command);
/// and an output that is not a regular file (a device, a FIFO) is written when it is staged
/// and cannot be taken back.
///
/// ```swift
/// let outputs = OutputSet()
/// try outputs.write(Array(json.utf8), toPath: "q.json")
/// try outputs.write(Array(html.utf8), toPath: "r.html")
/// try outputs.commit()
/// ```
public final class OutputSet {
    /// Whether outputs are `fsync`ed (see ``AtomicFileWriter``).
    public let synchronize: Bool
    /// The outputs staged so far, in order.
    private var staged: [StagedOutput] = []

    /// An empty set.
    ///
    /// - Parameter synchronize: Whether to `fsync` every output and its folder.
    public init(synchronize: Bool = false) {
        self.synchronize = synchronize
    }

    deinit { discard() }

    /// The destinations staged so far, as the caller named them.
    public var paths: [String] { staged.map(\.path) }

    /// Stages one output written by `body`; on failure discards every output of the set.
    ///
    /// - Parameters:
    ///   - path: The destination.
    ///   - body: Writes the content; the sink is valid only during the call.
    /// - Returns: What `body` returns.
    /// - Throws: What ``AtomicFileWriter/stage(toPath:synchronize:_:)`` throws.
    /// - Complexity: O(1) besides `body` and the bytes it writes.
    @discardableResult
    public func write<Result>(toPath path: String, _ body: (FileByteSink) throws -> Result)
        throws -> Result
    {
        do {
            let (result, output) = try AtomicFileWriter.stage(
                toPath: path, synchronize: synchronize, body)
            staged.append(output)
            return result
        } catch {
            discard()
            throw error
        }
    }

    /// Stages `bytes` as the content of `path`; on failure discards every output of the set.
    ///
    /// - Parameters:
    ///   - bytes: The whole content.
    ///   - path: The destination.
    /// - Throws: ``EntropyCodingError/fileSystem(operation:path:code:)`` naming `path` (the
    ///   only error it throws).
    /// - Complexity: O(n) for n bytes.
    public func write(_ bytes: [UInt8], toPath path: String) throws {
        try write(toPath: path) { sink in try sink.write(bytes) }
    }

    /// Puts every staged output in place, in the order staged, and empties the set.
    ///
    /// - Throws: ``EntropyCodingError/fileSystem(operation:path:code:)`` for the first rename
    ///   that fails; the outputs after it are discarded (those before it are in place).
    /// - Complexity: O(k) system calls for k outputs.
    public func commit() throws(EntropyCodingError) {
        let outputs = staged
        staged = []
        for (index, output) in outputs.enumerated() {
            do throws(EntropyCodingError) {
                try output.commit()
            } catch {
                for later in outputs[(index + 1)...] { later.discard() }
                throw error
            }
        }
    }

    /// Removes every staged temporary file and empties the set.
    ///
    /// - Complexity: O(k) system calls for k outputs.
    public func discard() {
        for output in staged { output.discard() }
        staged = []
    }
}
