import EntropyCoding
import Foundation
import RDInterchange

/// Compression with closed-loop prediction and a residual quantiser designed on the spot
/// (`rdopt compress DATA --target-distortion D [--max-error E] …`).
extension SampleCompression {
    /// Designs and compresses `samples` into the bytes of a `.rdq` file.
    ///
    /// - Parameters:
    ///   - samples: The data: a 1-D signal, the rows of a 2-D array, or a field's values.
    ///   - settings: The bounds and the predictor.
    ///   - valueImportance: One flag per value (the important ones held to the settings'
    ///     tolerance), or nil for the settings' rule or the samples' own flags.
    ///   - file: The data's name, for messages.
    /// - Throws: ``CompressionError/design(file:reason:)`` for data or bounds that cannot be
    ///   designed for (or flags that are not one per value), or container errors.
    public static func compressPredicted(
        _ samples: SampleSet, settings: PredictiveSettings, valueImportance: [Bool]? = nil,
        file: String = "data"
    ) throws(CompressionError) -> (bytes: [UInt8], summary: PredictiveSummary) {
        let plan = try PredictivePlan.smallest(
            samples, settings: settings, file: file, valueImportance: valueImportance)
        do {
            var summary = plan.summary
            let bytes = try plan.write(into: MemoryByteSink()).bytes
            summary.summary = finished(summary.summary, byteCount: bytes.count)
            return (bytes, summary)
        } catch {
            throw .container(file: "memory", error)
        }
    }

    /// Designs and compresses `samples` into a `.rdq` file at `path`, atomically.
    ///
    /// - Parameters:
    ///   - samples: The data, read whole: a 1-D signal, or the rows of a 2-D array.
    ///   - settings: The bounds and the predictor.
    ///   - path: The destination.
    ///   - file: The data's name, for messages.
    ///   - outputs: When given, the file is staged in this set.
    /// - Throws: As ``compressPredicted(_:settings:valueImportance:file:)``, and
    ///   ``CompressionError/data(_:)`` when the file cannot be written.
    public static func compressPredicted(
        _ samples: SampleSet, settings: PredictiveSettings, toPath path: String,
        file: String = "data", stagingIn outputs: OutputSet? = nil
    ) throws(CompressionError) -> PredictiveSummary {
        let clock = ContinuousClock.now
        let plan = try PredictivePlan.smallest(
            samples, settings: settings, file: file, valueImportance: nil)
        let body = { (sink: FileByteSink) throws -> Int in
            try plan.write(into: CountingByteSink(base: sink)).byteCount
        }
        do {
            let byteCount =
                try outputs.map { try $0.write(toPath: path, body) }
                ?? AtomicFileWriter.write(toPath: path, body)
            var summary = plan.summary
            summary.summary = finished(summary.summary, byteCount: byteCount)
            summary.codingSeconds = Self.seconds(since: clock) - summary.designSeconds
            return summary
        } catch let error as EntropyCodingError {
            throw .container(file: path, error)
        } catch {
            throw .data(.unwritableFile(file: path, reason: "\(error)"))
        }
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }
}
