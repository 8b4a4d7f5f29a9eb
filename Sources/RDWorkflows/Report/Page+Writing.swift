import EntropyCoding
import Foundation
import RDInterchange
import RDPlot

extension HTMLReport {
    /// Writes `html()` to `url` atomically (a temporary file in the same folder, renamed).
    ///
    /// - Throws: `DataInputError.unwritableFile`.
    public func write(to url: URL) throws(DataInputError) {
        try AtomicFile.write(Array(html().utf8), to: url)
    }

    /// Stages `html()` as the content of `url` among a command's `outputs`.
    ///
    /// - Throws: `DataInputError.unwritableFile`; every output of the set is discarded then.
    public func write(to url: URL, in outputs: OutputSet) throws(DataInputError) {
        try AtomicFile.write(Array(html().utf8), to: url, in: outputs)
    }
}

extension Figure {
    /// Writes `svg()` to `url` atomically (for `rdopt curve --plot curve.svg`).
    ///
    /// - Throws: `DataInputError.unwritableFile`.
    public func write(to url: URL) throws(DataInputError) {
        try AtomicFile.write(Array(svg().utf8), to: url)
    }

    /// Stages `svg()` as the content of `url` among a command's `outputs`.
    ///
    /// - Throws: `DataInputError.unwritableFile`; every output of the set is discarded then.
    public func write(to url: URL, in outputs: OutputSet) throws(DataInputError) {
        try AtomicFile.write(Array(svg().utf8), to: url, in: outputs)
    }
}
