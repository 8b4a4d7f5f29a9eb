import EntropyCoding
import Foundation
import RDInterchange

extension PredictivePlan {
    /// Refuses data prediction does not apply to: no samples, blocked signals, bounds out of
    /// range.
    static func check(_ samples: SampleSet, settings: PredictiveSettings, file: String)
        throws(CompressionError)
    {
        guard samples.count > 0 else {
            throw .design(file: file, reason: "there are no samples to design on")
        }
        guard samples.originalLength == nil, samples.layout.rowLength == samples.dimension else {
            throw .design(file: file, reason: "prediction does not apply to --block data")
        }
        for (name, value) in [
            ("--target-distortion", settings.targetDistortion),
            ("--max-error", settings.maximumError),
        ] {
            if let value, !(value.isFinite && value > 0) {
                throw .design(file: file, reason: "\(name) must be finite and > 0, not \(value)")
            }
        }
        if let t = settings.importantTolerance, !(t.isFinite && t >= 0) {
            throw .design(file: file, reason: "--tolerance must be finite and ≥ 0, not \(t)")
        }
        guard settings.targetDistortion != nil || settings.maximumError != nil else {
            throw .design(file: file, reason: "give --target-distortion or --max-error")
        }
    }

    /// The header of the file and the symbols to code.
    static func header(
        layout: SampleLayout, design: PredictiveDesign, coding: PredictiveCoding,
        segments: SegmentModel, chunkSize: Int, file: String
    ) throws(CompressionError) -> (CompressedFileHeader, [UInt32]) {
        var metadata = CompressionMetadata(
            layout: layout, dimension: 1, codebook: design.quantizer.codewords, provenance: nil)
        metadata.predictor = design.predictor
        metadata.activityContexts = segments.contexts
        metadata.latticeCodebook = true
        metadata.shortThresholds = true
        let escapes = coding.escapes
        if escapes.count > 0 {
            // Without a grid (no finite bound) every escape is exact: the plain field.
            if escapes.step > 0 {
                metadata.residualEscapes = escapes
            } else {
                metadata.escapedValues = escapes.exactValues
            }
        }
        let header: CompressedFileHeader
        do {
            header = try CompressedFileHeader(
                metadata: metadata.bytes(), tables: segments.tables,
                sampleCount: UInt64(coding.symbols.count), chunkSize: chunkSize, compact: true)
        } catch {
            throw .container(file: file, error)
        }
        try SampleCompression.checkRoundTrip(of: metadata, in: header, file: file)
        return (header, coding.symbols)
    }

    /// The tables of the chunks' segments: one per level group (interpolation's; one group
    /// for the other predictors) and activity bin where that pays (``ContextTables``,
    /// rearranging the coded symbols), else for interpolation one per level group where that
    /// pays (``LevelTables``), else one.
    static func segmentModel(
        design: PredictiveDesign, coding: inout PredictiveCoding, chunkSize: Int, file: String
    ) throws(CompressionError) -> SegmentModel {
        do {
            let alphabetSize = coding.tableCounts.count
            if let activities = coding.activities,
                let contexts = try ContextTables.make(
                    symbols: &coding.symbols, activities: activities, alphabetSize: alphabetSize,
                    chunkSize: chunkSize, order: ActivityContexts.order(for: design.predictor),
                    counts: coding.tableCounts)
            {
                return .contexts(contexts)
            }
            guard let order = LevelTables.order(for: design.predictor) else {
                return .levels(try LevelTables(counts: coding.tableCounts))
            }
            return .levels(
                try LevelTables(
                    symbols: coding.symbols, alphabetSize: alphabetSize, chunkSize: chunkSize,
                    order: order))
        } catch {
            throw .container(file: file, error)
        }
    }

    /// The figures every compression reports (the size is filled in once written).
    static func figures(
        _ coding: PredictiveCoding, header: CompressedFileHeader, segments: SegmentModel
    ) -> SampleCompression.Summary {
        let n = coding.symbols.count
        let e = Double(coding.escapes.count)
        let fieldBits = 8 * Double(coding.escapes.byteCount(float32: coding.float32))
        let escapeBits = e > 0 ? fieldBits + e * -log2(e / Double(n)) : 0
        return SampleCompression.Summary(
            samples: n, bytes: 0, bitsPerSample: 0,
            entropyBits: segments.entropyBits,
            distortion: n > 0 ? coding.squaredErrorSum / Double(n) : 0,
            importantCount: coding.importantCount,
            importantMaxDistortion: coding.importantMaximumSquaredError,
            overheadBytes: header.overheadByteCount(segments: segments.segments),
            headerBytes: header.bytes.count,
            escapedSamples: coding.escapes.count, escapeBits: escapeBits)
    }
}

/// How a predicted file's chunks are split into segments, each coded with its own table.
enum SegmentModel {
    /// One table, or one per interpolation level group.
    case levels(LevelTables)
    /// One per interpolation level group and activity bin.
    case contexts(ContextTables)

    var tables: [FrequencyTable] {
        switch self {
        case .levels(let levels): levels.tables
        case .contexts(let contexts): contexts.tables
        }
    }

    /// Bits per sample of the symbols under the tables' own statistics.
    var entropyBits: Double {
        switch self {
        case .levels(let levels): levels.entropyBits
        case .contexts(let contexts): contexts.entropyBits
        }
    }

    /// The activity contexts the decoder needs, when the symbols are split by activity.
    var contexts: ActivityContexts? {
        if case .contexts(let tables) = self { return tables.contexts }
        return nil
    }

    /// The segments' sample counts of chunk `chunk`, of `count` samples.
    func segments(chunk: Int, count: Int) -> [Int] {
        switch self {
        case .levels(let levels): levels.segments(ofChunk: count)
        case .contexts(let contexts): contexts.chunkSegments[chunk]
        }
    }
}
