import EntropyCoding

/// The output files of one command: every `--output`, `--certificate`, `--plot` or `--report`
/// is staged here and all of them are put in place together by ``commitOutputs()``, after the
/// last one was written completely (docs/cli.md, "Output files").
extension OutputSet {
    /// Stages `text` as the content of `path`; if it cannot be written, every output staged
    /// before is discarded too.
    ///
    /// - Parameters:
    ///   - text: The whole content, written as UTF-8.
    ///   - path: The destination.
    /// - Throws: ``CommandFailure`` (exit 1) naming `path`.
    /// - Complexity: O(n) for n bytes.
    func stage(_ text: String, to path: String) throws(CommandFailure) {
        do { try write(Array(text.utf8), toPath: path) } catch {
            throw CommandFailure.failure("\(error)")
        }
    }

    /// Puts every staged output in place.
    ///
    /// - Throws: ``CommandFailure`` (exit 1) naming the file that could not be renamed.
    /// - Complexity: O(k) system calls for k outputs.
    func commitOutputs() throws(CommandFailure) {
        do { try commit() } catch { throw CommandFailure.failure(error.description) }
    }
}
