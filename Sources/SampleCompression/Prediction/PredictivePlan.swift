import EntropyCoding
import Foundation
import RDInterchange

/// Everything of a predicted compression but the writing: the design, the coded symbols, the
/// header; designed again with a lower target (at most twice) when the whole data's mean
/// squared error comes out above the target.
struct PredictivePlan {
    var header: CompressedFileHeader
    var symbols: [UInt32]
    var summary: PredictiveSummary

    init(_ samples: SampleSet, settings: PredictiveSettings, file: String)
        throws(CompressionError)
    {
        let clock = ContinuousClock.now
        try Self.check(samples, settings: settings, file: file)
        let layout = samples.layout
        let rowLength = layout.shape.count == 2 ? layout.rowLength : 1
        let chunkSize = rowLength * max(1, settings.chunkSize / rowLength)
        guard chunkSize <= 1 << 22 else {
            throw .design(file: file, reason: "rows of \(rowLength) values are too long to predict")
        }
        let flags = samples.isImportant.map { flags in
            flags.flatMap { [Bool](repeating: $0, count: samples.dimension) }
        }
        let result = samples.values.withUnsafeBufferPointer { values in
            (flags ?? []).withUnsafeBufferPointer { flagValues in
                Result { () throws(CompressionError) in
                    try Self.designAndCode(
                        PredictiveDesign.Input(
                            values: values, importance: flags == nil ? nil : flagValues,
                            rowLength: rowLength, roundsToFloat32: layout.valueType == .float32,
                            settings: settings, file: file), chunkSize: chunkSize)
                }
            }
        }
        let (design, coding, retries) = try result.get()
        let designed = Self.seconds(since: clock)
        (header, symbols) = try Self.header(
            layout: layout, design: design, coding: coding, chunkSize: chunkSize, file: file)
        summary = PredictiveSummary(
            summary: Self.figures(coding, header: header, design: design),
            design: design, maximumAbsoluteError: coding.maximumAbsoluteError,
            designSeconds: designed, codingSeconds: 0, retries: retries)
    }

    /// Designs, codes, and designs again with a lower target while the mean squared error of
    /// the whole data is above the target (at most twice).
    private static func designAndCode(_ input: PredictiveDesign.Input, chunkSize: Int)
        throws(CompressionError) -> (PredictiveDesign, PredictiveCoding, Int)
    {
        var input = input
        var retries = 0
        while true {
            let design = try PredictiveDesign.make(input)
            let coding = PredictiveCoding(
                values: input.values, importance: input.importance, predictor: design.predictor,
                encoder: input.encoder(design.quantizer), chunkSize: chunkSize)
            let mse = coding.squaredErrorSum / Double(input.values.count)
            guard let target = input.settings.targetDistortion, mse > target, retries < 2 else {
                return (design, coding, retries)
            }
            retries += 1
            input.targetScale *= 0.99 * target / mse
        }
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        SampleCompression.seconds(since: start)
    }

    /// Writes the header and the chunks.
    func write<Sink: ByteSink>(into sink: Sink) throws(EntropyCodingError) -> Sink {
        var writer = try CompressedFileWriter(
            sink: sink, table: header.table, metadata: header.metadata,
            sampleCount: header.sampleCount, chunkSize: header.chunkSize)
        try writer.write(symbols)
        return try writer.finish()
    }
}
