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
        levels: LevelTables, chunkSize: Int, file: String
    ) throws(CompressionError) -> (CompressedFileHeader, [UInt32]) {
        var metadata = CompressionMetadata(
            layout: layout, dimension: 1, codebook: design.quantizer.codewords, provenance: nil)
        metadata.predictor = design.predictor
        if !coding.escapedValues.isEmpty { metadata.escapedValues = coding.escapedValues }
        let header: CompressedFileHeader
        do {
            header = try CompressedFileHeader(
                metadata: metadata.bytes(), tables: levels.tables,
                sampleCount: UInt64(coding.symbols.count), chunkSize: chunkSize)
        } catch {
            throw .container(file: file, error)
        }
        try SampleCompression.checkRoundTrip(of: metadata, in: header, file: file)
        return (header, coding.symbols)
    }

    /// The tables of the chunks' segments: one per interpolation level where that pays
    /// (``LevelTables``), else one.
    static func levelTables(
        design: PredictiveDesign, coding: PredictiveCoding, chunkSize: Int, file: String
    ) throws(CompressionError) -> LevelTables {
        do {
            guard let order = LevelTables.order(for: design.predictor) else {
                return try LevelTables(counts: coding.tableCounts)
            }
            return try LevelTables(
                symbols: coding.symbols, alphabetSize: coding.tableCounts.count,
                chunkSize: chunkSize, order: order)
        } catch {
            throw .container(file: file, error)
        }
    }

    /// The figures every compression reports (the size is filled in once written).
    static func figures(
        _ coding: PredictiveCoding, header: CompressedFileHeader, levels: LevelTables
    ) -> SampleCompression.Summary {
        let n = coding.symbols.count
        let e = Double(coding.escapedValues.count)
        let escapeBits = e > 0 ? 64 * e + e * -log2(e / Double(n)) : 0
        return SampleCompression.Summary(
            samples: n, bytes: 0, bitsPerSample: 0,
            entropyBits: levels.entropyBits,
            distortion: n > 0 ? coding.squaredErrorSum / Double(n) : 0,
            importantCount: coding.importantCount,
            importantMaxDistortion: coding.importantMaximumSquaredError,
            overheadBytes: header.fixedOverheadByteCount, headerBytes: header.bytes.count,
            escapedSamples: coding.escapedValues.count, escapeBits: escapeBits)
    }
}
